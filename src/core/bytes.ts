/**
 * Byte helpers for the trust core, in pure JS so they run where `TextEncoder`
 * and `Buffer` do not (some mini-program runtimes): a strict UTF-8 codec,
 * base64url, and a small binary writer/reader. Every failure is an `NpError`.
 */
import { type ErrorCode, NpError } from './errors'

export type MalformedCode =
  | 'NP_ERR_CLAIM_MALFORMED'
  | 'NP_ERR_PASS_MALFORMED'
  | 'NP_ERR_PLACE_CODE_MALFORMED'
  | 'NP_ERR_TRUST_LIST_INVALID'

function fail(code: ErrorCode, detail: string): never {
  throw new NpError(code, { params: { detail } })
}

/** UTF-8 encode. Lone surrogates are refused (they cannot round-trip). */
export function utf8Encode(s: string, code: ErrorCode = 'NP_ERR_CLAIM_MALFORMED'): Uint8Array {
  // At most 3 bytes per UTF-16 unit (a surrogate pair's 4 bytes come from 2 units): one buffer, no array growth (the
  // trust list's 7 KB payload took ~4 ms with an array of numbers on a cold start's path, issue 16).
  const out = new Uint8Array(s.length * 3)
  let n = 0
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c < 0x80) {
      out[n++] = c
      continue
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1)
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) fail(code, 'text contains a lone surrogate')
      c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
      i++
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6)
      out[n++] = 0x80 | (c & 63)
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12)
      out[n++] = 0x80 | ((c >> 6) & 63)
      out[n++] = 0x80 | (c & 63)
    } else {
      out[n++] = 0xf0 | (c >> 18)
      out[n++] = 0x80 | ((c >> 12) & 63)
      out[n++] = 0x80 | ((c >> 6) & 63)
      out[n++] = 0x80 | (c & 63)
    }
  }
  return out.slice(0, n)
}

/** Strict UTF-8 decode: overlong forms, surrogates and truncation are refused. */
export function utf8Decode(b: Uint8Array, code: ErrorCode = 'NP_ERR_CLAIM_MALFORMED'): string {
  let s = ''
  for (let i = 0; i < b.length; ) {
    const x = b[i++]
    let n = 0
    let c = 0
    let min = 0
    if (x < 0x80) {
      s += String.fromCharCode(x)
      continue
    }
    if (x >= 0xc2 && x <= 0xdf) {
      n = 1
      c = x & 31
      min = 0x80
    } else if (x >= 0xe0 && x <= 0xef) {
      n = 2
      c = x & 15
      min = 0x800
    } else if (x >= 0xf0 && x <= 0xf4) {
      n = 3
      c = x & 7
      min = 0x10000
    } else fail(code, 'invalid UTF-8')
    for (let k = 0; k < n; k++) {
      const y = b[i++]
      if (y === undefined || (y & 0xc0) !== 0x80) fail(code, 'invalid UTF-8')
      c = (c << 6) | (y & 63)
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) fail(code, 'invalid UTF-8')
    s += String.fromCodePoint(c)
  }
  return s
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const B64_INDEX: Record<string, number> = Object.fromEntries([...B64].map((ch, i) => [ch, i]))

/** base64url without padding (RFC 4648 §5). */
export function base64urlEncode(b: Uint8Array): string {
  let s = ''
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0)
    const chars = b.length - i >= 3 ? 4 : b.length - i + 1
    for (let k = 0; k < chars; k++) s += B64[(n >> (18 - 6 * k)) & 63]
  }
  return s
}

/** Strict base64url decode: no padding, no stray characters, canonical final bits. */
export function base64urlDecode(s: string, code: ErrorCode = 'NP_ERR_CLAIM_MALFORMED'): Uint8Array {
  if (s.length % 4 === 1) fail(code, 'base64url length is impossible')
  const out = new Uint8Array(Math.floor((s.length * 3) / 4))
  let o = 0
  for (let i = 0; i < s.length; i += 4) {
    const chunk = s.slice(i, i + 4)
    let n = 0
    for (let k = 0; k < 4; k++) {
      const v = k < chunk.length ? B64_INDEX[chunk[k]] : 0
      if (v === undefined) fail(code, 'not base64url')
      n = (n << 6) | v
    }
    const bytes = chunk.length - 1
    if (bytes < 3 && (n >> (8 * (3 - bytes))) << (8 * (3 - bytes)) !== n) fail(code, 'non-canonical base64url')
    for (let k = 0; k < bytes; k++) out[o++] = (n >> (16 - 8 * k)) & 255
  }
  return out
}

/** Concatenate byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/** Lower-case hex, for test vectors and docs. */
export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
}

/** The largest integer a varint may carry (2^49 − 1, seven 7-bit groups). */
export const MAX_VARINT = 2 ** 49 - 1

/** Text modes of {@link Writer.text}: the low two bits of its header. */
const TEXT_UTF8 = 0
const TEXT_UTF16 = 1
const TEXT_DIGITS = 2

/** Append-only binary writer. */
export class Writer {
  private readonly out: number[] = []

