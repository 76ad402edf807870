/**
 * Guard mode's one decision for one scanned pass, platform-free: decode,
 * verify every claim against the cached trust list, check expiry and
 * screenshot age (with the stated clock-skew tolerance), then evaluate the
 * venue province's entry rules with the one engine on facts built only from
 * the pass's verified claims. Never throws: anything unreadable is a refusal
 * with a catalogue code.
 */
import {
  type Claim,
  type HealthCodeClaim,
  type ItineraryClaim,
  type TestClaim,
  type VaccinationClaim,
  clampClaimTimes,
  DEFAULT_SKEW_TOLERANCE_MS,
  healthCodeFromClaim,
  testResultFromClaim,
  vaccinationFromClaim,
} from '../../core/claims'
import { prefectureName } from '../../core/authorities'
import { itineraryFromClaim, itineraryStays } from '../../core/itinerary'
import { type ErrorCode, errorText, formatDuration, NpError, toNpError } from '../../core/errors'
import type { ProvinceCode } from '../../core/model'
import {
  DEFAULT_MAX_AGE_MS,
  BOUND_PASS_PREFIX,
  PASS_PREFIX,
  type PassCheck,
  type PassVerifyOptions,
  verifyPass,
  verifyPassAsync,
} from '../../core/passCodec'
import { compareVersions, evaluateRules, publishedValueSets, selectRules } from '../../core/rules/engine'
import { buildFacts } from '../../core/rules/facts'
import type { Lang, RuleSet } from '../../core/rules/types'
import { isVerifiedRuleSet } from '../../core/signedRules'
import { findKey, type TrustList, trustListDue, trustListState } from '../../core/trustList'

/**
 * The one verdict a guard acts on. `unknown`: no verdict can be given (no
 * signed, non-empty rules for the venue, none in force at the gate's instant,
 * a rule that could not be evaluated, or the trust list expired); the
 * traveller is not admitted and the reason says what the guard must fix.
 */
export type GuardOutcome = 'admit' | 'refuse' | 'needs-action' | 'unknown'

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
  /** The QR was signed by the holder's certified phone just now (an NP2 pass); absent when unreadable. */
  bound?: boolean
  /** For a bound pass: when the holder's phone showed it (ms, the phone's corrected clock). */
  shownAt?: number
}

/** Inputs of {@link checkPassForVenue}. */
export interface GuardCheckInput {
  text: string
  trustList: TrustList
  /**
   * The venue province's rule sets (every cached version). Only sets that went
   * through `verifyRuleSet` (signed by a key the trust list lists for the
   * province, still not revoked) count; without one the verdict is `unknown`.
   */
  ruleSets: readonly RuleSet[]
  province: ProvinceCode
  /** Server-corrected now, ms. */
  at: number
  lang: Lang
  /** @default 300000 (5 min), the same tolerance `verifyPass` applies */
  skewToleranceMs?: number
  /** @default 600000 (10 min) */
  maxAgeMs?: number
  /** The venue's policy: refuse passes not bound to the holder's phone. @default false */
  requireBinding?: boolean
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
    phoneKey: '手机绑定证书（持有人手机的公钥）',
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
    phoneKey: 'Phone certificate (the holder’s phone key)',
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
    case 'dk':
      return w.phoneKey
    default:
      return c.typ
  }
}

const COLOUR_RANK = { green: 0, yellow: 1, red: 2 } as const
const OUTCOME_RANK = { negative: 0, pending: 1, positive: 2 } as const

/**
 * The verified claims the rules see, duplicates collapsed: one health code
 * per province, one test per sample (province + sample id), one claim per
 * dose number. Of duplicates the latest issued counts; on a tie the worse
 * (red over green, positive over negative), so a duplicate can never make
 * the verdict kinder nor count a dose twice.
 */
