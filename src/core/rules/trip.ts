/**
 * The trip check: for a multi-stop itinerary, the verdict at each arrival with
 * the facts the traveller will have by then (tests age, declarations lapse),
 * and concrete advice: when to take a test, where to declare.
 */
import provinces from '../data/provinces.json'
import { authorityName } from '../authorities'
import type { ProvinceCode, TestResult } from '../model'
import { evaluate, evaluateRules, publishedValueSets, selectRules } from './engine'
import { buildFacts } from './facts'
import type { FactsInput, Stay } from './facts'
import { formatShanghai, HOUR } from './time'
import type { Lang, RuleSet, Verdict } from './types'

/** One arrival on the itinerary. */
export interface TripStop {
  province: ProvinceCode
  /** Epoch ms. */
  arrivalAt: number
}

/** What the traveller holds now; the trip check ages it to each arrival. */
export type TripInputs = Omit<FactsInput, 'destination' | 'at'>

/** The check of one stop. */
export interface TripStopCheck extends TripStop {
  verdict: Verdict
  /** What to do before arriving, in the traveller's language; empty when admitted. */
  advice: string[]
}

/**
 * Assumed time from sampling to report for the advice's hypothetical PCR test:
 * 6 h, a typical single-tube turnaround in 2022 (pooled samples took longer).
 * @default 6 h
 */
export const PCR_REPORT_DELAY = 6 * HOUR

const STEP = 15 * 60_000
const SEARCH_BACK = 7 * 24 * HOUR
const MINUTE = 60_000
/**
 * An earliest sample time closer to now than this is not worth saying: "not
 * before <now>" reads as a restriction that isn't one.
 */
const NOT_BEFORE_SLACK = 30 * MINUTE

/** The province's name in `lang`, from the GB/T 2260 table. */
export function provinceName(code: ProvinceCode, lang: Lang): string {
  const p = provinces.provinces.find((x) => x.code === code)
  return p ? p[lang] : (authorityName(code, lang) ?? code)
}

/** The window of sample times whose (hypothetical, negative) PCR satisfies every test rule at arrival. */
function sampleWindow(
  sets: readonly RuleSet[],
  stop: TripStop,
  inputs: TripInputs,
  now: number,
  delay: number,
): { earliest: number; latest: number } | null {
  const rules = selectRules(sets, stop.province, stop.arrivalAt).filter((r) => r.action?.kind === 'test')
  const passes = (s: number): boolean => {
    const test: TestResult = {
      sampleId: `trip-advice-${s}`,
      kind: 'pcr',
      outcome: 'negative',
      sampledAt: s,
      reportedAt: s + delay,
      pooled: false,
      lab: '',
      province: stop.province,
    }
    const facts = buildFacts({
      ...inputs,
      itinerary: [...(inputs.itinerary ?? []), { province: stop.province, from: stop.arrivalAt }],
      tests: [...inputs.tests, test],
      valueSets: { ...publishedValueSets(sets), ...inputs.valueSets },
      destination: stop.province,
      at: stop.arrivalAt,
    })
    return evaluateRules(rules, facts, 'en').reasons.length === 0
  }
  const floor = Math.max(now, stop.arrivalAt - SEARCH_BACK)
  let s = stop.arrivalAt
  while (s >= floor && !passes(s)) s -= STEP
  if (s < floor) return null
  // The window's edges to the millisecond, by bisection between a passing and a failing sample time.
  const edge = (pass: number, fail: number): number => {
    while (Math.abs(fail - pass) > 1) {
      const mid = Math.floor((pass + fail) / 2)
      if (passes(mid)) pass = mid
      else fail = mid
    }
    return pass
  }
  const latest = s === stop.arrivalAt ? s : edge(s, Math.min(s + STEP, stop.arrivalAt))
  let e = s
  while (e - STEP >= floor && passes(e - STEP)) e -= STEP
  const earliest = e - STEP >= floor ? edge(e, e - STEP) : Math.max(floor, e)
  return { earliest, latest }
}

