/**
 * `node --import tsx scripts/check-secrets.ts [dist/weapp dist/alipay dist/h5]`:
 * fails (exit 1) when any DEMO secret, private key or key-derivation label the
 * servers hold (mock/secrets.ts) appears in a built bundle, or when a named
 * directory does not exist. Prints the file and the secret's name, never its value.
 */
import fs from 'node:fs'
import path from 'node:path'
import { bundleSecrets } from '../mock/secrets'
import { scanForSecrets } from './secretScan'

const root = path.resolve(__dirname, '..')
const args = process.argv.slice(2)
const dirs = (args.length ? args : ['dist/weapp', 'dist/alipay', 'dist/h5']).map((d) => path.resolve(root, d))
const missing = dirs.filter((d) => !fs.existsSync(d))
if (missing.length) {
  console.error(`check-secrets: no build at ${missing.map((d) => path.relative(root, d)).join(', ')}`)
  process.exit(1)
}
const secrets = bundleSecrets()
const found = scanForSecrets(dirs, secrets)
for (const f of found) console.error(`✗ ${path.relative(root, f.file)} contains the ${f.secret}`)
console.log(
  `check-secrets: ${secrets.length} secret forms in ${dirs.map((d) => path.relative(root, d)).join(', ')}: ${found.length ? `${found.length} found` : 'none found'}`,
)
process.exit(found.length ? 1 : 0)
