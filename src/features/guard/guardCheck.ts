/**
 * Guard mode's one decision for one scanned pass, platform-free: decode,
 * verify every claim against the cached trust list, check expiry and
 * screenshot age (with the stated clock-skew tolerance), then evaluate the
 * venue province's entry rules with the one engine on facts built only from
 * the pass's verified claims. Never throws: anything unreadable is a refusal
 * with a catalogue code.
 */
import {
  type HealthCodeClaim,
  type TestClaim,
  type VaccinationClaim,
  DEFAULT_SKEW_TOLERANCE_MS,
  healthCodeFromClaim,
  testResultFromClaim,
  vaccinationFromClaim,
} from '../../core/claims'
import { type ErrorCode, errorText, NpError, toNpError } from '../../core/errors'
import { prefectureName } from '../../core/authorities'
import type { ProvinceCode } from '../../core/model'
import { DEFAULT_MAX_AGE_MS, type PassCheck, verifyPass } from '../../core/passCodec'
import { compareVersions, evaluateRules, selectRules } from '../../core/rules/engine'
import { buildFacts } from '../../core/rules/facts'
import type { Lang, RuleSet } from '../../core/rules/types'
import type { TrustList } from '../../core/trustList'

/** The one verdict a guard acts on. */
export type GuardOutcome = 'admit' | 'refuse' | 'needs-action'

/** One reason for the verdict: a catalogue code (pass problems) or a rule id. */
export interface GuardReason {
  /** `NP_ERR_*` for a pass problem, `NP_ERR_RULE_NOT_MET` for a failed entry rule. */
  code: ErrorCode
  /** The failed rule, when `code` is `NP_ERR_RULE_NOT_MET`. */
  ruleId?: string
  text: string
}

/** One claim as the guard sees it. */
export interface GuardClaim {
  typ: string
  iss: ProvinceCode
  /** Time since issue, ms. */
  ageMs: number
  verified: boolean
  /** The catalogue code when not verified. */
  code?: string
  /** A one-line summary: colour, test kind and outcome, dose. */
  summary: string
}

/** What one scan shows. Plain data: the store keeps it. */
export interface GuardResult {
  outcome: GuardOutcome
  reasons: GuardReason[]
  /** Masked name and last ID characters, to compare with an ID card; absent when the pass cannot be read. */
  holder?: { maskedName: string; idTail: string }
  claims: GuardClaim[]
  at: number
  province: ProvinceCode
  ruleSetVersion?: string
  trustListVersion: number
}

/** Inputs of {@link checkPassForVenue}. */
export interface GuardCheckInput {
  text: string
  trustList: TrustList
  /** The venue province's rule sets (every cached version). */
  ruleSets: readonly RuleSet[]
  province: ProvinceCode
  /** Server-corrected now, ms. */
  at: number
  lang: Lang
  /** @default 300000 (5 min), the same tolerance `verifyPass` applies */
  skewToleranceMs?: number
  /** @default 600000 (10 min) */
  maxAgeMs?: number
  /**
   * The pass names no birth date, so age exemptions cannot be seen: the guard
   * checks a child's age on the ID card. Rules are evaluated as for an adult.
   * @default '1970-01-01'
   */
  birthDate?: string
}

/** A refusal in the guard's language. */
const reasonIn =
  (lang: Lang) =>
  (e: { code: ErrorCode; message: string; params?: Record<string, string | number> }): GuardReason => ({
    code: e.code,
    text: errorText({ code: e.code, message: e.message, params: e.params }, lang),
  })

const WORDS = {
  zh: {
    green: '绿码',
    yellow: '黄码',
    red: '红码',
    pcr: '核酸',
    antigen: '抗原',
    negative: '阴性',
    positive: '阳性',
    pending: '待出结果',
    pooled: '（混检）',
    dose: '第 {n} 剂',
    itinerary: '行程卡：',
    itineraryUnverified: '行程卡（未验签，不显示城市）',
    noCities: '无',
  },
  en: {
    green: 'green',
    yellow: 'yellow',
    red: 'red',
    pcr: 'PCR',
    antigen: 'antigen',
    negative: 'negative',
    positive: 'positive',
    pending: 'pending',
    pooled: ' (pooled)',
    dose: 'dose {n}',
    itinerary: 'Itinerary: ',
    itineraryUnverified: 'Itinerary (not verified: cities not shown)',
    noCities: 'none',
  },
} as const

