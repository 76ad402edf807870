/**
 * Re-derives the test vectors of docs/formats.md from the DEMO keys and fixed
 * timestamps, and checks them against test/fixtures/vectors.json and the doc.
 * Regenerate the fixture after an intended format change with
 * `UPDATE_VECTORS=1 npx jest --selectProjects unit test/unit/vectors.test.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { base45Decode } from '@/core/base45'
import { base64urlEncode, toHex, utf8Encode } from '@/core/bytes'
import {
  type Claim,
  decodeClaim,
  encodeClaim,
  parseSignedClaim,
  serializeSignedClaim,
  signClaim,
  type VenueClaim,
} from '@/core/claims'
import { sha256 } from '@/core/ed25519'
import { decodePass, encodePass, verifyPass } from '@/core/passCodec'
import { decodePlaceCodeClaim, encodePlaceCode, signPlaceCode, verifyPlaceCode } from '@/core/placeCode'
import { ROOT_PUBLIC_KEY } from '@/core/rootKey'
import { verifyTrustList } from '@/core/trustList'
import { buildDemoTrustList, DEMO_ROOT_KEY, demoKeyFor } from '../../mock/keys'
import { typicalClaims, typicalHolder, typicalVenueClaim, VECTORS_T } from '../fixtures/typicalPass'

const ROOT = join(__dirname, '..', '..')
const FIXTURE = join(ROOT, 'test', 'fixtures', 'vectors.json')
const DOC = join(ROOT, 'docs', 'formats.md')

const T = VECTORS_T
const holder = typicalHolder
const CLAIMS: Record<string, Claim> = { ...typicalClaims(T), venue: typicalVenueClaim(T) }

function deriveVectors() {
  const signed = Object.fromEntries(
    Object.entries(CLAIMS).map(([name, c]) => [name, signClaim(c, demoKeyFor(c.iss).secretKey)]),
  )
  const trustList = buildDemoTrustList(T)
  const pass = encodePass({ v: 1, holder, claims: [signed.hc, signed.tr, signed.vx] })
  const placeCode = encodePlaceCode(signed.venue)
  // Place-code v2 (what provinces sign now): the same venue, id and name only, whole days.
  const v2 = signPlaceCode(CLAIMS.venue as VenueClaim, demoKeyFor('440000').secretKey)
  const placeCodeV2 = encodePlaceCode(v2)
  return {
    about:
      'Test vectors for docs/formats.md: DEMO keys from mock/keys.ts, fixed times. Regenerate with UPDATE_VECTORS=1.',
    at: T,
    keys: {
      seedLabel: 'national-pass DEMO key <kid>',
      root: { kid: DEMO_ROOT_KEY.kid, publicKey: base64urlEncode(DEMO_ROOT_KEY.publicKey) },
      gd1: base64urlEncode(demoKeyFor('440000').publicKey),
      js1: base64urlEncode(demoKeyFor('320000').publicKey),
    },
    trustList: {
      payloadSha256: toHex(sha256(utf8Encode(trustList.payload))),
      sig: trustList.sig,
      rootKid: trustList.rootKid,
    },
    claims: Object.fromEntries(
      Object.entries(CLAIMS).map(([name, claim]) => [
        name,
        {
          claim,
          bytes: toHex(signed[name].bytes),
          sig: toHex(signed[name].sig),
          serialized: serializeSignedClaim(signed[name]),
        },
      ]),
    ),
    pass: { text: pass, length: pass.length, binary: toHex(base45Decode(pass.slice(4))) },
    placeCode: { url: placeCode, length: placeCode.length },
    placeCodeV2: { bytes: toHex(v2.bytes), sig: toHex(v2.sig), url: placeCodeV2, length: placeCodeV2.length },
  }
}

describe('test vectors', () => {
  const derived = deriveVectors()
  if (process.env.UPDATE_VECTORS) writeFileSync(FIXTURE, `${JSON.stringify(derived, null, 1)}\n`)
  const stored = JSON.parse(readFileSync(FIXTURE, 'utf8')) as ReturnType<typeof deriveVectors>
  const doc = readFileSync(DOC, 'utf8')

  it('re-derive exactly from the DEMO keys', () => {
    expect(derived).toEqual(stored)
  })

  it('decode and verify to what they say', () => {
    const trust = verifyTrustList(buildDemoTrustList(T), ROOT_PUBLIC_KEY)
    expect(stored.keys.root.publicKey).toBe(ROOT_PUBLIC_KEY)
    for (const [name, v] of Object.entries(stored.claims)) {
      expect(decodeClaim(parseSignedClaim(v.serialized).bytes)).toEqual(CLAIMS[name])
      expect(toHex(encodeClaim(CLAIMS[name]))).toBe(v.bytes)
    }
    const r = verifyPass(stored.pass.text, trust, T + 60_000)
    expect(r.valid).toBe(true)
    expect(decodePass(stored.pass.text).decoded).toEqual([CLAIMS.hc, CLAIMS.tr, CLAIMS.vx])
    expect(verifyPlaceCode(stored.placeCode.url, trust, T).name).toBe('天河城购物中心')
    // v2: the venue without its address, issued at the start of its UTC day.
    const { address: _, ...venue } = (CLAIMS.venue as VenueClaim).body
    expect(verifyPlaceCode(stored.placeCodeV2.url, trust, T)).toEqual({
      province: '440000',
      ...venue,
      source: 'national',
    })
    expect(decodePlaceCodeClaim(Buffer.from(stored.placeCodeV2.bytes, 'hex'))).toMatchObject({
      iat: Date.UTC(2022, 2, 15),
      exp: Date.UTC(2023, 2, 15),
    })
  })

  it('appear verbatim in docs/formats.md', () => {
    const values = [
      stored.keys.root.publicKey,
      stored.keys.gd1,
      stored.keys.js1,
      stored.trustList.sig,
      stored.trustList.payloadSha256,
      ...Object.values(stored.claims).flatMap((v) => [v.bytes, v.sig, v.serialized]),
      stored.pass.text,
      stored.pass.binary,
      stored.placeCode.url,
      String(stored.pass.length),
      String(stored.placeCode.length),
      stored.placeCodeV2.bytes,
      stored.placeCodeV2.sig,
      stored.placeCodeV2.url,
      String(stored.placeCodeV2.length),
    ]
    for (const v of values) expect(doc.replace(/\s+/g, '')).toContain(v.replace(/\s+/g, ''))
  })
})
