/**
 * Resident ID numbers (GB 11643-1999): 6-digit region, 8-digit birth date,
 * 3-digit sequence (odd for men, even for women), 1 check character (ISO 7064
 * MOD 11-2). Platform-free.
 */
import provinces from './data/provinces.json'
import { NpError } from './errors'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** Province prefixes that may begin an ID: the 31 mainland regions plus Hong Kong, Macao and Taiwan residence permits. */
const REGION_PREFIXES = new Set([...provinces.provinces.map((p) => p.code.slice(0, 2)), '81', '82', '83'])

/**
 * The check character (`0`–`9` or `X`) for the first 17 digits of an ID number.
 * Throws when `first17` is not 17 digits.
 */
export function idChecksum(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`idChecksum needs 17 digits, got ${first17.length} characters`)
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

/**
 * Why an ID number was rejected, without words: the form says it in the
 * reader's language ({@link idNumberProblemText}).
 */
export type IdNumberProblem =
  | { kind: 'length'; length: number }
  | { kind: 'characters' }
  | { kind: 'region'; prefix: string }
  | { kind: 'birthDate'; digits: string }
  /** The check character does not match the other 17: some character (any of the 18) is mistyped. */
  | { kind: 'checksum' }

/** The outcome of `validateIdNumber`. */
export type IdNumberCheck =
  | {
      ok: true
      /** Normalised: trimmed, check character upper-case. */
      idNumber: string
      /** ISO `YYYY-MM-DD`. */
      birthDate: string
      /** The 6-digit administrative region of first registration. */
      region: string
    }
  | { ok: false; error: NpError; problem: IdNumberProblem }

/**
 * What is wrong, for the person typing the number. A checksum mismatch never
 * suggests a replacement character: the mistyped character is as likely in
 * the birth date or sequence as at the end, and "fixing" the last one gives a
 * number that passes but is someone else's.
 */
export function idNumberProblemText(p: IdNumberProblem, lang: 'zh' | 'en'): string {
  switch (p.kind) {
    case 'length':
      return lang === 'zh'
        ? `输入了${p.length}位，身份证号应为18位`
        : `it has ${p.length} characters; a resident ID number has 18`
    case 'characters':
      return lang === 'zh'
        ? '只能填写数字，仅最后一位可以是X'
        : 'only digits are allowed, and X only as the last character'
    case 'region':
      return lang === 'zh'
        ? `开头的${p.prefix}不是省份代码，请核对前几位`
        : `it starts with ${p.prefix}, which is not a province code; check the first digits`
    case 'birthDate':
      return lang === 'zh'
        ? `第7–14位应为出生日期（年月日），${p.digits}不是有效日期`
        : `characters 7–14 should be a birth date (YYYYMMDD), but ${p.digits} is not a possible one`
    case 'checksum':
      return lang === 'zh'
        ? '校验位不符：18位中有字符输错，请对照身份证逐位核对'
        : 'the check digit does not match, so one of the 18 characters is mistyped; check each one against the ID card'
  }
}

function fail(problem: IdNumberProblem): IdNumberCheck {
  const detail = idNumberProblemText(problem, 'en')
  return { ok: false, problem, error: new NpError('NP_ERR_ID_NUMBER', { params: { detail } }) }
}

function isCalendarDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

/**
 * Check an 18-character resident ID number. `today` (epoch ms) bounds the
 * birth date. @default today Date.now()
 */
export function validateIdNumber(input: string, today: number = Date.now()): IdNumberCheck {
  const s = input.trim().toUpperCase()
  if (s.length !== 18) return fail({ kind: 'length', length: s.length })
  if (!/^\d{17}[\dX]$/.test(s)) return fail({ kind: 'characters' })
  if (!REGION_PREFIXES.has(s.slice(0, 2))) return fail({ kind: 'region', prefix: s.slice(0, 2) })
  const y = Number(s.slice(6, 10))
  const m = Number(s.slice(10, 12))
  const d = Number(s.slice(12, 14))
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`
  if (y < 1900 || !isCalendarDate(y, m, d) || Date.UTC(y, m - 1, d) > today) {
    return fail({ kind: 'birthDate', digits: s.slice(6, 14) })
  }
  if (s[17] !== idChecksum(s.slice(0, 17))) return fail({ kind: 'checksum' })
  return { ok: true, idNumber: s, birthDate, region: s.slice(0, 6) }
}

/** The last `n` characters of an ID number, for holder binding and display. @default n 4 */
export function idTail(idNumber: string, n = 4): string {
  return idNumber.slice(-n)
}
