/**
 * Instants for the rules engine: parse ISO 8601 with offsets, write ISO in
 * Asia/Shanghai, and format for reason texts. China has one zone, UTC+8, with
 * no daylight saving since 1991, so everything here is plain offset arithmetic:
 * mini-program runtimes may lack Intl time-zone data, and the device's own zone
 * must never change a verdict.
 */
import { NpError } from '../errors'

/** One hour in milliseconds. */
export const HOUR = 3_600_000
/** One day in milliseconds. */
export const DAY = 24 * HOUR
/** Asia/Shanghai's offset from UTC in milliseconds (UTC+8, no DST). */
export const SHANGHAI_OFFSET = 8 * HOUR

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/

/**
 * Parse an ISO 8601 date or date-time to epoch ms, honouring its offset.
 * A date-time without an offset is read as UTC (CertLogic's rule); a bare date
 * is midnight UTC. Fractions beyond milliseconds are truncated, as CertLogic does.
 * @throws NpError `NP_ERR_VALIDATION` when `iso` is not such a string.
 */
export function parseIso(iso: string): number {
  const m = ISO.exec(iso)
  if (!m) throw new NpError('NP_ERR_VALIDATION', { params: { field: 'date-time', detail: `not ISO 8601: ${iso}` } })
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', off = 'Z'] = m
  const ms = Number(frac.padEnd(3, '0').slice(0, 3))
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms)
  if (Number.isNaN(local) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new NpError('NP_ERR_VALIDATION', { params: { field: 'date-time', detail: `out of range: ${iso}` } })
  }
  return local - offsetMs(off)
}

/** `parseIso`, but `NaN` for a string that is not ISO 8601 (every comparison with it is false). */
export function tryParseIso(iso: string): number {
  try {
    return parseIso(iso)
  } catch {
    return Number.NaN
  }
}

function offsetMs(off: string): number {
  if (off === 'Z') return 0
  const sign = off[0] === '-' ? -1 : 1
  const digits = off.slice(1).replace(':', '')
  return sign * (Number(digits.slice(0, 2)) * HOUR + Number(digits.slice(2) || '0') * 60_000)
}

/** True when `iso` is a date-time with an explicit offset (`Z` or `±hh:mm`). */
export function hasOffset(iso: string): boolean {
  const m = ISO.exec(iso)
  return m !== null && m[4] !== undefined && m[8] !== undefined
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** The Shanghai wall-clock fields of an instant. */
export interface ShanghaiParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millisecond: number
}

/** Split an instant into Asia/Shanghai wall-clock fields (device zone ignored). */
export function shanghaiParts(ms: number): ShanghaiParts {
  const d = new Date(ms + SHANGHAI_OFFSET)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  }
}

/** Midnight in Shanghai of a calendar date, as epoch ms (month 1–12; overflow rolls as `Date.UTC` does). */
export function shanghaiMidnight(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) - SHANGHAI_OFFSET
}

/** `2026-11-28T15:00:00.000+08:00`: the form facts carry, parseable by CertLogic. */
export function toShanghaiIso(ms: number): string {
  const p = shanghaiParts(ms)
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(p.millisecond, 3)}+08:00`
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * A short Shanghai time for texts: `15:00 on 28 Nov` / `11月28日 15:00`.
 * Seconds are dropped (times are cut down to the minute, never rounded up, so
 * "before 15:00" is never later than the true limit).
 */
export function formatShanghai(ms: number, lang: 'zh' | 'en'): string {
  const p = shanghaiParts(ms)
  const hm = `${pad(p.hour)}:${pad(p.minute)}`
  return lang === 'zh' ? `${p.month}月${p.day}日 ${hm}` : `${hm} on ${p.day} ${MONTHS_EN[p.month - 1]}`
}

/** Whole years from an ISO birth date to an instant, by the Shanghai calendar. */
export function ageYears(birthDate: string, at: number): number {
  const [by, bm, bd] = birthDate.slice(0, 10).split('-').map(Number)
  const p = shanghaiParts(at)
  const beforeBirthday = p.month < bm || (p.month === bm && p.day < bd)
  return p.year - by - (beforeBirthday ? 1 : 0)
}

/** The first Shanghai midnight after `at` on which `ageYears` goes up (29 Feb rolls to 1 Mar). */
export function nextBirthday(birthDate: string, at: number): number {
  const [, bm, bd] = birthDate.slice(0, 10).split('-').map(Number)
  const year = shanghaiParts(at).year
  for (const y of [year, year + 1]) {
    const t = shanghaiMidnight(y, bm, bd)
    if (t > at && ageYears(birthDate, t) > ageYears(birthDate, at)) return t
  }
  return shanghaiMidnight(year + 2, bm, bd)
}