export function claimsForRules(claims: readonly Claim[]): Claim[] {
  const keyOf = (c: Claim): string => {
    switch (c.typ) {
      case 'hc':
        return `hc|${c.iss}`
      case 'tr':
        return `tr|${c.body.province}|${c.body.sampleId}`
      case 'vx':
        return `vx|${c.body.dose}`
      default:
        return `${c.typ}|${c.iss}|${c.iat}`
    }
  }
  const worse = (a: Claim, b: Claim): boolean => {
    if (a.typ === 'hc' && b.typ === 'hc') return COLOUR_RANK[a.body.colour] > COLOUR_RANK[b.body.colour]
    if (a.typ === 'tr' && b.typ === 'tr') return OUTCOME_RANK[a.body.outcome] > OUTCOME_RANK[b.body.outcome]
    return false
  }
  const kept = new Map<string, Claim>()
  for (const c of claims) {
    const k = keyOf(c)
    const prev = kept.get(k)
    if (!prev || c.iat > prev.iat || (c.iat === prev.iat && worse(c, prev))) kept.set(k, c)
  }
  return [...kept.values()]
}

/** The key that signed a rule set is still listed for the province and not revoked. */
function signerStillTrusted(list: TrustList, kid: string, province: ProvinceCode): boolean {
  try {
    return findKey(list, kid).province === province
  } catch {
    return false
  }
}

type Base = Pick<GuardResult, 'at' | 'province' | 'trustListVersion' | 'bound' | 'shownAt'>

const baseOf = (input: GuardCheckInput): Base => ({
  at: input.at,
  province: input.province,
  trustListVersion: input.trustList.version,
})

const verifyOptions = (input: GuardCheckInput): PassVerifyOptions => ({
  skewToleranceMs: input.skewToleranceMs ?? DEFAULT_SKEW_TOLERANCE_MS,
  maxAgeMs: input.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
  requireBinding: input.requireBinding ?? false,
})

/** `unknown` when the trust list has expired (nothing is verified against it), else null. */
function trustListExpired(input: GuardCheckInput): GuardResult | null {
  const { trustList, at } = input
  if (trustListState(trustList, at) !== 'expired') return null
  const due = trustListDue(trustList)
  const e = new NpError('NP_ERR_TRUST_LIST_EXPIRED', {
    params: { ago: formatDuration(at - due), due: new Date(due).toISOString() },
  })
  return { ...baseOf(input), outcome: 'unknown', reasons: [reasonIn(input.lang)(e)], claims: [] }
}

/** The refusal of a text that does not decode as a pass. */
function unreadable(input: GuardCheckInput, e: unknown): GuardResult {
  const err = toNpError(e, 'NP_ERR_PASS_MALFORMED')
  // Text that starts as a pass does but does not decode was changed on the way (or damaged): say so.
  const text = input.text.trim()
  const tampered =
    err.code === 'NP_ERR_PASS_MALFORMED' && (text.startsWith(PASS_PREFIX) || text.startsWith(BOUND_PASS_PREFIX))
  const shown = tampered ? new NpError('NP_ERR_PASS_TAMPERED', { params: { detail: err.message } }) : err
  return { ...baseOf(input), outcome: 'refuse', reasons: [reasonIn(input.lang)(shown)], claims: [] }
}

/**
 * Checks one scanned pass for this venue. See the module comment. Signatures
 * are checked synchronously (the precomputed pure-JS path, or Node's native
 * one where installed); the guard page uses {@link checkPassForVenueAsync}.
 */
export function checkPassForVenue(input: GuardCheckInput): GuardResult {
  const expired = trustListExpired(input)
  if (expired) return expired
  let check: PassCheck
  try {
    check = verifyPass(input.text, input.trustList, input.at, verifyOptions(input))
  } catch (e) {
    return unreadable(input, e)
  }
  return judge(input, check)
}

/**
 * {@link checkPassForVenue} with the pass's signatures verified concurrently
 * by the runtime's native WebCrypto Ed25519 where it has one, else the
 * precomputed pure-JS path (`verifyPassAsync`). The same result for any
 * input; never rejects.
 */
