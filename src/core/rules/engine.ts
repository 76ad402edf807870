/**
 * The one entry-rules engine: picks the rules in force and evaluates them with
 * the EU's CertLogic evaluator (certlogic-js) for the pass screen, guard mode
 * and trip check alike.
 */
import { evaluate as certlogic } from 'certlogic-js'
import type { ProvinceCode } from '../model'
import { factsAt } from './facts'
import { compareVersions } from './load'
import { formatShanghai, parseIso, tryParseIso } from './time'
import type {
  AnyFacts,
  Distance,
  EntryRule,
  Lang,
  RuleSet,
  UnknownCause,
  ValueSets,
  Verdict,
  VerdictReason,
} from './types'
import { candidateInstants } from './until'

export { loadRuleSet, compareVersions, logicProblems, FACT_ROOTS } from './load'

const windows = new WeakMap<EntryRule, [number, number]>()

function windowOf(rule: EntryRule): [number, number] {
  let w = windows.get(rule)
  if (!w) {
    w = [parseIso(rule.validFrom), parseIso(rule.validTo)]
    windows.set(rule, w)
  }
  return w
}

/**
 * The rules of `province` in force at `at` (validFrom ≤ at < validTo), one per
 * identifier: the highest version in force. A new version therefore takes
 * effect at its `validFrom`, never on publication. Sorted by identifier.
 */
export function selectRules(ruleSets: readonly RuleSet[], province: ProvinceCode, at: number): EntryRule[] {
  const best = new Map<string, EntryRule>()
  for (const set of ruleSets) {
    if (set.province !== province) continue
    for (const rule of set.rules) {
      const [from, to] = windowOf(rule)
      if (at < from || at >= to) continue
      const prev = best.get(rule.identifier)
      if (!prev || compareVersions(rule.version, prev.version) > 0) best.set(rule.identifier, rule)
    }
  }
  return [...best.values()].sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0))
}

/** CertLogic truthiness (spec "Truthy and falsy values"); `undefined` for values that are neither. */
function boolsiness(value: unknown): boolean | undefined {
  if (value === true) return true
  if (value === false || value === null) return false
  if (typeof value === 'string') return value !== ''
  if (typeof value === 'number') return Number.isInteger(value) ? value !== 0 : undefined
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.keys(value).length > 0
  return undefined
}

/** One rule's result: held, failed, or could not be evaluated (with why). */
export type RuleResult = { held: boolean } | { error: string }

/** Evaluate one rule against facts; never throws. */
export function evaluateRule(rule: EntryRule, facts: AnyFacts): RuleResult {
  try {
    const b = boolsiness(certlogic(rule.logic, facts))
    return b === undefined ? { error: 'result is neither true nor false' } : { held: b }
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) }
  }
}

function reasonFor(rule: EntryRule, lang: Lang, error?: string): VerdictReason {
  const desc = rule.description[lang]
  let text: string
  if (error !== undefined) {
    text = lang === 'zh' ? `无法核验“${desc}”（${error}）` : `Could not check “${desc}” (${error})`
  } else {
    const act = rule.action ? rule.action[lang] : ''
    text = act ? (lang === 'zh' ? `${desc}——${act}` : `${desc} — ${act}`) : desc
  }
  return {
    ruleId: rule.identifier,
    outcome: rule.outcome,
    text,
    ...(rule.action ? { action: rule.action.kind } : {}),
    ...(error !== undefined ? { unevaluable: true as const } : {}),
  }
}

const UNKNOWN_TEXT: Record<UnknownCause, Record<Lang, string>> = {
  'no-rule-set': {
    zh: '无法判断：没有该地区的入境规则',
    en: 'Cannot tell: no entry rules are known for this destination',
  },
  'none-in-force': {
    zh: '无法判断：该时间没有生效的入境规则',
    en: 'Cannot tell: no entry rule is in force at that time',
  },
  unevaluable: {
    zh: '无法判断：有规则无法核验',
    en: 'Cannot tell: a rule could not be checked',
  },
}

function unknownOf(cause: UnknownCause, lang: Lang): { cause: UnknownCause; text: string } {
  return { cause, text: UNKNOWN_TEXT[cause][lang] }
}

/**
 * Evaluate the given rules against facts: never throws. Failed rules become
 * reasons, refusals first. A rule whose logic errors, or yields a value neither
 * truthy nor falsy, is unevaluable: the verdict is then `unknown` (unless
 * another rule refuses outright), never `admit`. No rules at all → `unknown`.
 */
