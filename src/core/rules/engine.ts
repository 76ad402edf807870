/**
 * The one entry-rules engine: picks the rules in force and evaluates them with
 * the EU's CertLogic evaluator (certlogic-js) for the pass screen, guard mode
 * and trip check alike.
 */
import { evaluate as certlogic } from 'certlogic-js'
import type { ProvinceCode } from '../model'
import { factsAt } from './facts'
import { compareVersions } from './load'
import { parseIso, toShanghaiIso } from './time'
import type { EntryRule, Facts, Lang, RuleSet, Verdict, VerdictReason } from './types'
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

function reasonFor(rule: EntryRule, lang: Lang, error?: string): VerdictReason {
  const desc = rule.description[lang]
  let text: string
  if (error !== undefined) {
    text =
      lang === 'zh'
        ? `无法核验“${desc}”，按未满足处理（${error}）`
        : `Could not check “${desc}”, so it counts as not met (${error})`
  } else {
    const act = rule.action ? rule.action[lang] : ''
    text = act ? (lang === 'zh' ? `${desc}——${act}` : `${desc} — ${act}`) : desc
  }
  return { ruleId: rule.identifier, outcome: rule.outcome, text, ...(rule.action ? { action: rule.action.kind } : {}) }
}

/**
 * Evaluate the given rules against facts: never throws. A rule whose logic
 * errors, or yields a value neither truthy nor falsy, counts as failed (the
 * spec's advice) and says so in its reason.
 */
export function evaluateRules(
  rules: readonly EntryRule[],
  facts: Facts,
  lang: Lang,
): Pick<Verdict, 'outcome' | 'reasons'> {
  const reasons: VerdictReason[] = []
  for (const rule of rules) {
    try {
      const b = boolsiness(certlogic(rule.logic, facts))
      if (b === undefined) reasons.push(reasonFor(rule, lang, 'result is neither true nor false'))
      else if (!b) reasons.push(reasonFor(rule, lang))
    } catch (e) {
      reasons.push(reasonFor(rule, lang, e instanceof Error ? e.message : String(e)))
    }
  }
  reasons.sort((a, b) => (a.outcome === b.outcome ? 0 : a.outcome === 'refuse' ? -1 : 1))
  const outcome = reasons.some((r) => r.outcome === 'refuse') ? 'refuse' : reasons.length > 0 ? 'needs-action' : 'admit'
  return { outcome, reasons }
}

function sameVerdict(a: Pick<Verdict, 'outcome' | 'reasons'>, b: Pick<Verdict, 'outcome' | 'reasons'>): boolean {
  if (a.outcome !== b.outcome || a.reasons.length !== b.reasons.length) return false
  return a.reasons.every(
    (r, i) => r.ruleId === b.reasons[i].ruleId && r.outcome === b.reasons[i].outcome && r.text === b.reasons[i].text,
  )
}

/**
 * The verdict for `facts.destination`'s rules (or, if none match it, the first
 * set's province) at `at`, with reasons in `lang`. Never throws on sets that
 * `loadRuleSet` accepted. `until` is found by re-evaluating at the candidate
 * instants of `candidateInstants` (see there), in order, and stopping at the
 * first change; it is exact: the verdict is the same on [at, until) and differs
 * at `until`.
 * @param ruleSets one set, or every published version of the destination's set.
 */
export function evaluate(ruleSets: RuleSet | readonly RuleSet[], facts: Facts, at: number, lang: Lang): Verdict {
  const all: readonly RuleSet[] = Array.isArray(ruleSets) ? ruleSets : [ruleSets as RuleSet]
  const province = all.some((s) => s.province === facts.destination)
    ? facts.destination
    : (all[0]?.province ?? facts.destination)
  const sets = all.filter((s) => s.province === province)
  const base = facts.now === toShanghaiIso(at) ? facts : factsAt(facts, at)
  const verdictAt = (t: number): Pick<Verdict, 'outcome' | 'reasons'> =>
    evaluateRules(selectRules(sets, province, t), t === at ? base : factsAt(base, t), lang)
  const first = verdictAt(at)
  let until: number | null = null
  let prev = at
  for (const c of candidateInstants(
    sets.flatMap((s) => s.rules),
    base,
    at,
  )) {
    if (!sameVerdict(verdictAt(c), first)) {
      let lo = prev
      let hi = c
      if (c - 1 > prev && sameVerdict(verdictAt(c - 1), first)) lo = c - 1
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2)
        if (sameVerdict(verdictAt(mid), first)) lo = mid
        else hi = mid
      }
      until = hi
      break
    }
    prev = c
  }
  const newest = sets.reduce<RuleSet | undefined>(
    (n, s) => (!n || compareVersions(s.version, n.version) > 0 ? s : n),
    undefined,
  )
  return { ...first, until, evaluatedAt: at, ruleSetVersion: newest?.version ?? '0.0.0' }
}
