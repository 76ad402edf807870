/**
 * Asynchronous Ed25519 verification for the gate (issue 16): the runtime's
 * native WebCrypto Ed25519 (`crypto.subtle`, `{ name: 'Ed25519' }`) where it
 * has one (Chromium, Safari 17+, Firefox 129+, Node 20), else the
 * precomputed pure-JS path of src/core/ed25519Fast.ts (the mini-programs have
 * no `crypto.subtle`).
 *
 * - **Detected once.** The first call imports the RFC 8032 test-1 key and
 *   verifies its signature of the empty message (must be true) and a copy with
 *   one bit flipped (must be false); only then is the native path used. A
 *   runtime without it, or one that throws or answers wrongly, gets the
 *   pure-JS path for good.
 * - **One CryptoKey per key**, imported once and cached (keyed by the key's
 *   32 bytes, not its id, so a rotated key under an old id never meets a stale
 *   CryptoKey; bounded by MAX_KEYS like the point cache).
 * - **Same answers as the pure-JS path.** Before any native call the key is
 *   checked by the pure-JS decoder (cached: a non-canonical or small-order key
 *   is refused, as there) and `s < L` is checked; the native verifier then
 *   decides the rest. test/unit/ed25519-async.test.ts runs the corruption
 *   cases through both.
 *
 * Platform-free: it reads `globalThis.crypto` and needs nothing else.
 */
import { toHex } from './bytes'
import { keyUsable, MAX_KEYS, scalarCanonical, verifyFast } from './ed25519Fast'

/** The part of WebCrypto's `SubtleCrypto` used here. */
export interface SubtleEd25519 {
  importKey(
    format: 'raw',
    keyData: Uint8Array,
    algorithm: { name: 'Ed25519' },
    extractable: boolean,
    usages: ['verify'],
  ): Promise<unknown>
  verify(algorithm: { name: 'Ed25519' }, key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>
}

/** Which path `verifyAsync` takes: native WebCrypto, or the pure-JS one (no subtle, or it failed the check). */
export type AsyncPath = 'webcrypto' | 'pure'

const ALG = { name: 'Ed25519' } as const
const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => Number.parseInt(x, 16))
/** RFC 8032 §7.1, test 1: the empty message. */
const RFC_KEY = fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
const RFC_SIG = fromHex(
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
)

/** The runtime's `crypto.subtle`, if any. */
function runtimeSubtle(): SubtleEd25519 | null {
  const c = (globalThis as { crypto?: { subtle?: unknown } }).crypto
  return c?.subtle ? (c.subtle as SubtleEd25519) : null
}

interface State {
  subtle: SubtleEd25519 | null
  /** The detection, started once. */
  detected: Promise<AsyncPath> | null
  /** Its answer once settled, so later calls need not await it. */
  path: AsyncPath | null
  keys: Map<string, Promise<unknown>>
}

let state: State = { subtle: runtimeSubtle(), detected: null, path: null, keys: new Map() }

/**
 * Use `subtle` (or none: `null`, the mini-programs' case) from now on, and
 * detect afresh. Tests and the bench use it; the app never needs to.
 */
export function configureAsyncEd25519(o: { subtle: SubtleEd25519 | null }): void {
  state = { subtle: o.subtle, detected: null, path: null, keys: new Map() }
}

/** Back to the runtime's own `crypto.subtle`, detected afresh. */
export function resetAsyncEd25519(): void {
  configureAsyncEd25519({ subtle: runtimeSubtle() })
}

async function detect(subtle: SubtleEd25519 | null): Promise<AsyncPath> {
  if (!subtle) return 'pure'
  try {
    const key = await subtle.importKey('raw', RFC_KEY, ALG, false, ['verify'])
    const flipped = Uint8Array.from(RFC_SIG)
    flipped[10] ^= 1
    const [good, bad] = await Promise.all([
      subtle.verify(ALG, key, RFC_SIG, new Uint8Array(0)),
      subtle.verify(ALG, key, flipped, new Uint8Array(0)),
    ])
    return good === true && bad === false ? 'webcrypto' : 'pure'
  } catch {
    return 'pure'
  }
}

/** The path this runtime takes, detected on the first call (later calls answer from the cache). */
export function asyncEd25519Path(): Promise<AsyncPath> {
  const s = state
  if (s.path) return Promise.resolve(s.path)
  s.detected ??= detect(s.subtle).then((p) => {
    s.path = p
    return p
  })
  return s.detected
}

function cryptoKey(subtle: SubtleEd25519, publicKey: Uint8Array): Promise<unknown> {
  const id = toHex(publicKey)
  let k = state.keys.get(id)
  if (!k) {
    k = subtle.importKey('raw', Uint8Array.from(publicKey), ALG, false, ['verify'])
    if (state.keys.size >= MAX_KEYS) state.keys.clear()
    state.keys.set(id, k)
  }
  return k
}

/** How many keys have a cached CryptoKey (tests). */
export function cachedCryptoKeyCount(): number {
  return state.keys.size
}

/**
 * True only when `signature` is a valid Ed25519 signature of `message` by
 * `publicKey`; never rejects. Same answers as `verifyFast` (the sync path).
 */
export async function verifyAsync(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
  if (signature.length !== 64 || publicKey.length !== 32) return false
  const s = state
  const path = s.path ?? (await asyncEd25519Path())
  if (path === 'pure' || !s.subtle) return verifyFast(signature, message, publicKey)
  if (!keyUsable(publicKey) || !scalarCanonical(signature)) return false
  try {
    const key = await cryptoKey(s.subtle, publicKey)
    return (await s.subtle.verify(ALG, key, signature, message)) === true
  } catch {
    return false
  }
}
