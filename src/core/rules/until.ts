/**
 * Candidate instants at which a verdict may change.
 *
 * CertLogic cannot say when its answer will flip, but the only things that
 * move with time are `now` and the fields `factsAt` derives from it (age, code
 * currency, declarations in force), plus which rule versions are in force.
 * A rule compares date-times it builds with `plusTime(<time>, k, unit)`, where
 * `<time>` is a fact, `now` or a literal. So a comparison involving `now` can
 * only flip where `now` equals some (fact or literal time) ± (some `plusTime`
 * amount of the rules), or one millisecond later (inclusive bounds flip just
 * after). Derived facts flip at code and declaration `validUntil` and at the
 * next birthday; rule selection at each rule's `validFrom` / `validTo`.
 *
 * The engine re-evaluates at these candidates in ascending order and stops at
 * the first whose verdict differs, so `until` is exact, not just a bound. If
 * the set ever missed an instant (month arithmetic near month ends rolls over
 * rather than clamps, hence the ±1 day neighbours), the engine still bisects
 * between the last unchanged candidate and the first changed one.
 */
import type { CertLogicExpression, TimeUnit } from 'certlogic-js'
import { DAY, HOUR, nextBirthday, parseIso, tryParseIso } from './time'
import type { EntryRule, Facts } from './types'

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-][\d:]+)?)?$/

interface Amount {
  amount: number
  unit: TimeUnit
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out)
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) collectStrings(item, out)
}

function collectAmounts(logic: CertLogicExpression, out: Amount[]): void {
  if (Array.isArray(logic)) {
    for (const item of logic) collectAmounts(item, out)
    return
  }
  if (typeof logic !== 'object' || logic === null) return
  for (const [op, args] of Object.entries(logic)) {
    if (op === 'plusTime' && Array.isArray(args) && typeof args[1] === 'number' && typeof args[2] === 'string') {
      out.push({ amount: Math.abs(args[1]), unit: args[2] as TimeUnit })
    }
    if (Array.isArray(args)) for (const item of args) collectAmounts(item as CertLogicExpression, out)
  }
}

function shift(t: number, amount: number, unit: TimeUnit): number[] {
  if (unit === 'hour') return [t + amount * HOUR]
  if (unit === 'day') return [t + amount * DAY]
  const d = new Date(t)
  if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + amount)
  else d.setUTCFullYear(d.getUTCFullYear() + amount)
  const c = d.getTime()
  return [c - DAY, c, c + DAY]
}

function dateOf(s: string): number | null {
  if (!DATE_LIKE.test(s)) return null
  const t = tryParseIso(s)
  return Number.isNaN(t) ? null : t
}

/**
 * Every instant after `at` at which the verdict for these facts and rules may
 * change, ascending and without duplicates.
 * @param rules every rule of the destination's sets, in force or not.
 */
export function candidateInstants(rules: readonly EntryRule[], facts: Facts, at: number): number[] {
  const strings: string[] = []
  for (const [key, value] of Object.entries(facts)) if (key !== 'now') collectStrings(value, strings)
  const amounts: Amount[] = [{ amount: 0, unit: 'hour' }]
  const instants = new Set<number>()
  for (const r of rules) {
    collectStrings(r.logic, strings)
    collectAmounts(r.logic, amounts)
    instants.add(parseIso(r.validFrom))
    instants.add(parseIso(r.validTo))
  }
  instants.add(nextBirthday(facts.person.birthDate, at))
  const distinct = new Map(amounts.map((a) => [`${a.amount}${a.unit}`, a]))
  for (const s of new Set(strings)) {
    const t = dateOf(s)
    if (t === null) continue
    for (const { amount, unit } of distinct.values()) {
      for (const c of [...shift(t, amount, unit), ...shift(t, -amount, unit)]) {
        instants.add(c)
        instants.add(c + 1)
      }
    }
  }
  return [...instants].filter((c) => c > at && Number.isFinite(c)).sort((a, b) => a - b)
}
