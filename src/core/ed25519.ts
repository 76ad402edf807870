/**
 * Ed25519 signatures (RFC 8032) over `@noble/curves`, plus SHA-256.
 * `verify` never throws: a malformed key or signature is simply `false`.
 */
import { ed25519 } from '@noble/curves/ed25519'
import { sha256 as nobleSha256 } from '@noble/hashes/sha2'
import { verifyFast } from './ed25519Fast'
import { NpError } from './errors'

/** A 32-byte secret key (seed) and its 32-byte public key. */
export interface KeyPair {
  secretKey: Uint8Array
  publicKey: Uint8Array
}

/** SHA-256 of bytes. */
export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data)
}

/**
 * A new key pair; from `seed` (32 bytes) when given, deterministic, else random.
 * Throws `NP_ERR_VALIDATION` for a seed that is not 32 bytes.
 */
export function generateKeyPair(seed?: Uint8Array): KeyPair {
  if (seed !== undefined && seed.length !== 32) {
    throw new NpError('NP_ERR_VALIDATION', { params: { field: 'seed', detail: 'must be 32 bytes' } })
  }
  const secretKey = seed ? Uint8Array.from(seed) : ed25519.utils.randomSecretKey()
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) }
}

/** The public key of a 32-byte secret key. */
export function getPublicKey(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey)
}

/** A 64-byte signature of `message`. */
export function sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return ed25519.sign(message, secretKey)
}

/**
 * True only when `signature` is a valid signature of `message` by `publicKey`; never throws.
 * Each key's point is decoded once and kept with a window table (src/core/ed25519Fast.ts).
 */
export function verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  return verifyFast(signature, message, publicKey)
}

/** `@noble/curves`' own verification, every call from scratch (the bench's "one bare Ed25519 verify"). */
export function verifyBare(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false })
  } catch {
    return false
  }
}
