/**
 * Scans built output for secrets: every file under each directory, as text
 * (latin1, so any byte sequence is searched), for each secret's value.
 * Used by `scripts/check-secrets.ts` (the `npm test` step) and its unit test.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface SecretFinding {
  file: string
  secret: string
}

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* files(p)
    else if (entry.isFile()) yield p
  }
}

/** Every (file, secret name) where the secret's value occurs; `[]` when clean. */
export function scanForSecrets(
  dirs: readonly string[],
  secrets: ReadonlyArray<{ name: string; value: string }>,
): SecretFinding[] {
  const found: SecretFinding[] = []
  const wanted = secrets.filter((s) => s.value.length >= 8)
  if (wanted.length !== secrets.length) throw new Error('a secret shorter than 8 characters cannot be scanned for')
  for (const dir of dirs) {
    for (const file of files(dir)) {
      const text = fs.readFileSync(file).toString('latin1')
      for (const s of wanted) if (text.includes(s.value)) found.push({ file, secret: s.name })
    }
  }
  return found
}
