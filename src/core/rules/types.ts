/**
 * Entry rules: what a province publishes (in the spirit of the EU DCC business
 * rules format, logic written in CertLogic 1.3.3), the facts a rule can read,
 * and the verdict the engine gives. Every field of `Facts` is documented with
 * example rules in `docs/rules.md`.
 */
import type { CertLogicExpression } from 'certlogic-js'
import type { Colour, I18nText, ProvinceCode, TestKind } from '../model'

/** The traveller's (or guard's) language for reason texts. */
export type Lang = 'zh' | 'en'

/** What a failed rule means for the traveller. */
export type RuleOutcome = 'refuse' | 'needs-action'

/** What the traveller can do about a failed rule. */
export type ActionKind = 'test' | 'declare' | 'clear-popup' | 'wait'

/** One entry rule, as a province publishes it. */
export interface EntryRule {
  /** `<2–3 letter region>-<AREA>-<4 digits>`, e.g. `GD-TEST-0001`; stable across versions. */
  identifier: string
  /** Only acceptance rules (may this traveller enter?) exist so far. */
  type: 'acceptance'
  /** GB/T 2260 code of the publishing province; equals the rule set's. */
  province: ProvinceCode
  /** Semantic version `MAJOR.MINOR.PATCH`; the highest version in force wins. */
  version: string
  /** ISO date-time with offset; the rule applies from this instant (inclusive). */
  validFrom: string
  /** ISO date-time with offset; the rule stops applying at this instant (exclusive). */
  validTo: string
  /** What the rule requires, in the traveller's words. */
  description: I18nText
  /** The fact paths the logic reads (e.g. `tests.latestNegativePcr.sampledAt`). */
  affectedFields: string[]
  /** CertLogic expression over `Facts`; truthy means the rule is satisfied. */
  logic: CertLogicExpression
  /** What a failure means: entry refused, or allowed once the traveller acts. */
  outcome: RuleOutcome
  /** What to tell the traveller to do when the rule fails. */
  action?: { kind: ActionKind } & I18nText
}

/** A province's published entry rules, as JSON (times are ISO strings). */
export interface RuleSet {
  province: ProvinceCode
  /** Semantic version of the whole set. */
  version: string
  /** ISO date-time with offset. */
  publishedAt: string
  rules: EntryRule[]
}

/** One health code as a rule sees it. */
export interface CodeFacts {
  colour: Colour
  /** When the current colour began (last colour change, else issue time). */
  since: string
  issuedAt: string
  validUntil: string
  /** False once `validUntil` has passed: the pass should refresh it. */
  current: boolean
  /** Open pop-ups (弹窗), by machine type; empty when none. */
  popUps: Array<{ type: string }>
}

/** One reported test result as a rule sees it. */
export interface TestFacts {
  kind: TestKind
  sampledAt: string
  reportedAt: string
  /** 混检: pooled sampling. */
  pooled: boolean
  /** Where the sample was taken. */
  province: ProvinceCode
}

/** A test sampled but not yet reported. */
export interface PendingTestFacts {
  kind: TestKind
  sampledAt: string
  pooled: boolean
  province: ProvinceCode
}

/** An arrival declaration in force. */
export interface DeclarationFacts {
  at: string
  /** `null` when the province set no expiry. */
  validUntil: string | null
}

/**
 * The data context a rule can read: plain JSON, every instant an ISO string in
 * `+08:00` (CertLogic's date-time operations need strings). See `docs/rules.md`.
 */
export interface Facts {
  /** The instant of evaluation. */
  now: string
  /** The province being entered. */
  destination: ProvinceCode
  person: { birthDate: string; ageYears: number }
  codes: {
    /** The worst colour any authority shows; `null` when the pass holds no code. */
    worst: Colour | null
    /** How many authorities' codes the pass holds. */
    count: number
    /** Provinces whose code is not green, in code order. */
    nonGreen: ProvinceCode[]
    byProvince: Record<ProvinceCode, CodeFacts>
  }
  tests: {
    /** Latest-sampled negative of any kind. */
    latestNegative: TestFacts | null
    /** Latest-sampled negative PCR. */
    latestNegativePcr: TestFacts | null
    /** Latest-reported negative PCR (differs when a pooled result came late). */
    latestReportedNegativePcr: TestFacts | null
    /** Latest-sampled negative antigen test. */
    latestNegativeAntigen: TestFacts | null
    /** Latest PCR not yet reported, sampled after `latestNegativePcr`. */
    pendingPcr: PendingTestFacts | null
    /** Latest positive not superseded by a later-sampled negative. */
    positive: TestFacts | null
  }
  vaccination: { doses: number; last: string | null }
  /** Arrival declarations in force, by province. */
  declarations: Record<ProvinceCode, DeclarationFacts>
}

/** One failed rule, explained. */
export interface VerdictReason {
  ruleId: string
  outcome: RuleOutcome
  /** In the traveller's language. */
  text: string
  action?: ActionKind
}

/** What the engine decides for one destination at one instant. */
export interface Verdict {
  outcome: 'admit' | RuleOutcome
  /** Every failed rule, refusals first. Empty when admitted. */
  reasons: VerdictReason[]
  /**
   * Earliest instant (epoch ms) at which the verdict changes if nothing new
   * happens (no new test, result, code change or declaration); `null` when no
   * such instant follows from the data and rules.
   */
  until: number | null
  evaluatedAt: number
  ruleSetVersion: string
}