/** What one claim says, in the guard's language. */
function summary(c: PassCheck['claims'][number]['claim'], lang: Lang): string {
  const w = WORDS[lang]
  switch (c.typ) {
    case 'hc':
      return w[c.body.colour]
    case 'tr':
      return `${w[c.body.kind]} ${w[c.body.outcome]}${c.body.pooled ? w.pooled : ''}`
    case 'vx':
      return `${w.dose.replace('{n}', String(c.body.dose))} ${c.body.product}`
    case 'it':
      // Starred (*) cities had a medium- or high-risk area, as on the itinerary card.
      return `${w.itinerary}${
        c.body.cities
          .map((x) => `${prefectureName(x.code, lang)}${x.starred ? '*' : ''}`)
          .join(lang === 'zh' ? '，' : ', ') || w.noCities
      }`
    default:
      return c.typ
  }
}

/** Checks one scanned pass for this venue. See the module comment. */
export function checkPassForVenue(input: GuardCheckInput): GuardResult {
  const { text, trustList, province, at, lang } = input
  const reason = reasonIn(lang)
  const base = { at, province, trustListVersion: trustList.version }
  let check: PassCheck
  try {
    check = verifyPass(text, trustList, at, {
      skewToleranceMs: input.skewToleranceMs ?? DEFAULT_SKEW_TOLERANCE_MS,
      maxAgeMs: input.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
    })
  } catch (e) {
    return { ...base, outcome: 'refuse', reasons: [reason(toNpError(e, 'NP_ERR_PASS_MALFORMED'))], claims: [] }
  }
  const claims: GuardClaim[] = check.claims.map((c) => ({
    typ: c.claim.typ,
    iss: c.claim.iss,
    ageMs: c.ageMs,
    verified: c.verification.status === 'verified',
    ...(c.verification.status === 'invalid' ? { code: c.verification.code } : {}),
    // An itinerary's cities are shown only once its signature verified.
    summary:
      c.claim.typ === 'it' && c.verification.status !== 'verified'
        ? WORDS[lang].itineraryUnverified
        : summary(c.claim, lang),
  }))
  const holder = { maskedName: check.holder.maskedName, idTail: check.holder.idTail }
  const reasons: GuardReason[] = check.problems.map((p) => reason(p))
  for (const c of check.claims) {
    if (c.verification.status !== 'invalid') continue
    const { code, message } = c.verification
    if (!reasons.some((r) => r.code === code))
      reasons.push(reason({ code: code as ErrorCode, message, params: c.verification.params ?? {} }))
  }
  const verified = check.claims.filter((c) => c.verification.status === 'verified').map((c) => c.claim)
  const codes = verified.filter((c): c is HealthCodeClaim => c.typ === 'hc')
  if (!reasons.length && !codes.length)
    reasons.push(reason(new NpError('NP_ERR_PASS_CLAIM_MISSING', { params: { what: 'health code' } })))
  if (reasons.length) return { ...base, outcome: 'refuse', reasons, holder, claims }
  const sets = input.ruleSets.filter((s) => s.province === province)
  if (!sets.length) {
    const e = new NpError('NP_ERR_RULES_NONE', { params: { province, at: new Date(at).toISOString() } })
    return { ...base, outcome: 'refuse', reasons: [reason(e)], holder, claims }
  }
  const facts = buildFacts({
    codes: codes.map((c) => healthCodeFromClaim(c)),
    tests: verified.filter((c): c is TestClaim => c.typ === 'tr').map((c) => testResultFromClaim(c)),
    vaccinations: verified.filter((c): c is VaccinationClaim => c.typ === 'vx').map((c) => vaccinationFromClaim(c)),
    declarations: [],
    person: { birthDate: input.birthDate ?? '1970-01-01' },
    destination: province,
    at,
  })
  // The gate needs the verdict now, not `evaluate`'s search for when it would change: that costs ~2/3 of a scan.
  const verdict = evaluateRules(selectRules(sets, province, at), facts, lang)
  const version = sets.reduce((v, x) => (compareVersions(x.version, v) > 0 ? x.version : v), sets[0].version)
  return {
    ...base,
    outcome: verdict.outcome,
    reasons: verdict.reasons.map((r) => ({ code: 'NP_ERR_RULE_NOT_MET', ruleId: r.ruleId, text: r.text })),
    holder,
    claims,
    ruleSetVersion: version,
  }
}
