/**
 * Mini-programs' randomness (./random.ts): the runtime's asynchronous `getRandomValues` (`wx`/`my`) and the
 * HMAC-DRBG seeded from it. H5 always has `crypto.getRandomValues` and uses neither (./miniRandom.h5.ts), so its
 * first script does not carry SHA-256 and HMAC for them (issue 16, cold start).
 */
import { hmac } from '@noble/hashes/hmac'
import { sha256 } from '@noble/hashes/sha2'

export type AsyncSource = (length: number) => Promise<Uint8Array>

interface MiniProgramRandom {
  getRandomValues?: (o: {
    length: number
    success?: (r: { randomValues: ArrayBuffer }) => void
    fail?: (e: unknown) => void
  }) => void
}

/** The mini-program's `getRandomValues` (`wx` or `my`), promisified, or `undefined`. */
export function miniProgramSource(): AsyncSource | undefined {
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
export class HmacDrbg {
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
