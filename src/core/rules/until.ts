/**
 * Candidate instants at which a verdict may change.
 *
 * CertLogic cannot say when its answer will flip, but the only things that
 * move with time are `external.validationClock` and the fields `factsAt`
 * derives from it (age, code currency, declarations in force, arrival), plus
 * which rule versions are in force.
 * A rule compares date-times it builds with `plusTime(<time>, k, unit)`, where
 * `<time>` is a fact, the clock or a literal (dates, date-times, and the EU's
 * partial dates `YYYY` / `YYYY-MM`, read as CertLogic reads them). So a
 * comparison involving the clock can only flip where the clock equals some
 * (fact or literal time) ± (some `plusTime`
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
import { roundUpPartialDate } from 'certlogic-js/dist/internals'
import { DAY, HOUR, nextBirthday, parseIso, tryParseIso } from './time'
import type { AnyFacts, EntryRule } from './types'

const DATE_LIKE = /^\d{4}(-\d{2}(-\d{2}(T[\d:.]+(Z|[+-][\d:]+)?)?)?)?$/

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

interface RuleStatics {
  literals: string[]
  amounts: Amount[]
  from: number
  to: number
}

/** What a rule itself contributes (its literals, `plusTime` amounts, validity), once per loaded rule: rules are immutable. */
const staticsOf = new WeakMap<EntryRule, RuleStatics>()

function ruleStatics(r: EntryRule): RuleStatics {
  let st = staticsOf.get(r)
  if (!st) {
    const literals: string[] = []
    collectStrings(r.logic, literals)
    const amounts: Amount[] = [{ amount: 0, unit: 'hour' }]
    collectAmounts(r.logic, amounts)
    st = {
      literals: [...new Set(literals)],
      amounts: [...new Map(amounts.map((x) => [`${x.amount}${x.unit}`, x])).values()],
      from: parseIso(r.validFrom),
      to: parseIso(r.validTo),
    }
    staticsOf.set(r, st)
  }
  return st
}

/** The payload part each `derived.<branch>` is computed from. */
const DERIVED_FROM: Record<string, string> = {
  tests: 'tests',
  codes: 'codes',
  declarations: 'declarations',
  vaccination: 'vaccinations',
  arrival: 'itinerary',
  ageYears: 'person',
}

/** The value at a dotted path (array indexes as numbers), `undefined` when absent. */
function valueAt(root: unknown, path: string): unknown {
  let v: unknown = root
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string, unknown>)[key]
  }
  return v
}

function dateOf(s: string): number | null {
  if (!DATE_LIKE.test(s)) return null
  if (s.length <= 7) {
    // The EU's partial dates (`YYYY`, `YYYY-MM`), rounded up as CertLogic's plusTime does.
    const d = roundUpPartialDate(s)
    return d === undefined || Number.isNaN(d.getTime()) ? null : d.getTime()
  }
  const t = tryParseIso(s)
  return Number.isNaN(t) ? null : t
}

/**
 * Every instant after `at` (or, with `direction` `-1`, before it, descending)
 * at which the verdict for these facts and rules may change, without duplicates.
 * @param rules every rule of the destination's sets, in force or not.
 */
export function candidateInstants(
  rules: readonly EntryRule[],
  facts: AnyFacts,
  at: number,
  direction: 1 | -1 = 1,
): number[] {
  const external: string[] = []
  for (const [key, value] of Object.entries(facts.external))
    if (key !== 'validationClock') collectStrings(value, external)
  const instants = new Set<number>()
  const dates = new Map<string, number | null>()
  const dateOfCached = (s: string): number | null => {
    let t = dates.get(s)
    if (t === undefined) {
      t = dateOf(s)
      dates.set(s, t)
    }
    return t
  }
  const byPath = new Map<string, string[]>()
  const stringsAt = (path: string): string[] => {
    let out = byPath.get(path)
    if (!out) {
      out = []
      collectStrings(valueAt(facts, path), out)
      byPath.set(path, out)
    }
    return out
  }
  // A comparison inside one rule pairs that rule's times with that rule's amounts: candidates per rule.
  for (const r of rules) {
    const strings: string[] = [...external]
    for (const f of r.affectedFields) {
      // Only the times a rule reads can move its answer: the subtree at each affected field and, for a
      // derived field, the payload records it is derived from (a lapsed declaration is absent from `derived`).
      strings.push(...stringsAt(f))
      const [root, branch] = f.split('.')
      if (root === 'derived' && DERIVED_FROM[branch]) strings.push(...stringsAt(`payload.${DERIVED_FROM[branch]}`))
    }
    const own = ruleStatics(r)
    for (const t of own.literals) strings.push(t)
    instants.add(own.from)
    instants.add(own.to)
    for (const s of new Set(strings)) {
      const t = dateOfCached(s)
      if (t === null) continue
      for (const { amount, unit } of own.amounts) {
        for (const c of [...shift(t, amount, unit), ...shift(t, -amount, unit)]) {
          instants.add(c)
          instants.add(c + 1)
        }
      }
    }
  }
  const person = (facts.payload as { person?: { birthDate?: unknown } } | null)?.person
  if (facts.derived && typeof person?.birthDate === 'string') {
    instants.add(nextBirthday(person.birthDate, at))
    instants.add(nextBirthday(person.birthDate, at - 366 * DAY))
  }
  return [...instants]
    .filter((c) => Number.isFinite(c) && (direction === 1 ? c > at : c < at))
    .sort((a, b) => (a - b) * direction)
}
