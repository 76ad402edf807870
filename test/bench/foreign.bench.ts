/**
 * Foreign certificates (issue 17): the size of the on-demand verifier module
 * (src/core/foreign/index.ts bundled alone by esbuild, minified, gzip -9),
 * and verify times per certificate type as ratios to a bare Ed25519 verify
 * measured in the same run.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { generateKeyPair, sign, verify } from '../../src/core/ed25519'
import { base64Decode, base64Encode, parseCose, verifyCose } from '../../src/core/foreign/euDcc'
import { verifyForeign } from '../../src/core/foreign/index'
import type { ForeignTrustList } from '../../src/core/foreign/trust'
import { hcertKid, parseCertificate } from '../../src/core/foreign/x509'
import { ROOT } from './sizes'
import type { BenchRow } from './types'
import { measureTogether } from './verify'

const FIX = path.join(ROOT, 'test/fixtures')

async function bundle(externalNoble: boolean): Promise<{ bytes: number; gzipBytes: number }> {
  const esbuild = await import('esbuild')
  const r = await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/core/foreign/index.ts')],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    target: 'es2020',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    external: externalNoble ? ['@noble/*', 'valibot'] : [],
  })
  const code = r.outputFiles[0].contents
  return { bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length }
}

/** Bytes and gzip bytes of the built on-demand code: the weapp `foreign` subpackage's JS, the H5 `foreign` chunk. */
function built(): BenchRow[] {
  const sum = (files: string[]) => {
    const bufs = files.map((f) => readFileSync(f))
    return {
      bytes: bufs.reduce((n, b) => n + b.length, 0),
      gzipBytes: bufs.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
    }
  }
  const rows: BenchRow[] = []
  // The verifier ships in the guard's (independent) subpackage on weapp: the row is that whole package.
  const sub = path.join(ROOT, 'dist/weapp/pages/guard')
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((f) => {
      const p = path.join(d, f)
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.js') ? [p] : []
    })
  if (existsSync(sub)) {
    const s = sum(walk(sub))
    rows.push(
      {
        name: 'size.weapp.guard-subpackage JS incl. foreign verifier (min)',
        value: s.bytes,
        unit: 'B',
        note: 'dist/weapp/pages/guard',
      },
      { name: 'size.weapp.guard-subpackage JS incl. foreign verifier (gzip)', value: s.gzipBytes, unit: 'B' },
    )
  } else rows.push({ name: 'size.weapp.guard-subpackage', value: Number.NaN, unit: 'B', note: 'no dist/weapp build' })
  const js = path.join(ROOT, 'dist/h5/js')
  const chunk = existsSync(js) ? readdirSync(js).filter((f) => /^foreign\.[0-9a-f]+\.js$/.test(f)) : []
  if (chunk.length) {
    const s = sum(chunk.map((f) => path.join(js, f)))
    rows.push(
      { name: 'size.h5.foreign-chunk (min)', value: s.bytes, unit: 'B', note: 'dist/h5/js/foreign.*.js' },
      { name: 'size.h5.foreign-chunk (gzip)', value: s.gzipBytes, unit: 'B' },
    )
  } else rows.push({ name: 'size.h5.foreign-chunk', value: Number.NaN, unit: 'B', note: 'no dist/h5 build' })
  return rows
}

export async function benchForeign(): Promise<BenchRow[]> {
  const rows: BenchRow[] = built()
  const all = await bundle(false)
  const own = await bundle(true)
  rows.push(
    {
      name: 'size.foreign.on-demand (min)',
      value: all.bytes,
      unit: 'B',
      note: 'src/core/foreign with fflate, @noble, valibot',
    },
    { name: 'size.foreign.on-demand (gzip)', value: all.gzipBytes, unit: 'B' },
    {
      name: 'size.foreign.added (min)',
      value: own.bytes,
      unit: 'B',
      note: 'own code + fflate only (@noble, valibot left out); the built rows above are what ships',
    },
    { name: 'size.foreign.added (gzip)', value: own.gzipBytes, unit: 'B' },
  )

  const vec = (f: string) => JSON.parse(readFileSync(path.join(FIX, 'dgc-testdata', f), 'utf8'))
  const at = vec('AT/2DCode/raw/1.json')
  const is = vec('IS/2DCode/raw/3.json')
  const jwks = JSON.parse(readFileSync(path.join(FIX, 'shc-examples/examples/issuer/.well-known/jwks.json'), 'utf8'))
  const trust: ForeignTrustList = {
    version: 1,
    issuedAt: 0,
    dsc: [at].map((v) => {
      const der = base64Decode(v.TESTCTX.CERTIFICATE)
      return { kid: base64Encode(hcertKid(der)), country: 'AT', cert: v.TESTCTX.CERTIFICATE }
    }),
    issuers: [
      {
        iss: 'https://spec.smarthealth.cards/examples/issuer',
        name: 'example',
        country: 'US',
        keys: jwks.keys.map((k: { kid: string; x: string; y: string }) => ({
          kid: k.kid,
          kty: 'EC',
          crv: 'P-256',
          x: k.x,
          y: k.y,
        })),
      },
    ],
    revoked: [],
  }
  const shc = readFileSync(
    path.join(FIX, 'shc-examples/examples/example-00-f-qr-code-numeric-value-0.txt'),
    'utf8',
  ).trim()
  const atClock = Date.parse(at.TESTCTX.VALIDATIONCLOCK)
  const isCose = parseCose(Uint8Array.from(Buffer.from(is.COSE, 'hex')))
  const isCert = parseCertificate(base64Decode(is.TESTCTX.CERTIFICATE))
  if (!verifyCose(isCose, isCert)) throw new Error('PS256 vector does not verify')
  verifyForeign(at.PREFIX, trust, atClock)
  verifyForeign(shc, trust, Date.UTC(2024, 0, 1))
  const kp = generateKeyPair(new Uint8Array(32).fill(1))
  const msg = new Uint8Array(300).fill(7)
  const sig = sign(msg, kp.secretKey)
  const [ed, hcertEs, hcertPs, shcEs] = measureTogether([
    () => verify(sig, msg, kp.publicKey),
    () => verifyForeign(at.PREFIX, trust, atClock),
    () => verifyCose(isCose, isCert),
    () => verifyForeign(shc, trust, Date.UTC(2024, 0, 1)),
  ])
  const ratio = (x: { median: number }) => x.median / ed.median
  const ref = 'bare Ed25519 verify, same run'
  rows.push(
    { name: 'verify.ed25519 (bare)', value: ed.median, unit: 'ms' },
    {
      name: 'verify.eu-dcc ES256 (HC1: → mapped)',
      value: hcertEs.median,
      unit: 'ms',
      ratio: ratio(hcertEs),
      reference: ref,
    },
    {
      name: 'verify.eu-dcc PS256 (COSE signature only)',
      value: hcertPs.median,
      unit: 'ms',
      ratio: ratio(hcertPs),
      reference: ref,
      note: 'RSA-2048, BigInt modpow',
    },
    { name: 'verify.shc ES256 (shc:/ → mapped)', value: shcEs.median, unit: 'ms', ratio: ratio(shcEs), reference: ref },
  )
  return rows
}
