/**
 * Pure helpers of the pass page's texts: picker ranges that stay the same
 * array between renders, dates with the year when it matters, what the
 * countdown under a verdict says, the test facts beside a failed test rule,
 * and whether no province knows the person at all. No Taro, no React.
 */
import type { TestKind } from '../../core/model'
import { DAY, formatShanghai, shanghaiParts } from '../../core/rules/time'
import type { Lang, RuleSet, Verdict } from '../../core/rules/types'
import type { Checked, ProvinceResult } from './passLogic'
import type { TestResult } from '../../core/model'
import { duration, PROVINCES, type passStrings } from './strings'

/** The pass page's strings in the reader's language. */
export type PassStrings = Record<keyof typeof passStrings, string>

/**
 * Province names for the pickers, one array per language made once: a picker
 * given a new `range` array resets its wheel, and the page renders every second.
 */
export const PROVINCE_RANGE: Readonly<Record<Lang, readonly string[]>> = {
  zh: PROVINCES.map((p) => p.zh),
  en: PROVINCES.map((p) => p.en),
}

/** The picker index of `code` (0 when none or unknown). */
export function provinceIndex(code: string | null): number {
  return Math.max(
    0,
    PROVINCES.findIndex((p) => p.code === code),
  )
}

/** Dates further than this from now carry their year (else "1 Jan" reads as the next one). */
export const YEAR_SHOWN_BEYOND_MS = 300 * DAY

/** `15:00 on 28 Nov`, or `15:00 on 28 Nov 2025` when more than ~300 days from `now` (Shanghai time). */
export function formatWhen(ms: number, now: number, lang: Lang): string {
  if (Math.abs(ms - now) <= YEAR_SHOWN_BEYOND_MS) return formatShanghai(ms, lang)
  const p = shanghaiParts(ms)
  const short = formatShanghai(ms, lang)
  return lang === 'zh' ? `${p.year}年${short}` : `${short} ${p.year}`
}

/** Beyond this an admitting verdict says only that nothing changes within a week. */
export const COUNTDOWN_HORIZON_MS = 7 * DAY
/** A refusal says when it turns into an admission only this close. */
export const ADMITTED_FROM_HORIZON_MS = DAY

/**
 * What the line under a verdict says, or `null` for none.
 * - admit: "Holds until <time> (<duration> left)"; nothing due → "No change expected";
 *   due beyond 7 days → "No change expected within 7 days".
 * - refuse / needs-action: nothing, unless within 24 h the verdict becomes admit
 *   (`outcomeAtUntil` is the outcome evaluated at `until`) → "Admitted from <time>".
 */
export function countdownText(
  v: Pick<Verdict, 'outcome' | 'until'>,
  now: number,
  lang: Lang,
  s: Pick<PassStrings, 'holdsUntil' | 'noChange' | 'noChangeWeek' | 'admittedFrom'>,
  outcomeAtUntil: Verdict['outcome'] | null = null,
): string | null {
  const { until } = v
  if (v.outcome === 'admit') {
    if (until == null) return s.noChange
    if (until - now > COUNTDOWN_HORIZON_MS) return s.noChangeWeek
    return fillIn(s.holdsUntil, { at: formatWhen(until, now, lang), left: duration(until - now, lang) })
  }
  if (until != null && until - now <= ADMITTED_FROM_HORIZON_MS && outcomeAtUntil === 'admit') {
    return fillIn(s.admittedFrom, { at: formatWhen(until, now, lang), left: duration(until - now, lang) })
  }
  return null
}

/** True when one of the verdict's failed rules reads test facts (`affectedFields` under `payload.tests` or `derived.tests.`). */
export function failsOnTests(v: Pick<Verdict, 'reasons'>, set: RuleSet | undefined): boolean {
  if (!set) return false
  return v.reasons.some((r) =>
    set.rules.some(
      (x) =>
        x.identifier === r.ruleId &&
        x.affectedFields.some((f) => f.startsWith('derived.tests.') || f.startsWith('payload.tests')),
    ),
  )
}

const kindText = (k: TestKind) => k.toUpperCase()

/**
 * The traveller's test facts beside a failed test rule: the latest negative
 * (kind, sampled when and how long ago, reported when and how long ago or
 * pending) and a newer test still pending. `tests` newest sample first (as `mergeTests`).
 */
export function testFactsText(
  tests: readonly Pick<TestResult, 'kind' | 'outcome' | 'sampledAt' | 'reportedAt'>[],
  now: number,
  lang: Lang,
  s: Pick<PassStrings, 'latestNegative' | 'reportedAgo' | 'pending' | 'noNegative' | 'pendingTest'>,
): string {
  const when = (ms: number) => formatWhen(ms, now, lang)
  const ago = (ms: number) => duration(now - ms, lang)
  const neg = tests.find((t) => t.outcome === 'negative')
  const newer = tests.find((t) => t.outcome === 'pending' && (!neg || t.sampledAt > neg.sampledAt))
  const parts: string[] = []
  if (neg) {
    parts.push(
      fillIn(s.latestNegative, {
        kind: kindText(neg.kind),
        sampled: when(neg.sampledAt),
        sampledAgo: ago(neg.sampledAt),
        reported: neg.reportedAt
          ? fillIn(s.reportedAgo, { at: when(neg.reportedAt), ago: ago(neg.reportedAt) })
          : s.pending,
      }),
    )
  } else {
    parts.push(s.noNegative)
  }
  if (newer)
    parts.push(
      fillIn(s.pendingTest, { kind: kindText(newer.kind), sampled: when(newer.sampledAt), ago: ago(newer.sampledAt) }),
    )
  return parts.join(lang === 'zh' ? '；' : '; ')
}

/** The same answers with every pending test left out (to tell whether a pending result is what admits). */
export function withoutPending(results: readonly ProvinceResult[]): ProvinceResult[] {
  return results.map((r) =>
    r.tests.some((t) => t.outcome === 'pending')
      ? { ...r, tests: r.tests.filter((t: Checked<TestResult>) => t.outcome !== 'pending') }
      : r,
  )
}

/**
 * True when every province asked has answered with an error and none holds any
 * record of the person (e.g. each said "未查询到该人员"): the page then says no
 * province knows them yet instead of demanding a code. Not while any province
 * is still being asked, nor when all the errors are the network's (that is offline).
 */
export function nobodyKnows(results: readonly ProvinceResult[]): boolean {
  if (results.length === 0) return false
  const hasData = (r: ProvinceResult) => r.healthCode != null || r.tests.length > 0 || r.vaccinations.length > 0
  if (results.some((r) => (r.status !== 'failed' && r.status !== 'timeout') || hasData(r))) return false
  return results.some(
    (r) => r.status === 'failed' && r.error != null && !/^NP_ERR_HTTP_(NETWORK|TIMEOUT|ABORTED)$/.test(r.error.code),
  )
}

function fillIn(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole))
}

const CJK = /[\u3400-\u9fff]/

/**
 * A province's free text in the reader's language. Demo data (and a province
 * that writes both) gives `中文 · English`; the reader sees their half. Text in
 * one language only is shown as it is.
 */
export function readerText(text: string, lang: Lang): string {
  const parts = text.split(' · ')
  if (parts.length < 2) return text
  const zh = parts.filter((p) => CJK.test(p))
  const en = parts.filter((p) => !CJK.test(p))
  if (!zh.length || !en.length) return text
  return (lang === 'zh' ? zh : en).join(' · ')
}
