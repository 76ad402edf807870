/**
 * Issue 16, a faster gate: the async verification entry (src/core/ed25519Async.ts,
 * `verifyPassAsync`, `checkPassForVenueAsync`). The runtime's WebCrypto
 * Ed25519 is detected once and used when it answers a known vector right; the
 * precomputed pure-JS path otherwise (the mini-programs have no subtle). Both
 * give exactly the answers of the sync path, for single signatures and for
 * whole passes: the test vectors, forged, tampered, bound and unreadable ones.
 */
import { webcrypto } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519'
import { base45Decode, base45Encode } from '@/core/base45'
import { type Claim, signClaim } from '@/core/claims'
import { generateKeyPair, sign } from '@/core/ed25519'
import {
  asyncEd25519Path,
  cachedCryptoKeyCount,
  configureAsyncEd25519,
  resetAsyncEd25519,
  type SubtleEd25519,
  verifyAsync,
} from '@/core/ed25519Async'
import { clearKeyCache, verifyFast } from '@/core/ed25519Fast'
import { encodeBoundPass, encodePass, verifyPass, verifyPassAsync } from '@/core/passCodec'
import { ROOT_PUBLIC_KEY } from '@/core/rootKey'
import { verifyTrustList } from '@/core/trustList'
import { checkPassForVenue, checkPassForVenueAsync, type GuardCheckInput } from '@/features/guard/guardCheck'
import { buildDemoTrustList } from '../../mock/keys'
import { demoSecret, signDemo, typicalPass, VECTORS_T } from '../fixtures/typicalPass'
import vectors from '../fixtures/vectors.json'
import { H, hc, holder, rules, T, tr, trust } from './guardFixtures'

const nodeSubtle = webcrypto.subtle as unknown as SubtleEd25519
const L = ed25519.Point.Fn.ORDER

afterAll(() => resetAsyncEd25519())

/** A subtle whose Ed25519 says yes to everything: must fail the detection. */
const liar: SubtleEd25519 = {
  importKey: async () => ({}),
  verify: async () => true,
}
const thrower: SubtleEd25519 = {
  importKey: async () => {
    throw new Error('NotSupportedError: Ed25519')
  },
  verify: async () => false,
}

describe('detection, once', () => {
  test.each<[string, string, SubtleEd25519 | null]>([
    ['Node’s WebCrypto', 'webcrypto', nodeSubtle],
    ['no crypto.subtle (mini-programs)', 'pure', null],
    ['a subtle without Ed25519 (throws)', 'pure', thrower],
    ['a subtle that verifies anything', 'pure', liar],
  ])('%s → %s', async (_name, path, subtle) => {
    configureAsyncEd25519({ subtle })
    expect(await asyncEd25519Path()).toBe(path)
    // A forged signature is refused whatever the runtime offers.
    const { secretKey, publicKey } = generateKeyPair(new Uint8Array(32).fill(4))
    const m = new Uint8Array([1, 2, 3])
    const sig = sign(m, secretKey)
    expect(await verifyAsync(sig, m, publicKey)).toBe(true)
    sig[5] ^= 1
    expect(await verifyAsync(sig, m, publicKey)).toBe(false)
  })

  test('one CryptoKey per key, imported once', async () => {
    let imports = 0
    const counting: SubtleEd25519 = {
      importKey: (...a) => {
        imports++
        return nodeSubtle.importKey(...a)
      },
      verify: (...a) => nodeSubtle.verify(...a),
    }
    configureAsyncEd25519({ subtle: counting })
    await asyncEd25519Path()
    const before = imports // the detection's vector key
    const a = generateKeyPair(new Uint8Array(32).fill(5))
    const m = new Uint8Array([9])
    const sig = sign(m, a.secretKey)
    const results = await Promise.all(Array.from({ length: 6 }, () => verifyAsync(sig, m, a.publicKey)))
    expect(results).toEqual(Array(6).fill(true))
    expect(imports - before).toBe(1)
    expect(cachedCryptoKeyCount()).toBe(1)
  })
})

