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
import { hmac } from '@noble/hashes/hmac'
import { sha256 } from '@noble/hashes/sha2'
import { NpError } from '../core/errors'

type SyncSource = (length: number) => Uint8Array
type AsyncSource = (length: number) => Promise<Uint8Array>

interface MiniProgramRandom {
  getRandomValues?: (o: {
    length: number
    success?: (r: { randomValues: ArrayBuffer }) => void
    fail?: (e: unknown) => void
  }) => void
}

/** `crypto.getRandomValues` of this runtime, or `undefined`. */
function webSource(): SyncSource | undefined {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (typeof c?.getRandomValues !== 'function') return undefined
  return (length) => c.getRandomValues?.(new Uint8Array(length)) as Uint8Array
}

/** The mini-program's `getRandomValues` (`wx` or `my`), promisified, or `undefined`. */
function miniProgramSource(): AsyncSource | undefined {
  const g = globalThis as { wx?: MiniProgramRandom; my?: MiniProgramRandom }
  const api =
    process.env.TARO_ENV === 'weapp' ? g.wx : process.env.TARO_ENV === 'alipay' ? g.my : (g.wx ?? g.my ?? undefined)
  const fn = api?.getRandomValues
  if (typeof fn !== 'function') return undefined
  return (length) =>
    new Promise<Uint8Array>((resolve, reject) => {
      fn.call(api, {
        length,
        success: (r) => {
          const bytes = new Uint8Array(r.randomValues)
          if (bytes.length === length) resolve(bytes)
          else reject(new Error(`getRandomValues returned ${bytes.length} of ${length} bytes`))
        },
        fail: (e) => reject(new Error(`getRandomValues failed: ${JSON.stringify(e)}`)),
      })
    })
}

/** HMAC-DRBG (SP 800-90A §10.1.2) over SHA-256, without prediction resistance. */
class HmacDrbg {
  private k = new Uint8Array(32)
  private v = new Uint8Array(32).fill(1)

  constructor(seed: Uint8Array) {
    this.update(seed)
  }

  private update(data?: Uint8Array): void {
    const extra = data ?? new Uint8Array(0)
    this.k = hmac(sha256, this.k, concat(this.v, [0], extra))
    this.v = hmac(sha256, this.k, this.v)
    if (extra.length === 0) return
    this.k = hmac(sha256, this.k, concat(this.v, [1], extra))
    this.v = hmac(sha256, this.k, this.v)
  }

  reseed(entropy: Uint8Array): void {
    this.update(entropy)
  }

  generate(length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let at = 0; at < length; at += 32) {
      this.v = hmac(sha256, this.k, this.v)
      out.set(this.v.subarray(0, Math.min(32, length - at)), at)
    }
    this.update()
    return out
  }
}

function concat(a: Uint8Array, mid: number[], b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + mid.length + b.length)
  out.set(a, 0)
  out.set(mid, a.length)
  out.set(b, a.length + mid.length)
  return out
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
