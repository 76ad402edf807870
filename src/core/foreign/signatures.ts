/**
 * The signature schemes foreign certificates use: ECDSA over P-256 (ES256)
 * and P-384 (ES384) with raw r‖s signatures, via `@noble/curves`; and
 * RSASSA-PSS with SHA-256 (PS256), a small BigInt verifier (RFC 8017 §8.1.2,
 * MGF1-SHA-256, salt length recovered from the encoding). Never throws: a bad
 * key or signature is `false`. Needs `BigInt` for RSA (modern WeChat/Alipay
 * base libraries and every browser since 2020 have it).
 */
import type * as Nist from '@noble/curves/nist'
import type * as Sha2 from '@noble/hashes/sha2'
import type { ForeignPublicKey } from './x509'

// `require`, not `import`: bundlers then take noble's CommonJS build, separate module files from
// the ES modules the main package's Ed25519 code uses. So the weierstrass code, and every extra
// export of the shared noble modules it needs, stay in the on-demand chunk instead of widening
// the main package's copies (measured: +6.6 KB to the weapp main package's vendors.js otherwise).
const { p256, p384 } = require('@noble/curves/nist') as typeof Nist
const { sha256, sha384 } = require('@noble/hashes/sha2') as typeof Sha2

export type ForeignAlg = 'ES256' | 'ES384' | 'PS256'

/** COSE algorithm numbers (RFC 9053). */
export const COSE_ALG: Record<number, ForeignAlg> = { [-7]: 'ES256', [-35]: 'ES384', [-37]: 'PS256' }

function big(b: Uint8Array): bigint {
  let n = 0n
  for (const x of b) n = (n << 8n) | BigInt(x)
  return n
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n
  base %= mod
  while (exp > 0n) {
    if (exp & 1n) r = (r * base) % mod
    base = (base * base) % mod
    exp >>= 1n
  }
  return r
}

function mgf1(seed: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len)
  for (let c = 0, o = 0; o < len; c++) {
    const block = new Uint8Array(seed.length + 4)
    block.set(seed)
    block.set([c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255], seed.length)
    const h = sha256(block)
    out.set(h.subarray(0, Math.min(h.length, len - o)), o)
    o += h.length
  }
  return out
}

/** RSASSA-PSS-VERIFY with SHA-256 and MGF1-SHA-256. */
export function verifyPs256(sig: Uint8Array, message: Uint8Array, n: Uint8Array, e: Uint8Array): boolean {
  if (typeof BigInt !== 'function') return false
  const modulus = big(n)
  const k = n.length
  const modBits = modulus.toString(2).length
  if (sig.length !== k || modBits < 1024) return false
  const s = big(sig)
  if (s >= modulus) return false
  let m = modPow(s, big(e), modulus)
  const emLen = Math.ceil((modBits - 1) / 8)
  const em = new Uint8Array(emLen)
  for (let i = emLen - 1; i >= 0; i--) {
    em[i] = Number(m & 255n)
    m >>= 8n
  }
  if (m !== 0n) return false
  const hLen = 32
  if (emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false
  const masked = em.subarray(0, emLen - hLen - 1)
  const h = em.subarray(emLen - hLen - 1, emLen - 1)
  const unusedBits = 8 * emLen - (modBits - 1)
  if (masked[0] >> (8 - unusedBits)) return false
  const db = mgf1(h, masked.length)
  for (let i = 0; i < db.length; i++) db[i] ^= masked[i]
  db[0] &= 0xff >> unusedBits
  let i = 0
  while (i < db.length && db[i] === 0) i++
  if (i >= db.length || db[i] !== 1) return false
  const salt = db.subarray(i + 1)
  const mPrime = new Uint8Array(8 + hLen + salt.length)
  mPrime.set(sha256(message), 8)
  mPrime.set(salt, 8 + hLen)
  const h2 = sha256(mPrime)
  let diff = 0
  for (let j = 0; j < hLen; j++) diff |= h2[j] ^ h[j]
  return diff === 0
}

/** Verifies a signature by `alg` with `key`. False for any mismatch of algorithm and key. */
export function verifySignature(alg: ForeignAlg, key: ForeignPublicKey, sig: Uint8Array, message: Uint8Array): boolean {
  try {
    if (alg === 'PS256') return key.kty === 'RSA' && verifyPs256(sig, message, key.n, key.e)
    if (key.kty !== 'EC') return false
    if (alg === 'ES256' && key.crv === 'P-256' && sig.length === 64)
      return p256.verify(sig, sha256(message), key.point, { prehash: false, lowS: false, format: 'compact' })
    if (alg === 'ES384' && key.crv === 'P-384' && sig.length === 96)
      return p384.verify(sig, sha384(message), key.point, { prehash: false, lowS: false, format: 'compact' })
    // Some issuers label a P-384 key's SHA-256 signatures ES256 (dgc-testdata ES/401–403); the EU
    // reference verifiers take the curve from the key and the hash from the label, and so do we.
    if (alg === 'ES256' && key.crv === 'P-384' && sig.length === 96)
      return p384.verify(sig, sha256(message), key.point, { prehash: false, lowS: false, format: 'compact' })
    return false
  } catch {
    return false
  }
}
