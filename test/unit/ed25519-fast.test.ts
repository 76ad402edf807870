/**
 * The gate's Ed25519 (src/core/ed25519Fast.ts) answers exactly as noble's own
 * strict verification, on every path: pure JS with per-key precomputed points
 * (what the mini-programs run), pure JS without the cache, and Node's native
 * Ed25519 — for valid signatures and for every way one can be wrong.
 */
import { ed25519 } from '@noble/curves/ed25519'
import fc from 'fast-check'
import {
  cachedKeyCount,
  clearKeyCache,
  configureEd25519,
  type Ed25519Options,
  keyHasTable,
  MAX_KEYS,
  PRECOMPUTE_AFTER,
  verifyFast,
} from '@/core/ed25519Fast'
import { generateKeyPair, sign, verify, verifyBare } from '@/core/ed25519'
import { nodeEd25519Verify } from '@/platform/ed25519Node'

const L = ed25519.Point.Fn.ORDER
const P = 2n ** 255n - 19n

const le32 = (n: bigint): Uint8Array => {
  const b = new Uint8Array(32)
  for (let i = 0; i < 32; i++) b[i] = Number((n >> BigInt(8 * i)) & 0xffn)
  return b
}
const fromLe = (b: Uint8Array): bigint => b.reduceRight((a, x) => (a << 8n) | BigInt(x), 0n)

/** Encodings of the 8 small-order points (and non-canonical twins), as in the ZIP-215 / "taming EdDSAs" vectors. */
const SMALL_ORDER = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000080',
  '0000000000000000000000000000000000000000000000000000000000000000',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map((h) => Uint8Array.from(Buffer.from(h, 'hex')))

const PATHS: Array<[string, Partial<Ed25519Options>]> = [
  ['precomputed (pure JS, mini-programs)', { precompute: true, native: null }],
  ['pure JS, no cache', { precompute: false, native: null }],
  ['native (Node crypto)', { precompute: true, native: nodeEd25519Verify() }],
]

const noble = (sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): boolean => {
  try {
    return ed25519.verify(sig, msg, pk, { zip215: false })
  } catch {
    return false
  }
}

/** Valid signatures and their corruptions: every case names what noble answers. */
function cases(): Array<{ why: string; sig: Uint8Array; msg: Uint8Array; pk: Uint8Array }> {
  const out: Array<{ why: string; sig: Uint8Array; msg: Uint8Array; pk: Uint8Array }> = []
  for (let i = 0; i < 4; i++) {
    const { secretKey, publicKey } = generateKeyPair(new Uint8Array(32).fill(i + 1))
    const msg = new TextEncoder().encode(`claim ${i} ${'x'.repeat(i * 40)}`)
    const sig = sign(msg, secretKey)
    out.push({ why: 'valid', sig, msg, pk: publicKey })
    out.push({ why: 'empty message', sig: sign(new Uint8Array(0), secretKey), msg: new Uint8Array(0), pk: publicKey })
    const flip = (b: Uint8Array, at: number) => {
      const c = Uint8Array.from(b)
      c[at] ^= 1
      return c
    }
    out.push({ why: 'R bit flipped', sig: flip(sig, 3), msg, pk: publicKey })
    out.push({ why: 's bit flipped', sig: flip(sig, 40), msg, pk: publicKey })
    out.push({ why: 'message changed', sig, msg: flip(msg, 0), pk: publicKey })
    out.push({ why: 'key bit flipped', sig, msg, pk: flip(publicKey, 5) })
    // s + L: the same point multiple, but not reduced (malleability): refused.
    const sPlusL = new Uint8Array(64)
    sPlusL.set(sig.subarray(0, 32))
    sPlusL.set(le32(fromLe(sig.subarray(32)) + L), 32)
    out.push({ why: 's ≥ L', sig: sPlusL, msg, pk: publicKey })
    // y ≥ p for R (non-canonical encoding): refused.
    const badR = Uint8Array.from(sig)
    badR.set(le32(P + 1n), 0)
    out.push({ why: 'R not canonical', sig: badR, msg, pk: publicKey })
    out.push({ why: 'key not canonical', sig, msg, pk: le32(P + 3n) })
    for (const so of SMALL_ORDER) out.push({ why: 'small-order key', sig, msg, pk: so })
    out.push({ why: 'short signature', sig: sig.subarray(0, 63), msg, pk: publicKey })
    out.push({ why: 'short key', sig, msg, pk: publicKey.subarray(0, 31) })
  }
  // A small-order key with s = 0 and R = identity verifies any message under a lax verifier: never here.
  const id = SMALL_ORDER[0]
  const zeroSig = new Uint8Array(64)
  zeroSig.set(id, 0)
  for (const so of SMALL_ORDER)
    out.push({ why: 'identity R, s = 0, small-order key', sig: zeroSig, msg: new Uint8Array(3), pk: so })
  return out
}