const le32 = (n: bigint): Uint8Array => {
  const b = new Uint8Array(32)
  for (let i = 0; i < 32; i++) b[i] = Number((n >> BigInt(8 * i)) & 0xffn)
  return b
}
const fromLe = (b: Uint8Array): bigint => b.reduceRight((a, x) => (a << 8n) | BigInt(x), 0n)

/** Valid signatures and the ways they can be wrong (see also ed25519-fast.test.ts). */
function cases(): Array<{ why: string; sig: Uint8Array; msg: Uint8Array; pk: Uint8Array }> {
  const out: Array<{ why: string; sig: Uint8Array; msg: Uint8Array; pk: Uint8Array }> = []
  const flip = (b: Uint8Array, at: number) => {
    const c = Uint8Array.from(b)
    c[at] ^= 1
    return c
  }
  for (let i = 0; i < 3; i++) {
    const { secretKey, publicKey } = generateKeyPair(new Uint8Array(32).fill(i + 11))
    const msg = new TextEncoder().encode(`claim ${i}`)
    const sig = sign(msg, secretKey)
    out.push({ why: 'valid', sig, msg, pk: publicKey })
    out.push({ why: 'R bit flipped', sig: flip(sig, 3), msg, pk: publicKey })
    out.push({ why: 's bit flipped', sig: flip(sig, 40), msg, pk: publicKey })
    out.push({ why: 'message changed', sig, msg: flip(msg, 0), pk: publicKey })
    out.push({ why: 'key bit flipped', sig, msg, pk: flip(publicKey, 5) })
    const sPlusL = Uint8Array.from(sig)
    sPlusL.set(le32(fromLe(sig.subarray(32)) + L), 32)
    out.push({ why: 's ≥ L', sig: sPlusL, msg, pk: publicKey })
    out.push({ why: 'key not canonical', sig, msg, pk: le32(2n ** 255n - 16n) })
    out.push({ why: 'small-order key (identity)', sig, msg, pk: le32(1n) })
    out.push({ why: 'short signature', sig: sig.subarray(0, 63), msg, pk: publicKey })
  }
  const zeroSig = new Uint8Array(64)
  zeroSig[0] = 1
  out.push({ why: 'identity R, s = 0, identity key', sig: zeroSig, msg: new Uint8Array(3), pk: le32(1n) })
  return out
}