export async function checkPassForVenueAsync(input: GuardCheckInput): Promise<GuardResult> {
  const expired = trustListExpired(input)
  if (expired) return expired
  let check: PassCheck
  try {
    check = await verifyPassAsync(input.text, input.trustList, input.at, verifyOptions(input))
  } catch (e) {
    return unreadable(input, e)
  }
  return judge(input, check)
}

/** The verdict on a verified pass: its problems, then the venue province's signed rules. */
function judge(input: GuardCheckInput, check: PassCheck): GuardResult {
  const { trustList, province, at, lang } = input
  const reason = reasonIn(lang)
  const base = baseOf(input)
  base.bound = check.bound
  if (check.shownAt !== undefined) base.shownAt = check.shownAt
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
  const verified = claimsForRules(
    check.claims.filter((c) => c.verification.status === 'verified').map((c) => c.claim),
  ).map((c) => clampClaimTimes(c, at))
  const codes = verified.filter((c): c is HealthCodeClaim => c.typ === 'hc')
  const itineraryClaim = check.claims.find(
    (c): c is typeof c & { claim: ItineraryClaim } => c.verification.status === 'verified' && c.claim.typ === 'it',
  )?.claim
  if (!reasons.length && !codes.length)
    reasons.push(reason(new NpError('NP_ERR_PASS_CLAIM_MISSING', { params: { what: 'health code' } })))
  if (reasons.length) return { ...base, outcome: 'refuse', reasons, holder, claims }
  const mine = input.ruleSets.filter((s) => s.province === province)
  const sets = mine.filter((s) => isVerifiedRuleSet(s) && signerStillTrusted(trustList, s.signedBy, province))
  if (mine.length && !sets.length) {
    const e = new NpError('NP_ERR_RULES_UNSIGNED', { params: { province, detail: 'no valid signature' } })
    return { ...base, outcome: 'unknown', reasons: [reason(e)], holder, claims }
  }
  const inForce = sets.length ? selectRules(sets, province, at) : []
  if (!inForce.length) {
    // An empty rule set would admit anyone: no rules is no verdict.
    const e = new NpError('NP_ERR_RULES_NONE', { params: { province, at: new Date(at).toISOString() } })
    return { ...base, outcome: 'unknown', reasons: [reason(e)], holder, claims }
  }
  const facts = buildFacts({
    codes: codes.map((c) => healthCodeFromClaim(c)),
    tests: verified.filter((c): c is TestClaim => c.typ === 'tr').map((c) => testResultFromClaim(c)),
    vaccinations: verified.filter((c): c is VaccinationClaim => c.typ === 'vx').map((c) => vaccinationFromClaim(c)),
    declarations: [],
    // A verified itinerary claim's cities are stays the rules can read (payload.itinerary).
    ...(itineraryClaim ? { itinerary: itineraryStays(itineraryFromClaim(itineraryClaim)) } : {}),
    person: { birthDate: input.birthDate ?? '1970-01-01' },
    destination: province,
    at,
    valueSets: publishedValueSets(sets),
  })
  // The gate needs the verdict now, not `evaluate`'s search for when it would change: that costs ~2/3 of a scan.
  const verdict = evaluateRules(inForce, facts, lang)
  const version = sets.reduce((v, x) => (compareVersions(x.version, v) > 0 ? x.version : v), sets[0].version)
  return {
    ...base,
    outcome: verdict.outcome,
    reasons: [
      ...(verdict.unknown ? [{ code: 'NP_ERR_RULES_NONE' as ErrorCode, text: verdict.unknown.text }] : []),
      ...verdict.reasons.map((r) => ({ code: 'NP_ERR_RULE_NOT_MET' as ErrorCode, ruleId: r.ruleId, text: r.text })),
    ],
    holder,
    claims,
    ruleSetVersion: version,
  }
}
