/**
 * Regenerates mock/data/foreign-trust-snapshot.json, the DEMO snapshot of the
 * foreign trust anchors the mock re-signs with the DEMO national root:
 *  - EU DCC document signer certificates: every distinct certificate of the
 *    dgc-testdata vectors (test/fixtures/dgc-testdata, Apache-2.0) whose
 *    signature is expected to verify, keyed by HCERT kid, country from the
 *    vector's folder (the issuer's C= for the `common` folder);
 *  - the VCI directory, as the SMART Health Cards example issuer
 *    (test/fixtures/shc-examples, CC-BY 4.0 / MIT).
 *
 *   node --import tsx scripts/foreign-trust-snapshot.ts
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { base64Decode, base64Encode } from '../src/core/foreign/euDcc'
import type { ForeignDsc, ForeignIssuer } from '../src/core/foreign/trust'
import { hcertKid, parseCertificate } from '../src/core/foreign/x509'

const ROOT = path.join(__dirname, '..')
const DGC = path.join(ROOT, 'test/fixtures/dgc-testdata')

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f)
    return statSync(p).isDirectory() ? walk(p) : f.endsWith('.json') ? [p] : []
  })
}

const dsc = new Map<string, ForeignDsc>()
for (const f of walk(DGC).sort()) {
  const v = JSON.parse(readFileSync(f, 'utf8'))
  const b64 = v?.TESTCTX?.CERTIFICATE
  if (v?.EXPECTEDRESULTS?.EXPECTEDVERIFY !== true || typeof b64 !== 'string') continue
  let der: Uint8Array
  let country: string
  try {
    der = base64Decode(b64.replace(/\s+/g, ''))
    const folder = path.relative(DGC, f).split(path.sep)[0]
    country = /^[A-Z]{2}$/.test(folder) ? folder : (parseCertificate(der).country ?? '')
  } catch {
    continue
  }
  if (!/^[A-Z]{2}$/.test(country)) continue
  const kid = base64Encode(hcertKid(der))
  if (!dsc.has(kid)) dsc.set(kid, { kid, country, cert: base64Encode(der) })
}

const jwks = JSON.parse(
  readFileSync(path.join(ROOT, 'test/fixtures/shc-examples/examples/issuer/.well-known/jwks.json'), 'utf8'),
) as { keys: Array<{ kid: string; kty: string; crv: string; x: string; y: string }> }
const issuers: ForeignIssuer[] = [
  {
    iss: 'https://spec.smarthealth.cards/examples/issuer',
    name: 'SMART Health Card example issuer (DEMO)',
    country: 'US',
    keys: jwks.keys
      .filter((k) => k.kty === 'EC' && k.crv === 'P-256')
      .map((k) => ({ kid: k.kid, kty: 'EC', crv: 'P-256', x: k.x, y: k.y })),
  },
]

const out = path.join(ROOT, 'mock/data/foreign-trust-snapshot.json')
writeFileSync(out, `${JSON.stringify({ dsc: [...dsc.values()], issuers }, null, 1)}\n`)
console.log(`wrote ${path.relative(ROOT, out)}: ${dsc.size} DSCs, ${issuers.length} SHC issuer(s)`)
