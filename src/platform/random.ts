/**
 * Cryptographically secure random bytes on every runtime, from the platform's
 * own CSPRNG and nothing weaker:
 *
 * - H5 (and Node in tests): `crypto.getRandomValues`, synchronous.
 * - WeChat: `wx.getRandomValues` (base library ≥ 2.15.0), asynchronous.
 * - Alipay: `my.getRandomValues` when the runtime offers it (same shape as
 *   WeChat's; we found no Alipay documentation for it, so it is detected, not
 *   assumed), or `crypto.getRandomValues` where the base library has it.
 *
 * Mini-program APIs are asynchronous, so {@link prepareRandom} (awaited at
 * launch, before any key is created) seeds an HMAC-DRBG (NIST SP 800-90A,
 * SHA-256) with 48 bytes from the platform; {@link randomBytes} then draws
 * from it synchronously, and every draw schedules a reseed with fresh platform
 * bytes. Without a platform source nothing is created: `NP_ERR_RANDOM_UNAVAILABLE`.
 * There is no `Math.random` fallback.
 */
import { NpError } from '../core/errors'
import { HmacDrbg, miniProgramSource } from './miniRandom'

type SyncSource = (length: number) => Uint8Array

/** `crypto.getRandomValues` of this runtime, or `undefined`. */
function webSource(): SyncSource | undefined {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (typeof c?.getRandomValues !== 'function') return undefined
  return (length) => c.getRandomValues?.(new Uint8Array(length)) as Uint8Array
}

const SEED_BYTES = 48
let drbg: HmacDrbg | undefined
let preparing: Promise<void> | undefined
let reseeding = false

function unavailable(detail: string, cause?: unknown): NpError {
  return new NpError('NP_ERR_RANDOM_UNAVAILABLE', { params: { detail }, cause })
}

/**
 * Make secure randomness available: immediately where `crypto.getRandomValues`
 * exists, else by seeding from the mini-program's asynchronous API. Await it
 * at launch, before creating keys. Rejects with `NP_ERR_RANDOM_UNAVAILABLE`
 * when the runtime has no secure source (then try again later: it is not cached).
 */
export function prepareRandom(): Promise<void> {
  if (webSource() || drbg) return Promise.resolve()
  preparing ??= (async () => {
    const source = miniProgramSource()
    if (!source) throw unavailable('neither crypto.getRandomValues nor the mini-program getRandomValues exists')
    try {
      drbg = new HmacDrbg(await source(SEED_BYTES))
    } catch (e) {
      throw unavailable(e instanceof Error ? e.message : String(e), e)
    }
  })().finally(() => {
    preparing = undefined
  })
  return preparing
}

/** Whether {@link randomBytes} can answer now. */
export function randomReady(): boolean {
  return Boolean(webSource() || drbg)
}

/** Fresh platform bytes into the DRBG, in the background, one at a time. */
function scheduleReseed(): void {
  const source = miniProgramSource()
  if (reseeding || !source || !drbg) return
  reseeding = true
  source(32)
    .then((entropy) => drbg?.reseed(entropy))
    // A failed reseed keeps the DRBG as it is (still seeded from the platform); the next draw retries.
    .catch(() => undefined)
    .finally(() => {
      reseeding = false
    })
}

/**
 * `length` secure random bytes. Throws `NP_ERR_RANDOM_UNAVAILABLE` when the
 * runtime has no secure source or {@link prepareRandom} has not finished.
 */
export function randomBytes(length: number): Uint8Array {
  const web = webSource()
  if (web) return web(length)
  if (!drbg) throw unavailable('secure randomness is not ready: prepareRandom() has not completed')
  const out = drbg.generate(length)
  scheduleReseed()
  return out
}

/** `bytes` secure random bytes as lower-case hex. See {@link randomBytes}. */
export function randomHex(bytes: number): string {
  return Array.from(randomBytes(bytes), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Tests only: forget the seeded generator. */
export function resetRandomForTests(): void {
  drbg = undefined
  preparing = undefined
  reseeding = false
}