afterEach(() => {
  configureEd25519({ precompute: true, native: null })
  clearKeyCache()
})

describe.each(PATHS)('Ed25519 verification: %s', (_name, opts) => {
  test('answers as noble does for valid and corrupted signatures, twice (cold and cached key)', () => {
    configureEd25519(opts)
    const all = cases()
    for (const round of [1, 2]) {
      const got = all.map((c) => ({ why: c.why, round, ok: verifyFast(c.sig, c.msg, c.pk) }))
      expect(got).toEqual(all.map((c) => ({ why: c.why, round, ok: noble(c.sig, c.msg, c.pk) })))
    }
    // The cases hold valid signatures, so agreement is not all-false.
    expect(all.filter((c) => noble(c.sig, c.msg, c.pk)).length).toBe(8)
  })

  test('random keys, messages and one flipped bit: same answer as noble', () => {
    configureEd25519(opts)
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 200 }),
        fc.option(fc.nat(64 * 8 - 1), { nil: undefined }),
        (seed, msg, bit) => {
          const { secretKey, publicKey } = generateKeyPair(seed)
          const sig = sign(msg, secretKey)
          if (bit !== undefined) sig[bit >> 3] ^= 1 << (bit & 7)
          expect(verifyFast(sig, msg, publicKey)).toBe(noble(sig, msg, publicKey))
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('per-key cache', () => {
  test('one cached point per key, its table built after a few uses; bounded', () => {
    clearKeyCache()
    const a = generateKeyPair(new Uint8Array(32).fill(7))
    const b = generateKeyPair(new Uint8Array(32).fill(8))
    const m = new Uint8Array([1, 2, 3])
    expect(cachedKeyCount()).toBe(0)
    expect(verify(sign(m, a.secretKey), m, a.publicKey)).toBe(true)
    expect(verify(sign(m, a.secretKey), m, a.publicKey)).toBe(true)
    expect(cachedKeyCount()).toBe(1)
    // The table comes with use: not for a key seen twice, yes once it has been used PRECOMPUTE_AFTER times.
    expect(keyHasTable(a.publicKey)).toBe(PRECOMPUTE_AFTER <= 2)
    for (let i = 2; i < PRECOMPUTE_AFTER; i++) expect(verify(sign(m, a.secretKey), m, a.publicKey)).toBe(true)
    expect(keyHasTable(a.publicKey)).toBe(true)
    expect(verify(sign(m, a.secretKey), m, a.publicKey)).toBe(true)
    // a's signature under b's key: false, and b now cached too.
    expect(verify(sign(m, a.secretKey), m, b.publicKey)).toBe(false)
    expect(cachedKeyCount()).toBe(2)
    // Past the bound the cache starts afresh, and answers stay right.
    configureEd25519({ precompute: false })
    const keys = Array.from({ length: MAX_KEYS + 5 }, (_, i) => {
      const seed = new Uint8Array(32)
      seed[0] = i & 0xff
      seed[1] = i >> 8
      seed[2] = 9
      return generateKeyPair(seed).publicKey
    })
    configureEd25519({ precompute: true })
    // s ≥ L: refused before any multiplication, so no key's table gets built here (each key is still decoded and cached).
    const sTooBig = new Uint8Array(64).fill(0xff)
    for (const k of keys) expect(verifyFast(sTooBig, m, k)).toBe(false)
    expect(cachedKeyCount()).toBeLessThanOrEqual(MAX_KEYS)
    expect(verify(sign(m, a.secretKey), m, a.publicKey)).toBe(true)
  })

  test('verify (the app’s) and verifyBare (noble, uncached) agree', () => {
    const { secretKey, publicKey } = generateKeyPair(new Uint8Array(32).fill(3))
    const m = new TextEncoder().encode('pass')
    const sig = sign(m, secretKey)
    expect([verify(sig, m, publicKey), verifyBare(sig, m, publicKey)]).toEqual([true, true])
    sig[0] ^= 1
    expect([verify(sig, m, publicKey), verifyBare(sig, m, publicKey)]).toEqual([false, false])
  })
})
