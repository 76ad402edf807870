/**
 * Fast Ed25519 verification for the gate (issue 16). Same answers as
 * `@noble/curves`' `ed25519.verify(sig, msg, key, { zip215: false })`
 * (RFC 8032 strict encodings, s < L, small-order keys refused, cofactored
 * check), faster in two ways:
 *
 * - **Precomputed keys.** noble decompresses the public key and multiplies it
 *   bit by bit on every call. Here each key's point is decoded once, checked,
 *   and, once the key has been used PRECOMPUTE_AFTER times, given a window
 *   table (`Point.precompute(WINDOW)`), kept per key (the trust list holds a
 *   few dozen; the cache is bounded by MAX_KEYS). Keyed by the key's bytes, not its id, so a
 *   rotated key under an old id never meets a stale point.
 * - **Native Ed25519**, where the runtime has a synchronous one: Node's
 *   `crypto.verify` (installed by `useNativeEd25519`, see
 *   src/platform/ed25519Node.ts). Browsers' WebCrypto Ed25519 is async: the
 *   guard page uses it through src/core/ed25519Async.ts (`verifyPassAsync`),
 *   which falls back to this file; mini-programs have none: they run the
 *   precomputed pure-JS path.
 *
 * Platform-free: nothing here needs Node or a browser.
 */
import { ed25519 } from '@noble/curves/ed25519'
import { bytesToNumberLE } from '@noble/curves/utils'
import { sha512 } from '@noble/hashes/sha2'

const Point = ed25519.Point
type EdPoint = InstanceType<typeof Point>
const L = Point.Fn.ORDER

/**
 * Window size of each key's table, 2^(W−1)·(⌈256/W⌉+1) points. Measured on a
 * busy 2-core machine (once per key to build / per multiplication): W 4: 18 ms
 * / 0.89 ms; W 6: 54 ms / 0.34 ms; W 8: 127 ms / 0.32 ms; no table (noble's
 * ladder): 7.0 ms a multiplication. 6 gives nearly all the speed for less
 * than half the start cost.
 */
export const WINDOW = 6
/** At most this many keys' tables are kept; beyond, the cache starts afresh. */
export const MAX_KEYS = 256

/** A synchronous native verifier: true only for a valid signature; may throw on malformed input. */
export type NativeVerify = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean

export interface Ed25519Options {
  /** Decode each key once and keep a window table for it (default true). */
  precompute: boolean
  /** A native verifier to use instead of the pure-JS path (default none). */
  native: NativeVerify | null
}

const options: Ed25519Options = { precompute: true, native: null }

/** Set how `verifyFast` works (the bench compares the options; Node tools install the native verifier). */
export function configureEd25519(o: Partial<Ed25519Options>): Ed25519Options {
  Object.assign(options, o)
  return { ...options }
}

/**
 * A key's table is built at its PRECOMPUTE_AFTER-th verification, not its first:
 * a table costs about as much as a handful of plain verifications, so the
 * traveller's refresh (31 keys, a few claims each) stays cheap, while a guard,
 * verifying the same few keys all shift, has them fast after a few scans.
 */
export const PRECOMPUTE_AFTER = 4

interface KeyEntry {
  point: EdPoint
  uses: number
}

/** Per key (hex): its decoded point and how often it was used, or null for a key that can never verify. */
const points = new Map<string, KeyEntry | null>()

const hex = (b: Uint8Array): string => {
  let s = ''
  for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16)
  return s
}

function decodeKey(publicKey: Uint8Array): EdPoint | null {
  try {
    const A = Point.fromBytes(publicKey, false)
    return A.isSmallOrder() ? null : A
  } catch {
    return null
  }
}

/** The key's point, decoded once; from its PRECOMPUTE_AFTER-th use on with a window table. */
function keyPoint(publicKey: Uint8Array): EdPoint | null {
  const id = hex(publicKey)
  let e = points.get(id)
  if (e === undefined) {
    const A = decodeKey(publicKey)
    e = A ? { point: A, uses: 0 } : null
    if (points.size >= MAX_KEYS) points.clear()
    points.set(id, e)
  }
  if (!e) return null
  e.uses += 1
  // Lazy: the table itself is built by the next multiplication with this point.
  if (e.uses === PRECOMPUTE_AFTER) e.point.precompute(WINDOW, true)
  return e.point
}

/**
 * Whether the key can ever verify (a canonical encoding of a point that is not
 * of small order), decoded once and cached like `keyPoint` but without
 * counting a use. The async native path asks this first, so a key the pure-JS
 * path refuses is refused there too, whatever the runtime's Ed25519 says.
 */
export function keyUsable(publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false
  const id = hex(publicKey)
  let e = points.get(id)
  if (e === undefined) {
    const A = decodeKey(publicKey)
    e = A ? { point: A, uses: 0 } : null
    if (points.size >= MAX_KEYS) points.clear()
    points.set(id, e)
  }
  return e !== null
}

/** Whether `s` (bytes 32..63 of a signature) is below the group order: RFC 8032's check, before any native call. */
export function scalarCanonical(signature: Uint8Array): boolean {
  return signature.length === 64 && bytesToNumberLE(signature.subarray(32, 64)) < L
}

/** Whether the key has its window table yet (tests). */
export function keyHasTable(publicKey: Uint8Array): boolean {
  return (points.get(hex(publicKey))?.uses ?? 0) >= PRECOMPUTE_AFTER
}

/** How many keys have a cached point (tests: the cache is per key and bounded). */
export function cachedKeyCount(): number {
  return points.size
}

/** Forget every cached key point. */
export function clearKeyCache(): void {
  points.clear()
}

/**
 * RFC 8032 verification with `A` already decoded: [8](R + kA − sB) = 0, where
 * k = SHA-512(R ‖ A ‖ M) mod L. `publicKey` and `r` are canonical encodings
 * (strict decoding accepts nothing else), so they are hashed as given.
 */
function verifyWith(A: EdPoint, signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const r = signature.subarray(0, 32)
  const s = bytesToNumberLE(signature.subarray(32, 64))
  if (s >= L) return false
  let R: EdPoint
  try {
    R = Point.fromBytes(r, false)
  } catch {
    return false
  }
  const h = new Uint8Array(64 + message.length)
  h.set(r, 0)
  h.set(publicKey, 32)
  h.set(message, 64)
  const k = bytesToNumberLE(sha512(h)) % L
  const SB = Point.BASE.multiplyUnsafe(s)
  return R.add(A.multiplyUnsafe(k)).subtract(SB).clearCofactor().is0()
}

/**
 * True only when `signature` is a valid Ed25519 signature of `message` by
 * `publicKey`; never throws. Uses the options set by `configureEd25519`.
 */
export function verifyFast(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false
  const A = options.precompute ? keyPoint(publicKey) : decodeKey(publicKey)
  if (!A) return false
  if (options.native) {
    try {
      return options.native(signature, message, publicKey)
    } catch {
      return false
    }
  }
  return verifyWith(A, signature, message, publicKey)
}
