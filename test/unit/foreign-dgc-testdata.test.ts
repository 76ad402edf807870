/**
 * The EU DCC test corpus (test/fixtures/dgc-testdata, copied unchanged): every
 * vector's expected results that this verifier covers, by category. Counts per
 * category are printed; categories not covered are listed with the reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { cborDecode, cborToJson } from '../../src/core/foreign/cbor'
import {
  b45decode,
  base64Decode,
  checkCwtTimes,
  decodeHcert,
  decompress,
  keyUsageAllows,
  parseCose,
  parseCwt,
  unprefix,
  verifyCose,
} from '../../src/core/foreign/euDcc'
import { parseCertificate } from '../../src/core/foreign/x509'

const ROOT = join(__dirname, '../fixtures/dgc-testdata')

interface Vector {
  file: string
  JSON?: unknown
  CBOR?: string
  COSE?: string
  COMPRESSED?: string
  BASE45?: string
  PREFIX?: string
  '2DCODE'?: string
  TESTCTX?: { CERTIFICATE?: string; VALIDATIONCLOCK?: string; DESCRIPTION?: string }
  EXPECTEDRESULTS: Record<string, boolean>
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? walk(p) : f.endsWith('.json') ? [p] : []
  })
}

const files = walk(ROOT)
const vectors: Vector[] = []
const notVectors: string[] = []
for (const f of files) {
  const j = JSON.parse(readFileSync(f, 'utf8'))
  if (j && typeof j.EXPECTEDRESULTS === 'object') vectors.push({ ...j, file: relative(ROOT, f) })
  else notVectors.push(relative(ROOT, f))
}

const hex = (s: string): Uint8Array => Uint8Array.from((s.match(/../g) ?? []).map((h) => Number.parseInt(h, 16)))
const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i])
/** Order-insensitive JSON equality (README note 3); date-times compare as instants (`Z` = `+00:00`). */
const canon = (x: unknown): string =>
  JSON.stringify(x, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && Number.isFinite(Date.parse(v))
        ? new Date(Date.parse(v)).toISOString()
        : v,
  )
const ok = (f: () => boolean): boolean => {
  try {
    return f()
  } catch {
    return false
  }
}
const cert = (v: Vector) => parseCertificate(base64Decode(v.TESTCTX?.CERTIFICATE ?? ''))
const cwtOf = (v: Vector) => parseCwt(parseCose(hex(v.COSE ?? '')).payload)

/** What this verifier computes for each covered category: true when the step succeeds. */
const checks: Record<string, (v: Vector) => boolean> = {
  EXPECTEDUNPREFIX: (v) => ok(() => unprefix(v.PREFIX ?? '') === v.BASE45),
  EXPECTEDB45DECODE: (v) => ok(() => same(b45decode(v.BASE45 ?? ''), hex(v.COMPRESSED ?? ''))),
  EXPECTEDCOMPRESSION: (v) => ok(() => same(decompress(hex(v.COMPRESSED ?? '')), hex(v.COSE ?? ''))),
  EXPECTEDDECODE: (v) =>
    ok(() => {
      const fromCose = canon(cwtOf(v).dgc)
      if (fromCose !== canon(v.JSON)) return false
      if (v.CBOR === undefined) return true
      // The CBOR field holds the payload in most vectors, the whole CWT in some.
      const raw = cborToJson(cborDecode(hex(v.CBOR))) as Record<string, Record<string, unknown>>
      return canon(raw) === fromCose || canon(raw?.['-260']?.['1']) === fromCose
    }),
  EXPECTEDVERIFY: (v) => ok(() => verifyCose(parseCose(hex(v.COSE ?? '')), cert(v)) && !!cwtOf(v)),
  EXPECTEDEXPIRATIONCHECK: (v) =>
    ok(() => {
      checkCwtTimes(cwtOf(v), Date.parse(v.TESTCTX?.VALIDATIONCLOCK ?? ''))
      return true
    }),
  EXPECTEDVALIDJSON: (v) => ok(() => canon(decodeHcert(v.PREFIX ?? '').cwt.dgc) === canon(v.JSON)),
  EXPECTEDKEYUSAGE: (v) => ok(() => keyUsageAllows(cert(v), cwtOf(v).dgc)),
}

/**
 * Vectors whose JSON is not what their COSE signs (checked by hand): the
 * verifier decodes them, and the comparison with the JSON fails as it must.
 */
const CORPUS_DEFECTS: Record<string, string> = {
  'FR/2DCode/raw/test_pcr_ok.json':
    'JSON says sc 12:34:56Z and dr 12:45:01Z; the signed payload says 14:34:56Z and 14:45:01Z',
  'PL/1.3.0/2DCode/raw/1.json':
    'JSON names another person (Akdi Omar, born 1974-06-10) than the signed payload (Rogaliński-Król)',
  'PL/1.3.0/2DCode/raw/5.json': 'JSON names another person ("ik ben ben") than the signed payload (Rogaliński-Król)',
}
const DEFECT_CATEGORIES = new Set(['EXPECTEDDECODE', 'EXPECTEDVALIDJSON'])

