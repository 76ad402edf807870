/**
 * Redaction for everything a plugin (or the host) writes to the log: ID
 * numbers, phone numbers and names never appear in full.
 */
import type { Identity } from '../core/model'

/** Separators people write inside numbers: spaces (also full-width), dashes, dots, underscores. */
const SEP = '[\\s\\u3000\\-_.·－]?'
/**
 * GB 11643 resident ID (18 characters, last may be X) or the old 15-digit
 * form, in any spacing (`440106 19900307 123X`, `4401-0619…`); matched on the
 * text with full-width characters folded to ASCII (see {@link fold}).
 */
const ID_NUMBER = new RegExp(
  `(?<![0-9A-Za-z])(\\d(?:${SEP}\\d){16}${SEP}[\\dXx]|\\d(?:${SEP}\\d){14})(?![0-9A-Za-z])`,
  'g',
)
/** Session tokens in headers or text. */
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi
/** Mainland mobile number, optionally with +86. */
const PHONE = /(?<!\d)(\+?86[ -]?)?(1[3-9]\d(?:[ -]?\d{4}){2})(?!\d)/g
/** Field keys whose values are personal whatever they look like. */
const PERSONAL_KEY = /(^|_|-|\b)(name|xm|姓名|holder|idNumber|idNo|idcard|sfz|phone|mobile|tel|sjh|birth|csrq)/i
/** Field keys whose values are secrets: masked entirely. */
const SECRET_KEY = /(token|authorization|credential|secret|password|code$)/i

/** Full-width digits, letters and signs (U+FF01–U+FF5E) to ASCII, one UTF-16 unit for one: indices stay aligned. */
export function fold(value: string): string {
  return value.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ')
}

/** Replace what `pattern` matches in the folded text at the same places of the original text. */
function replaceFolded(value: string, pattern: RegExp, replace: (match: string) => string): string {
  const folded = fold(value)
  let out = ''
  let last = 0
  for (const m of folded.matchAll(pattern)) {
    const at = m.index ?? 0
    out += value.slice(last, at) + replace(m[0])
    last = at + m[0].length
  }
  return out + value.slice(last)
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A pattern for a known value in any spacing, case and width (a name split by spaces, an ID with dashes). */
function anySpacing(value: string): RegExp {
  const chars = Array.from(fold(value).replace(/[\s\-_.·]/g, ''))
  return new RegExp(chars.map(escapeRe).join(SEP), 'gi')
}

/** A birth date `YYYY-MM-DD` written as `YYYYMMDD`, `YYYY/MM/DD`, `YYYY.M.D`, `YYYY年M月D日` and so on. */
function birthDatePattern(iso: string): RegExp | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return undefined
  const [, y, mo, d] = m
  const part = (p: string) => `0?${Number(p)}`
  return new RegExp(`(?<!\\d)${y}(?:${SEP}${mo}${SEP}${d}|[-/.年]${part(mo)}[-/.月]${part(d)}日?)(?!\\d)`, 'g')
}

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
  const known: Array<[RegExp, string]> = []
  if (identity?.idNumber) known.push([anySpacing(identity.idNumber), mask(identity.idNumber, 3, 2)])
  if (identity?.phone) known.push([anySpacing(identity.phone), mask(identity.phone, 3, 2)])
  if (identity?.name && identity.name.trim().length > 0)
    known.push([anySpacing(identity.name.trim()), maskName(identity.name)])
  // The birth date, given or read from the ID number (characters 7–14), in any common writing.
  const id = identity?.idNumber ? fold(identity.idNumber).replace(/[\s\-_.]/g, '') : ''
  const births = new Set([
    identity?.birthDate,
    /^\d{17}/.test(id) ? `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` : undefined,
  ])
  for (const b of births) {
    const pattern = b ? birthDatePattern(b) : undefined
    if (pattern) known.push([pattern, '****-**-**'])
  }

  const text = (value: string): string => {
    let out = replaceFolded(value, ID_NUMBER, (m) => mask(m.replace(/[^0-9Xx]/g, ''), 3, 2))
    out = replaceFolded(out, PHONE, (m) => {
      const digits = m.replace(/[^0-9+]/g, '')
      const national = digits.slice(-11)
      return digits.slice(0, -11) + mask(national, 3, 2)
    })
    for (const [pattern, masked] of known) out = replaceFolded(out, pattern, () => masked)
    return out.replace(BEARER, '$1 ***')
  }

  const field = (key: string, value: string | number | boolean): string | number | boolean => {
    if (typeof value === 'boolean') return value
    const asText = String(value)
    if (SECRET_KEY.test(key)) return '***'
    if (PERSONAL_KEY.test(key)) return looksLikeName(asText) ? maskName(asText) : mask(text(asText), 3, 2)
    const redacted = text(asText)
    return redacted === asText ? value : redacted
  }

  return { text, field }
}

function looksLikeName(value: string): boolean {
  return /^[\u3400-\u9fff·]{1,12}$/.test(value) || /^[A-Za-z][A-Za-z .'-]{0,60}$/.test(value)
}
