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
  | { ok: false; error: NpError }

function fail(detail: string): IdNumberCheck {
  return { ok: false, error: new NpError('NP_ERR_ID_NUMBER', { params: { detail } }) }
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
  if (s.length !== 18) {
    return fail(`it has ${s.length} characters; a resident ID number has 18`)
  }
  if (!/^\d{17}[\dX]$/.test(s)) {
    return fail('only digits are allowed, and X only as the last character')
  }
  if (!REGION_PREFIXES.has(s.slice(0, 2))) {
    return fail(`it starts with ${s.slice(0, 2)}, which is not a province code; check the first digits`)
  }
  const y = Number(s.slice(6, 10))
  const m = Number(s.slice(10, 12))
  const d = Number(s.slice(12, 14))
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`
  if (y < 1900 || !isCalendarDate(y, m, d) || Date.UTC(y, m - 1, d) > today) {
    return fail(`characters 7–14 should be a birth date (YYYYMMDD), but ${s.slice(6, 14)} is not a possible one`)
  }
  const expected = idChecksum(s.slice(0, 17))
  if (s[17] !== expected) {
    return fail(`the last character should be ${expected}; check for a typo`)
  }
  return { ok: true, idNumber: s, birthDate, region: s.slice(0, 6) }
}

/** The last `n` characters of an ID number, for holder binding and display. @default n 4 */
export function idTail(idNumber: string, n = 4): string {
  return idNumber.slice(-n)
}
