/**
 * Base45 (RFC 9285): bytes as text in the QR alphanumeric alphabet, so a QR
 * code can use its dense alphanumeric mode. 2 bytes become 3 characters.
 */
import { type ErrorCode, NpError } from './errors'

/** The RFC 9285 alphabet, value order. */
export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'

const INDEX: Record<string, number> = Object.fromEntries([...BASE45_ALPHABET].map((c, i) => [c, i]))

/** Encode bytes as base45. */
export function base45Encode(b: Uint8Array): string {
  let s = ''
  for (let i = 0; i + 1 < b.length; i += 2) {
    const n = b[i] * 256 + b[i + 1]
    s += BASE45_ALPHABET[n % 45] + BASE45_ALPHABET[Math.floor(n / 45) % 45] + BASE45_ALPHABET[Math.floor(n / 2025)]
  }
  if (b.length % 2) {
    const n = b[b.length - 1]
    s += BASE45_ALPHABET[n % 45] + BASE45_ALPHABET[Math.floor(n / 45)]
  }
  return s
}

/**
 * Decode base45. Characters outside the alphabet, a length of 3k+1 and
 * groups that overflow (> 65535, or > 255 for a final pair) are refused.
 * @param code the error code to throw. @default 'NP_ERR_PASS_MALFORMED'
 */
export function base45Decode(s: string, code: ErrorCode = 'NP_ERR_PASS_MALFORMED'): Uint8Array {
  const fail = (detail: string): never => {
    throw new NpError(code, { params: { detail } })
  }
  if (s.length % 3 === 1) fail('base45 length is impossible')
  const out = new Uint8Array(Math.floor(s.length / 3) * 2 + (s.length % 3 ? 1 : 0))
  let o = 0
  for (let i = 0; i < s.length; i += 3) {
    const group = s.slice(i, i + 3)
    let n = 0
    for (let k = group.length - 1; k >= 0; k--) {
      const v = INDEX[group[k]]
      if (v === undefined) fail(`character ${JSON.stringify(group[k])} is not base45`)
      n = n * 45 + v
    }
    if (group.length === 3) {
      if (n > 0xffff) fail('base45 group overflows')
      out[o++] = n >> 8
      out[o++] = n & 255
    } else {
      if (n > 0xff) fail('base45 group overflows')
      out[o++] = n
    }
  }
  return out
}