  /** One byte. */
  u8(n: number): this {
    this.checkInt(n, 0xff)
    this.out.push(n)
    return this
  }
  /** Three bytes, big-endian. */
  u24(n: number): this {
    this.checkInt(n, 0xffffff)
    this.out.push(n >>> 16, (n >>> 8) & 255, n & 255)
    return this
  }
  /** Four bytes, big-endian. */
  u32(n: number): this {
    this.checkInt(n, 0xffffffff)
    this.out.push(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255)
    return this
  }
  /** Unsigned LEB128, at most seven bytes. */
  varint(n: number): this {
    this.checkInt(n, MAX_VARINT)
    while (n >= 0x80) {
      this.out.push((n % 0x80) | 0x80)
      n = Math.floor(n / 0x80)
    }
    this.out.push(n)
    return this
  }
  /** Raw bytes. */
  raw(b: Uint8Array): this {
    for (const x of b) this.out.push(x)
    return this
  }
  /** Varint length, then the bytes. */
  bytes(b: Uint8Array): this {
    return this.varint(b.length).raw(b)
  }
  /** Varint byte length, then UTF-8. */
  utf8(s: string): this {
    return this.bytes(utf8Encode(s))
  }
  /**
   * Compact text: header varint `count << 2 | mode`, then the shortest of
   * decimal digits packed two per byte (mode 2), UTF-8 (mode 0) or UTF-16BE
   * (mode 1; Chinese text is 2 bytes a character instead of 3).
   */
  text(s: string): this {
    if (/^[0-9]+$/.test(s) && s.length > 1) {
      this.varint((s.length << 2) | TEXT_DIGITS)
      for (let i = 0; i < s.length; i += 2) this.out.push((+s[i] << 4) | (i + 1 < s.length ? +s[i + 1] : 0xf))
      return this
    }
    const u8 = utf8Encode(s)
    if (s.length * 2 < u8.length) {
      this.varint((s.length << 2) | TEXT_UTF16)
      for (let i = 0; i < s.length; i++) this.out.push(s.charCodeAt(i) >> 8, s.charCodeAt(i) & 255)
      return this
    }
    return this.varint((u8.length << 2) | TEXT_UTF8).raw(u8)
  }
  /** Everything written so far. */
  finish(): Uint8Array {
    return Uint8Array.from(this.out)
  }

  private checkInt(n: number, max: number): void {
    if (!Number.isInteger(n) || n < 0 || n > max) {
      throw new NpError('NP_ERR_VALIDATION', {
        params: { field: 'number', detail: `${n} is not an integer in 0..${max}` },
      })
    }
  }
}

/** Bounds-checked binary reader; every overrun is an `NpError` of its code. */
export class Reader {
  private pos = 0

  /** @param code the error code for malformed input. @default 'NP_ERR_CLAIM_MALFORMED' */
  constructor(
    readonly buf: Uint8Array,
    readonly code: MalformedCode = 'NP_ERR_CLAIM_MALFORMED',
  ) {}

  /** Bytes consumed so far. */
  get offset(): number {
    return this.pos
  }
  /** Bytes left. */
  get remaining(): number {
    return this.buf.length - this.pos
  }

  /** Throws this reader's error with `detail`. */
  fail(detail: string): never {
    return fail(this.code, detail)
  }

  /** One byte. */
  u8(): number {
    return this.take(1)[0]
  }
  /** Three bytes, big-endian. */
  u24(): number {
    const b = this.take(3)
    return (b[0] << 16) | (b[1] << 8) | b[2]
  }
  /** Four bytes, big-endian. */
  u32(): number {
    const b = this.take(4)
    return ((b[0] << 24) >>> 0) + ((b[1] << 16) | (b[2] << 8) | b[3])
  }
  /** Minimal unsigned LEB128 of at most seven bytes. */
  varint(): number {
    let n = 0
    for (let i = 0; i < 7; i++) {
      const b = this.u8()
      n += (b & 0x7f) * 2 ** (7 * i)
      if (!(b & 0x80)) {
        if (b === 0 && i > 0) this.fail('non-minimal varint')
        return n
      }
    }
    return this.fail('varint too long')
  }
  /** `n` raw bytes. */
  take(n: number): Uint8Array {
    if (n > this.remaining) this.fail(`truncated: needs ${n} bytes at ${this.pos}, ${this.remaining} left`)
    const out = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }
  /** Varint length, then the bytes. */
  bytes(): Uint8Array {
    return this.take(this.varint())
  }
  /** Varint byte length, then UTF-8. */
  utf8(): string {
    return utf8Decode(this.bytes(), this.code)
  }
  /** Compact text written by {@link Writer.text}. */
  text(): string {
    const h = this.varint()
    const n = Math.floor(h / 4)
    switch (h & 3) {
      case TEXT_UTF8:
        return utf8Decode(this.take(n), this.code)
      case TEXT_UTF16: {
        const b = this.take(n * 2)
        let s = ''
        for (let i = 0; i < n; i++) s += String.fromCharCode((b[2 * i] << 8) | b[2 * i + 1])
        utf8Encode(s, this.code)
        return s
      }
      case TEXT_DIGITS: {
        const b = this.take(Math.ceil(n / 2))
        let s = ''
        for (let i = 0; i < n; i++) {
          const d = i % 2 ? b[i >> 1] & 15 : b[i >> 1] >> 4
          if (d > 9) this.fail('bad digit')
          s += d
        }
        if (n % 2 && (b[b.length - 1] & 15) !== 0xf) this.fail('bad digit padding')
        return s
      }
      default:
        return this.fail('unknown text mode')
    }
  }
  /** Throws unless every byte was consumed. */
  end(): void {
    if (this.remaining) this.fail(`${this.remaining} trailing bytes`)
  }
}