export function evaluateRules(
  rules: readonly EntryRule[],
  facts: AnyFacts,
  lang: Lang,
): Pick<Verdict, 'outcome' | 'reasons' | 'unknown'> {
  if (rules.length === 0) return { outcome: 'unknown', reasons: [], unknown: unknownOf('none-in-force', lang) }
  const reasons: VerdictReason[] = []
  for (const rule of rules) {
    const r = evaluateRule(rule, facts)
    if ('error' in r) reasons.push(reasonFor(rule, lang, r.error))
    else if (!r.held) reasons.push(reasonFor(rule, lang))
  }
  const rank = (x: VerdictReason): number => (x.unevaluable ? 1 : x.outcome === 'refuse' ? 0 : 2)
  reasons.sort((a, b) => rank(a) - rank(b))
  const firm = reasons.filter((x) => !x.unevaluable)
  if (firm.some((x) => x.outcome === 'refuse')) return { outcome: 'refuse', reasons }
  if (reasons.some((x) => x.unevaluable))
    return { outcome: 'unknown', reasons, unknown: unknownOf('unevaluable', lang) }
  return { outcome: reasons.length > 0 ? 'needs-action' : 'admit', reasons }
}

function sameVerdict(
  a: Pick<Verdict, 'outcome' | 'reasons' | 'unknown'>,
  b: Pick<Verdict, 'outcome' | 'reasons' | 'unknown'>,
): boolean {
  if (a.outcome !== b.outcome || a.reasons.length !== b.reasons.length) return false
  if (a.unknown?.cause !== b.unknown?.cause) return false
  return a.reasons.every(
    (r, i) => r.ruleId === b.reasons[i].ruleId && r.outcome === b.reasons[i].outcome && r.text === b.reasons[i].text,
  )
}

/**
 * The first instant after `from` (direction 1) or the last before it
 * (direction -1) at which `pred` turns from its value at `from` to the other,
 * scanning `candidates` in order and bisecting to the millisecond; `null`
 * when it never does within them.
 */
function firstChange(
  pred: (t: number) => boolean,
  from: number,
  candidates: readonly number[],
  direction: 1 | -1,
): number | null {
  const start = pred(from)
  let prev = from
  for (const c of candidates) {
    if (pred(c) !== start) {
      let lo = prev
      let hi = c
      const near = c - direction
      if (near !== prev && (near - prev) * direction > 0 && pred(near) === start) lo = near
      while (Math.abs(hi - lo) > 1) {
        const mid = lo + Math.trunc((hi - lo) / 2)
        if (pred(mid) === start) lo = mid
        else hi = mid
      }
      return hi
    }
    prev = c
  }
  return null
}

const MINUTE = 60_000
/** Distances further than this are not put into words (30 days). */
export const DISTANCE_HORIZON = 30 * 24 * 3_600_000