function testAdvice(
  name: string,
  stop: TripStop,
  win: { earliest: number; latest: number } | null,
  now: number,
  delay: number,
  lang: Lang,
): string {
  const arrive = formatShanghai(stop.arrivalAt, lang)
  const hours = Math.round(delay / HOUR)
  if (win === null) {
    return lang === 'zh'
      ? `从现在起采样的核酸结果（按${hours}小时出结果估算）都赶不上${arrive}进入${name}的要求，请调整行程`
      : `No PCR test sampled from now on (result assumed within ${hours} h) can satisfy ${name} at ${arrive}; change the trip`
  }
  const latest = formatShanghai(Math.floor(win.latest / MINUTE) * MINUTE, lang)
  const earliest = Math.ceil(win.earliest / MINUTE) * MINUTE
  const notBefore = earliest > now + NOT_BEFORE_SLACK ? formatShanghai(earliest, lang) : null
  return lang === 'zh'
    ? `请在${latest}前采样核酸${notBefore ? `（不早于${notBefore}）` : ''}，以便${arrive}进入${name}（按${hours}小时出结果估算）`
    : `Take a PCR test before ${latest}${notBefore ? ` (not before ${notBefore})` : ''} to enter ${name} at ${arrive}, assuming the result is out within ${hours} h`
}

function readsDeclarations(sets: readonly RuleSet[], ruleId: string): boolean {
  const rule = sets.flatMap((s) => s.rules).find((r) => r.identifier === ruleId)
  return rule?.affectedFields.some((f) => /^(derived|payload)\.declarations/.test(f)) ?? false
}

/** The traveller's known stays plus the trip's stops up to `stop`, each lasting until the next arrival. */
function itineraryTo(stops: readonly TripStop[], stop: TripStop, inputs: TripInputs): Stay[] {
  const planned = [...stops].filter((s) => s.arrivalAt <= stop.arrivalAt).sort((a, b) => a.arrivalAt - b.arrivalAt)
  return [
    ...(inputs.itinerary ?? []),
    ...planned.map((s, i) => ({
      province: s.province,
      from: s.arrivalAt,
      ...(i + 1 < planned.length ? { to: planned[i + 1].arrivalAt } : {}),
    })),
  ]
}

/**
 * Check every stop of a trip: the verdict at arrival with the facts as they
 * will stand then, and advice. For a failed test rule the advice names the
 * latest (and, if it is more than 30 minutes ahead, the earliest) sample time of a negative
 * PCR, reported `reportDelay` later, that would satisfy every test rule at
 * arrival, found by trying hypothetical tests on a 15-minute grid and bisecting
 * the edges. Stops are checked independently against what the traveller holds
 * now; the trip's stops up to each one are its itinerary (`payload.itinerary`,
 * `derived.arrival`). A stop whose province has no rule set, or none in force
 * at arrival, gets an `unknown` verdict with its cause, never `admit`.
 */
export function checkTrip(
  stops: readonly TripStop[],
  inputs: TripInputs,
  ruleSets: readonly RuleSet[],
  now: number,
  lang: Lang,
  reportDelay: number = PCR_REPORT_DELAY,
): TripStopCheck[] {
  return stops.map((stop) => {
    const sets = ruleSets.filter((s) => s.province === stop.province)
    const facts = buildFacts({
      ...inputs,
      itinerary: itineraryTo(stops, stop, inputs),
      destination: stop.province,
      at: stop.arrivalAt,
    })
    const verdict = evaluate(sets, facts, stop.arrivalAt, lang)
    const name = provinceName(stop.province, lang)
    const advice: string[] = []
    for (const reason of verdict.reasons) {
      let text: string
      if (reason.action === 'test')
        text = testAdvice(name, stop, sampleWindow(sets, stop, inputs, now, reportDelay), now, reportDelay, lang)
      else if (reason.action === 'declare' && readsDeclarations(sets, reason.ruleId)) {
        const arrive = formatShanghai(stop.arrivalAt, lang)
        text = lang === 'zh' ? `请在${arrive}抵达前申报进入${name}` : `Declare arrival in ${name} before ${arrive}`
      } else text = reason.text
      if (!advice.includes(text)) advice.push(text)
    }
    return { ...stop, verdict, advice }
  })
}