/** The inputs each category reads (README "Code Validation" table); a vector lacking one cannot be run for it. */
const NEEDS: Record<string, Array<keyof Vector>> = {
  EXPECTEDUNPREFIX: ['PREFIX', 'BASE45'],
  EXPECTEDB45DECODE: ['BASE45', 'COMPRESSED'],
  EXPECTEDCOMPRESSION: ['COMPRESSED', 'COSE'],
  EXPECTEDDECODE: ['COSE', 'JSON'],
  EXPECTEDVERIFY: ['COSE'],
  EXPECTEDEXPIRATIONCHECK: ['COSE'],
  EXPECTEDVALIDJSON: ['PREFIX', 'JSON'],
  EXPECTEDKEYUSAGE: ['COSE'],
}

/** Categories in the corpus this verifier does not run, and why. */
const NOT_COVERED: Record<string, string> = {
  EXPECTEDPICTUREDECODE:
    'PNG → QR text: the app reads QR codes through the platform scanner (camera); this unit suite has no PNG decoder',
  EXPECTEDSCHEMAVALIDATION:
    'JSON-schema validation of the payload: the app has no JSON-schema validator (ajv compiles with new Function, which mini-programs forbid); the verifier reads only the fields it maps and refuses those it cannot read',
  EXPECTEDENCODE: 'issuing side (JSON → CBOR encoding): this app only reads certificates',
  EXPECTEDVALIDOBJECT: 'issuing side (the generator checks its JSON input against the schema)',
  EXPTECTEDEXPIRED: 'not a category of the corpus README (misspelt key in a few vectors)',
  EXPECTEDRESULTS: 'not a category of the corpus README (nested by mistake in a few vectors)',
}

const tally: Record<
  string,
  { pass: number; fail: string[]; expectTrue: number; expectFalse: number; missingInput: number; defects: string[] }
> = {}
for (const v of vectors) {
  for (const [cat, expected] of Object.entries(v.EXPECTEDRESULTS)) {
    if (typeof expected !== 'boolean') continue
    const check = checks[cat]
    if (!check) continue
    tally[cat] ??= { pass: 0, fail: [], expectTrue: 0, expectFalse: 0, missingInput: 0, defects: [] }
    const t = tally[cat]
    if (NEEDS[cat].some((k) => v[k] === undefined || v[k] === '')) {
      t.missingInput++
      continue
    }
    if (expected) t.expectTrue++
    else t.expectFalse++
    const got = check(v)
    if (DEFECT_CATEGORIES.has(cat) && CORPUS_DEFECTS[v.file]) {
      if (got) t.fail.push(`${v.file}: listed as a corpus defect but now matches; remove it from CORPUS_DEFECTS`)
      else t.defects.push(v.file)
      continue
    }
    if (got === expected) t.pass++
    else t.fail.push(`${v.file} (expected ${expected}: ${v.TESTCTX?.DESCRIPTION ?? ''})`)
  }
}

afterAll(() => {
  const seen = new Set(vectors.flatMap((v) => Object.keys(v.EXPECTEDRESULTS)))
  const lines = [
    `dgc-testdata: ${vectors.length} vectors in ${files.length} JSON files (not vectors: ${notVectors.join(', ') || 'none'})`,
    ...Object.entries(tally).map(
      ([cat, t]) =>
        `  ${cat.padEnd(26)} ${t.pass}/${t.expectTrue + t.expectFalse} as expected (expected true ${t.expectTrue}, false ${t.expectFalse}; ${t.missingInput} lack the inputs; ${t.defects.length} corpus defects)${t.fail.length ? `\n      differ: ${t.fail.slice(0, 6).join('\n      ')}` : ''}`,
    ),
    '  corpus defects (JSON is not what the COSE signs):',
    ...Object.entries(CORPUS_DEFECTS).map(([f, why]) => `    ${f}: ${why}`),
    '  not covered:',
    ...[...seen].filter((c) => !checks[c]).map((c) => `    ${c}: ${NOT_COVERED[c] ?? 'unknown category'}`),
  ]
  console.log(lines.join('\n'))
})

describe('dgc-testdata corpus', () => {
  it('finds the corpus', () => {
    expect(vectors.length).toBeGreaterThan(500)
  })
  it.each(Object.keys(checks))('%s: every vector gives its expected result', (cat) => {
    const t = tally[cat]
    expect(t).toBeDefined()
    expect(t.fail).toEqual([])
  })
  it('decodes and verifies every corpus-defect vector (only its JSON differs)', () => {
    for (const f of Object.keys(CORPUS_DEFECTS)) {
      const v = vectors.find((x) => x.file === f)
      expect(v).toBeDefined()
      expect(() => decodeHcert(v?.PREFIX ?? '')).not.toThrow()
    }
  })
  it('names a reason for every category it does not cover', () => {
    const seen = new Set(vectors.flatMap((v) => Object.keys(v.EXPECTEDRESULTS)))
    expect([...seen].filter((c) => !checks[c] && !NOT_COVERED[c])).toEqual([])
  })
})
