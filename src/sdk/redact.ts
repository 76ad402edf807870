/**
 * Redaction for everything a plugin (or the host) writes to the log: ID
 * numbers, phone numbers and names never appear in full.
 */
import type { Identity } from '../core/model'

/** GB 11643 resident ID (18 characters, last may be X) or the old 15-digit form. */
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g
/** Mainland mobile number, optionally with +86. */
const PHONE = /(?<!\d)(\+?86[ -]?)?(1[3-9]\d(?:[ -]?\d{4}){2})(?!\d)/g
/** Field keys whose values are personal whatever they look like. */
const PERSONAL_KEY = /(^|_|-|\b)(name|xm|姓名|holder|idNumber|idNo|idcard|sfz|phone|mobile|tel|sjh)/i

/** Keep the first `head` and last `tail` characters, mask the rest with `*`. */
export function mask(value: string, head: number, tail: number): string {
  const chars = Array.from(value)
  if (chars.length <= head + tail) return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`
  return (
    chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('')
  )
}

/** Mask a Chinese (or any) name: `张三` → `张*`, `欧阳娜娜` → `欧**娜`. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length <= 2) return chars.length === 0 ? '' : `${chars[0]}*`
  return mask(chars.join(''), 1, 1)
}

/** A redactor bound to the identity (if any) the current call concerns. */
export interface Redactor {
  text(value: string): string
  field(key: string, value: string | number | boolean): string | number | boolean
}

/**
 * Build a redactor. Pattern rules always apply (ID numbers keep 3 + 2
 * characters, phones 3 + 2); the known identity's exact name, ID number and
 * phone are masked wherever they occur, in any format the pattern misses.
 */
export function createRedactor(identity?: Partial<Identity>): Redactor {
  const known: Array<[string, string]> = []
  if (identity?.idNumber) known.push([identity.idNumber, mask(identity.idNumber, 3, 2)])
  if (identity?.phone) known.push([identity.phone, mask(identity.phone, 3, 2)])
  if (identity?.name && identity.name.trim().length > 0) known.push([identity.name.trim(), maskName(identity.name)])
  if (identity?.birthDate) known.push([identity.birthDate, '****-**-**'])

  const text = (value: string): string => {
    let out = value
      .replace(ID_NUMBER, (id) => mask(id, 3, 2))
      .replace(
        PHONE,
        (_m, cc: string | undefined, national: string) => (cc ?? '') + mask(national.replace(/[ -]/g, ''), 3, 2),
      )
    for (const [plain, masked] of known) out = out.split(plain).join(masked)
    return out
  }

  const field = (key: string, value: string | number | boolean): string | number | boolean => {
    if (typeof value === 'boolean') return value
    const asText = String(value)
    if (PERSONAL_KEY.test(key)) return looksLikeName(asText) ? maskName(asText) : mask(asText, 3, 2)
    const redacted = text(asText)
    return redacted === asText ? value : redacted
  }

  return { text, field }
}

function looksLikeName(value: string): boolean {
  return /^[\u3400-\u9fff·]{1,12}$/.test(value) || /^[A-Za-z][A-Za-z .'-]{0,60}$/.test(value)
}