/** `1 h 27 min` / `1小时27分钟`, rounded up to the minute (never understating). */
export function formatDuration(ms: number, lang: Lang): string {
  const total = Math.max(1, Math.ceil(ms / MINUTE))
  const d = Math.floor(total / 1440)
  const h = Math.floor((total % 1440) / 60)
  const m = total % 60
  if (lang === 'zh') return `${d ? `${d}天` : ''}${h ? `${h}小时` : ''}${m ? `${m}分钟` : ''}`
  return [d ? `${d} d` : '', h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ')
}

/**
 * How far off a failed rule is at `at`: the last instant before it at which
 * the rule held and the first after it at which it will, with the same facts
 * seen at other clocks (`factsAt`), found at the rule's candidate instants and
 * bisected to the millisecond. Generic: nothing per rule.
 */
export function distanceOf(rule: EntryRule, facts: AnyFacts, at: number, lang: Lang): Distance {
  const holds = (t: number): boolean => {
    const r = evaluateRule(rule, t === at ? facts : factsAt(facts, t))
    return 'held' in r && r.held
  }
  const back = firstChange(holds, at, candidateInstants([rule], facts, at, -1), -1)
  const fwd = firstChange(holds, at, candidateInstants([rule], facts, at, 1), 1)
  const lastHeld = back === null ? null : back
  const parts: string[] = []
  // Beyond the horizon the instants stay exact but go unsaid ("too old by 11167 d" since a childhood exemption helps no one).
  if (lastHeld !== null && at - lastHeld <= DISTANCE_HORIZON) {
    const by = formatDuration(at - lastHeld, lang)
    const old = rule.action?.kind === 'test'
    parts.push(
      lang === 'zh'
        ? `${old ? '已超时' : '已失效'}${by}（${formatShanghai(lastHeld, lang)}前满足）`
        : `${old ? 'too old' : 'lapsed'} by ${by} (met until ${formatShanghai(lastHeld, lang)})`,
    )
  }
  if (fwd !== null && fwd - at <= DISTANCE_HORIZON) {
    const when = formatShanghai(Math.ceil(fwd / MINUTE) * MINUTE, lang)
    parts.push(lang === 'zh' ? `${when}起满足` : `met from ${when}`)
  }
  return { lastHeld, firstHolds: fwd, text: parts.join(lang === 'zh' ? '；' : '; ') }
}

/** The value sets the given rule sets publish (later sets win a name), for `external.valueSets`. */
export function publishedValueSets(sets: readonly RuleSet[]): ValueSets {
  const published: ValueSets = {}
  for (const s of sets) Object.assign(published, s.valueSets)
  return published
}

function withValueSets(facts: AnyFacts, sets: readonly RuleSet[]): AnyFacts {
  const published = publishedValueSets(sets)
  if (Object.keys(published).length === 0) return facts
  return { ...facts, external: { ...facts.external, valueSets: { ...published, ...(facts.external.valueSets ?? {}) } } }
}

/**
 * The verdict for the destination's rules (`external.destination`, or, if no
 * set matches it, the first set's province) at `at`, with reasons in `lang`.
 * Never throws on sets that `loadRuleSet` accepted. No set, no rule in force,
 * or an unevaluable rule give `unknown` with its cause, never `admit`.
 * Each failed rule says how far off the traveller is (`distance`). `until` is
 * found by re-evaluating at the candidate instants of `candidateInstants`, in
 * order, and stopping at the first change; it is exact: the verdict is the
 * same on [at, until) and differs at `until`. The rule set's `valueSets` are
 * added under `external.valueSets` (the caller's own win).
 * @param ruleSets one set, or every published version of the destination's set.
 */
export function evaluate(ruleSets: RuleSet | readonly RuleSet[], facts: AnyFacts, at: number, lang: Lang): Verdict {
  const all: readonly RuleSet[] = Array.isArray(ruleSets) ? ruleSets : [ruleSets as RuleSet]
  const destination = String(facts.external.destination ?? '')
  const province = all.some((s) => s.province === destination) ? destination : (all[0]?.province ?? destination)
  const sets = all.filter((s) => s.province === province)
  if (sets.length === 0)
    return {
      outcome: 'unknown',
      reasons: [],
      unknown: unknownOf('no-rule-set', lang),
      until: null,
      evaluatedAt: at,
      ruleSetVersion: '0.0.0',
    }
  const seen = withValueSets(facts, sets)
  // Facts without a clock (an EU test case that sets none) stay clockless: only rule validity moves.
  const clock = seen.external.validationClock
  const clocked = typeof clock === 'string'
  const base = !clocked || tryParseIso(clock) === at ? seen : factsAt(seen, at)
  const seenAt = (t: number): AnyFacts => (t === at || !clocked ? base : factsAt(base, t))
  const verdictAt = (t: number): Pick<Verdict, 'outcome' | 'reasons' | 'unknown'> =>
    evaluateRules(selectRules(sets, province, t), seenAt(t), lang)
  const first = verdictAt(at)
  const cache = new Map<number, boolean>()
  const same = (t: number): boolean => {
    let hit = cache.get(t)
    if (hit === undefined) {
      hit = sameVerdict(verdictAt(t), first)
      cache.set(t, hit)
    }
    return hit
  }
  const until = firstChange(
    same,
    at,
    candidateInstants(
      sets.flatMap((s) => s.rules),
      base,
      at,
    ),
    1,
  )
  const inForce = selectRules(sets, province, at)
  const reasons = first.reasons.map((r) => {
    if (r.unevaluable) return r
    const rule = inForce.find((x) => x.identifier === r.ruleId)
    return rule && clocked ? { ...r, distance: distanceOf(rule, base, at, lang) } : r
  })
  const newest = sets.reduce<RuleSet | undefined>(
    (n, s) => (!n || compareVersions(s.version, n.version) > 0 ? s : n),
    undefined,
  )
  return { ...first, reasons, until, evaluatedAt: at, ruleSetVersion: newest?.version ?? '0.0.0' }
}
