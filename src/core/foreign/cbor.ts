/**
 * A small CBOR (RFC 8949) decoder, decode-only, for HCERT's COSE_Sign1 and
 * CWT: integers, byte and text strings (definite and indefinite), arrays,
 * maps (as `Map`, keys may be integers), tags, simple values and floats.
 * Pure JS on `Uint8Array`; every malformation is an `NpError`. Plus the one
 * encoder HCERT needs: COSE's `Sig_structure`.
 */
import { concat, utf8Decode, utf8Encode } from '../bytes'
import { NpError } from '../errors'

/** A tagged item the decoder does not interpret. */
export class Tagged {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}

export type CborValue =
  | number
  | bigint
  | string
  | boolean
  | null
  | undefined
  | Uint8Array
  | CborValue[]
  | Map<CborValue, CborValue>
  | Tagged

const BREAK = Symbol('break')
const MAX_DEPTH = 64

function fail(detail: string): never {
  throw new NpError('NP_ERR_FOREIGN_MALFORMED', { params: { detail: `CBOR: ${detail}` } })
}

function half(h: number): number {
  const exp = (h >> 10) & 0x1f
  const mant = h & 0x3ff
  const v =
    exp === 0
      ? mant * 2 ** -24
      : exp === 31
        ? mant
          ? Number.NaN
          : Number.POSITIVE_INFINITY
        : (mant + 1024) * 2 ** (exp - 25)
  return h & 0x8000 ? -v : v
}

class Decoder {
  pos = 0
  constructor(readonly b: Uint8Array) {}

  need(n: number): void {
    if (n < 0 || this.pos + n > this.b.length) fail('data ends early')
  }

  uint(ai: number): number | bigint {
    if (ai < 24) return ai
    const size = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : ai === 27 ? 8 : fail(`reserved length ${ai}`)
    this.need(size)
    let n = 0n
    for (let i = 0; i < size; i++) n = (n << 8n) | BigInt(this.b[this.pos++])
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n
  }

  length(ai: number): number {
    const n = this.uint(ai)
    if (typeof n !== 'number') fail('length too large')
    return n as number
  }

  item(depth: number): CborValue | typeof BREAK {
    if (depth > MAX_DEPTH) fail('nested too deeply')
    this.need(1)
    const ib = this.b[this.pos++]
    const mt = ib >> 5
    const ai = ib & 31
    if (ai === 31) return this.indefinite(mt, depth)
    switch (mt) {
      case 0:
        return this.uint(ai)
      case 1: {
        const n = this.uint(ai)
        return typeof n === 'number' ? -1 - n : -1n - n
      }
      case 2:
      case 3: {
        const len = this.length(ai)
        this.need(len)
        const bytes = this.b.slice(this.pos, this.pos + len)
        this.pos += len
        return mt === 2 ? bytes : utf8Decode(bytes, 'NP_ERR_FOREIGN_MALFORMED')
      }
      case 4: {
        const len = this.length(ai)
        if (len > this.b.length - this.pos) fail('array longer than the data')
        const out: CborValue[] = []
        for (let i = 0; i < len; i++) out.push(this.value(depth + 1))
        return out
      }
      case 5: {
        const len = this.length(ai)
        if (len * 2 > this.b.length - this.pos) fail('map longer than the data')
        const m = new Map<CborValue, CborValue>()
        for (let i = 0; i < len; i++) {
          const k = this.value(depth + 1)
          m.set(k, this.value(depth + 1))
        }
        return m
      }
      case 6: {
        const tag = this.uint(ai)
        return new Tagged(Number(tag), this.value(depth + 1))
      }
      default:
        return this.simple(ai)
    }
  }

  value(depth: number): CborValue {
    const v = this.item(depth)
    if (v === BREAK) fail('unexpected break')
    return v as CborValue
  }

  simple(ai: number): CborValue | typeof BREAK {
    const view = (n: number) => {
      this.need(n)
      const dv = new DataView(this.b.buffer, this.b.byteOffset + this.pos, n)
      this.pos += n
      return dv
    }
    switch (ai) {
      case 20:
        return false
      case 21:
        return true
      case 22:
        return null
      case 23:
        return undefined
      case 25:
        return half(view(2).getUint16(0))
      case 26:
        return view(4).getFloat32(0)
      case 27:
        return view(8).getFloat64(0)
      case 31:
        return BREAK
      default:
        return fail(`unsupported simple value ${ai}`)
    }
  }

  indefinite(mt: number, depth: number): CborValue | typeof BREAK {
    if (mt === 2 || mt === 3) {
      const parts: Uint8Array[] = []
      for (;;) {
        this.need(1)
        if (this.b[this.pos] === 0xff) {
          this.pos++
          break
        }
        if (this.b[this.pos] >> 5 !== mt) fail('indefinite string chunk of another type')
        const chunk = this.value(depth + 1)
        parts.push(typeof chunk === 'string' ? utf8Encode(chunk) : (chunk as Uint8Array))
      }
      const all = concat(...parts)
      return mt === 2 ? all : utf8Decode(all, 'NP_ERR_FOREIGN_MALFORMED')
    }
    if (mt === 4) {
      const out: CborValue[] = []
      for (;;) {
        const v = this.item(depth + 1)
        if (v === BREAK) return out
        out.push(v)
      }
    }
    if (mt === 5) {
      const m = new Map<CborValue, CborValue>()
      for (;;) {
        const k = this.item(depth + 1)
        if (k === BREAK) return m
        m.set(k, this.value(depth + 1))
      }
    }
    if (mt === 7) return BREAK
    return fail(`indefinite length for major type ${mt}`)
  }
}

/** Decodes exactly one CBOR item; trailing bytes are refused. */
export function cborDecode(b: Uint8Array): CborValue {
  const d = new Decoder(b)
  const v = d.value(0)
  if (d.pos !== b.length) fail(`${b.length - d.pos} trailing bytes`)
  return v
}

/** A decoded value as plain JSON (map keys as strings, bytes as hex, tags unwrapped); for comparisons and display. */
export function cborToJson(v: CborValue): unknown {
  if (v instanceof Map) {
    const o: Record<string, unknown> = {}
    for (const [k, x] of v) o[String(k)] = cborToJson(x)
    return o
  }
  if (Array.isArray(v)) return v.map(cborToJson)
  if (v instanceof Tagged) return cborToJson(v.value)
  if (v instanceof Uint8Array) return Array.from(v, (x) => x.toString(16).padStart(2, '0')).join('')
  if (typeof v === 'bigint') return Number(v)
  return v
}

function head(mt: number, n: number): Uint8Array {
  if (n < 24) return Uint8Array.of((mt << 5) | n)
  if (n < 0x100) return Uint8Array.of((mt << 5) | 24, n)
  if (n < 0x10000) return Uint8Array.of((mt << 5) | 25, n >> 8, n & 255)
  return Uint8Array.of((mt << 5) | 26, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255)
}

/** COSE `Sig_structure` for COSE_Sign1 (RFC 9052 §4.4), with empty external AAD. */
export function sigStructure1(protectedHeader: Uint8Array, payload: Uint8Array): Uint8Array {
  const ctx = utf8Encode('Signature1')
  return concat(
    head(4, 4),
    head(3, ctx.length),
    ctx,
    head(2, protectedHeader.length),
    protectedHeader,
    head(2, 0),
    head(2, payload.length),
    payload,
  )
}