describe.each<[string, SubtleEd25519 | null]>([
  ['WebCrypto (native)', nodeSubtle],
  ['pure JS (no subtle)', null],
])('%s: the same answers as the sync path', (_name, subtle) => {
  beforeEach(() => {
    configureAsyncEd25519({ subtle })
    clearKeyCache()
  })

  test('single signatures: valid and every corruption, cold and cached', async () => {
    const all = cases()
    for (const round of [1, 2]) {
      const got = await Promise.all(
        all.map(async (c) => ({ why: c.why, round, ok: await verifyAsync(c.sig, c.msg, c.pk) })),
      )
      expect(got).toEqual(all.map((c) => ({ why: c.why, round, ok: verifyFast(c.sig, c.msg, c.pk) })))
    }
    expect(all.filter((c) => verifyFast(c.sig, c.msg, c.pk)).length).toBe(3)
  })

  test('passes: the vector, forged, tampered, bound and unreadable ones give the same PassCheck', async () => {
    const vt = verifyTrustList(buildDemoTrustList(VECTORS_T), ROOT_PUBLIC_KEY)
    const vectorPass = vectors.pass.text
    expect(vectorPass).toBe(typicalPass(VECTORS_T).text)
    // Forged: Guangdong's claim (key id gd1) signed with Jiangsu's secret key.
    const forged = encodePass({ v: 1, holder, claims: [signClaim(hc(), demoSecret('js1'))] })
    const good = encodePass({ v: 1, holder, claims: [hc(), tr(30 * H, 20 * H)].map(signDemo) })
    // Tampered: one bit of the signed bytes changed, re-encoded (the text still decodes).
    const bytes = base45Decode(good.slice(4))
    const flipped = Uint8Array.from(bytes)
    flipped[20] ^= 1
    const tampered = `NP1:${base45Encode(flipped)}`
    const sigFlipped = Uint8Array.from(bytes)
    sigFlipped[bytes.length - 3] ^= 0x40
    const badSig = `NP1:${base45Encode(sigFlipped)}`
    const phone = generateKeyPair(new Uint8Array(32).fill(7))
    const thief = generateKeyPair(new Uint8Array(32).fill(9))
    const dk = signDemo({
      typ: 'dk',
      iss: '440000',
      kid: 'gd1',
      iat: T - 2 * H,
      exp: T + 30 * 24 * H,
      holder,
      body: { publicKey: phone.publicKey },
    } as Claim)
    const boundClaims = [hc(), tr(30 * H, 20 * H)].map(signDemo).concat(dk)
    const bound = encodeBoundPass({ v: 1, holder, claims: boundClaims }, phone.secretKey, T)
    const stolen = encodeBoundPass({ v: 1, holder, claims: boundClaims }, thief.secretKey, T)
    const cases: Array<[string, string, typeof trust, number]> = [
      ['test-vector pass', vectorPass, vt, VECTORS_T + 60_000],
      ['good pass', good, trust, T],
      ['forged (wrong key)', forged, trust, T],
      ['tampered bytes', tampered, trust, T],
      ['tampered signature', badSig, trust, T],
      ['bound to its phone', bound, trust, T],
      ['signed by another phone', stolen, trust, T],
      ['expired', good, trust, T + 3 * 24 * H],
    ]
    const verdicts: boolean[] = []
    for (const [why, text, list, at] of cases) {
      const sync = verifyPass(text, list, at)
      const async = await verifyPassAsync(text, list, at)
      expect({ why, check: async }).toEqual({ why, check: sync })
      verdicts.push(sync.valid)
    }
    // Not all-refused nor all-admitted: the comparison means something.
    expect(verdicts).toEqual([true, true, false, false, false, true, false, false])
    // Unreadable text rejects with the same error.
    for (const text of ['NP1:???', 'NP7:AAAA', 'hello', `${good}x`]) {
      let syncErr: unknown
      try {
        verifyPass(text, trust, T)
      } catch (e) {
        syncErr = e
      }
      await expect(verifyPassAsync(text, trust, T)).rejects.toEqual(syncErr)
    }
  })

  test('the guard’s verdict: checkPassForVenueAsync equals checkPassForVenue', async () => {
    const base: Omit<GuardCheckInput, 'text'> = {
      trustList: trust,
      ruleSets: [rules('440000')],
      province: '440000',
      at: T,
      lang: 'en',
    }
    const good = encodePass({ v: 1, holder, claims: [hc(), tr(30 * H, 20 * H)].map(signDemo) })
    const red = encodePass({ v: 1, holder, claims: [hc({ body: { colour: 'red' } } as Partial<Claim>)].map(signDemo) })
    const texts = [good, red, good.replace('NP1:', 'NP1:A'), 'https://example.com/x', '']
    const outcomes: string[] = []
    for (const text of texts) {
      const sync = checkPassForVenue({ ...base, text })
      expect(await checkPassForVenueAsync({ ...base, text })).toEqual(sync)
      outcomes.push(sync.outcome)
    }
    expect(outcomes.slice(0, 3)).toEqual(['admit', 'refuse', 'refuse'])
    // A trust list past its update: unknown on both paths.
    const late = T + 400 * 24 * H
    expect(await checkPassForVenueAsync({ ...base, text: good, at: late })).toEqual(
      checkPassForVenue({ ...base, text: good, at: late }),
    )
  })
})
