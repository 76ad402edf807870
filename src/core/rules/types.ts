/**
 * Entry rules: what a province publishes (in the spirit of the EU DCC business
 * rules format, logic written in CertLogic 1.3.3), the facts a rule can read,
 * and the verdict the engine gives. Every field of `Facts` is documented with
 * example rules in `docs/rules.md`.
 */
import type { CertLogicExpression } from 'certlogic-js'
import type { Colour, ForeignSource, I18nText, ProvinceCode, TestKind } from '../model'

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
  /** Acceptance (may this traveller enter?) or, for EU rules, invalidation. */
  type: 'acceptance' | 'invalidation'
  /** GB/T 2260 code of the publishing province (ISO 3166 alpha-2 for EU rules); equals the rule set's. */
  province: ProvinceCode
  /** Semantic version `MAJOR.MINOR.PATCH`; the highest version in force wins. */
  version: string
  /** ISO date-time with offset; the rule applies from this instant (inclusive). */
  validFrom: string
  /** ISO date-time with offset; the rule stops applying at this instant (exclusive). */
  validTo: string
  /** What the rule requires, in the traveller's words. */
  description: I18nText
  /** The fact paths the logic reads (e.g. `derived.tests.latestNegativePcr.sampledAt`). */
  affectedFields: string[]
  /** CertLogic expression over `Facts`; truthy means the rule is satisfied. */
  logic: CertLogicExpression
  /** What a failure means: entry refused, or allowed once the traveller acts. */
  outcome: RuleOutcome
  /** What to tell the traveller to do when the rule fails. */
  action?: { kind: ActionKind } & I18nText
  /** The EU rule metadata, when the rule was published in the EU DCC format. */
  eu?: EuRuleMeta
}

/** What the EU DCC business-rule format says besides our fields. */
export interface EuRuleMeta {
  country: string
  certificateType: 'General' | 'Test' | 'Vaccination' | 'Recovery'
  engine: 'CERTLOGIC'
  engineVersion: string
  schemaVersion: string
  /** Every language the publisher wrote. */
  descriptions: Array<{ lang: string; desc: string }>
  /** As published: paths under `payload`. */
  affectedFields: string[]
}

/** A province's published entry rules, as JSON (times are ISO strings). */
export interface RuleSet {
  province: ProvinceCode
  /** Semantic version of the whole set. */
  version: string
  /** ISO date-time with offset. */
  publishedAt: string
  rules: EntryRule[]
  /** Value sets the rules read as `external.valueSets.<name>` (e.g. `riskAreas`). */
  valueSets?: ValueSets
}

/** Value sets shipped beside rules: name → the accepted codes (risk areas, test kinds, vaccine products…). */
export type ValueSets = Record<string, unknown[]>

/** One colour change in an authority's history, as a rule sees it. */
export interface ColourChangeFacts {
  colour: Colour
  at: string
  reason: string | null
}

/** One health code in the payload: an authority's code with its history and pop-ups. */
export interface CodeRecord {
  province: ProvinceCode
  issuer: string
  colour: Colour
  /** The reason for the current colour; `null` when none was given. */
  reason: string | null
  issuedAt: string
  validUntil: string
  /** When the current colour began (last change to it, else issue time). */
  since: string
  history: ColourChangeFacts[]
  popUps: Array<{ type: string; message: string; howToClear: string | null }>
}

/** One test in the payload (every test the pass holds, merged by sample id). */
export interface TestRecord {
  sampleId: string
  kind: TestKind
  /** `pending` while the result is not out at the validation clock. */
  result: 'negative' | 'positive' | 'pending'
  sampledAt: string
  /** `null` while pending. */
  reportedAt: string | null
  /** 混检: pooled sampling. */
  pooled: boolean
  /** Where the sample was taken. */
  province: ProvinceCode
  /** By whom: the lab. */
  lab: string
  /** From a verified foreign certificate: its kind, type and issuer country. */
  via?: ForeignSource
}

/** One vaccine dose in the payload (merged by dose number). */
export interface DoseRecord {
  dose: number
  product: string
  manufacturer: string
  at: string
  province: ProvinceCode
  /** From a verified foreign certificate: its kind, type and issuer country. */
  via?: ForeignSource
}

/** A recovery a verified foreign certificate states (EU DCC `r`), ISO times. */
export interface RecoveryRecord {
  firstPositive: string
  validFrom: string
  validUntil: string
  country: string
  via: ForeignSource | null
}

/** One stay on the traveller's itinerary (national sources; slot designed, filled by the trip check and later issues). */
export interface StayFacts {
  province: ProvinceCode
  /** A finer area (county/district code or name) when known, else `null`. */
  area: string | null
  from: string
  /** `null` while the stay goes on. */
  to: string | null
}

/** One arrival declaration the traveller made. */
export interface DeclarationFacts {
  province: ProvinceCode
  at: string
  /** `null` when the province set no expiry. */
  validUntil: string | null
}

/** The traveller's whole record as the pass holds it, known at the validation clock. */
export interface Payload {
  person: { birthDate: string }
  /** Every authority's code (all issued by the clock), by province then issue time. */
  codes: CodeRecord[]
  /** Every test sampled by the clock, by sample time; duplicates (one sample id) merged. */
  tests: TestRecord[]
  /** Every dose given by the clock, by dose number; duplicates merged. */
  vaccinations: DoseRecord[]
  /** Stays, by start; empty until a source fills it. */
  itinerary: StayFacts[]
  /** Arrival declarations made by the clock, by time. */
  declarations: DeclarationFacts[]
  /** Recoveries stated by the clock (first positive test by then), by start of validity; absent when no source states any. */
  recoveries?: RecoveryRecord[]
}

/** What the evaluation is about, not who: the EU's `external`. */
export interface External {
  /** The instant of evaluation (ISO with offset). */
  validationClock: string
  /** The province (or country) being entered. */
  destination: string
  /** From the rule publisher (rule set `valueSets`) and the caller. */
  valueSets: ValueSets
}

/** One test as the derived conveniences show it. */
export interface TestFacts {
  kind: TestKind
  sampledAt: string
  reportedAt: string
  pooled: boolean
  province: ProvinceCode
}

/** A test sampled but not yet reported. */
export interface PendingTestFacts {
  kind: TestKind
  sampledAt: string
  pooled: boolean
  province: ProvinceCode
}

/** One authority's latest code, as the derived conveniences show it. */
export interface CodeFacts {
  colour: Colour
  since: string
  issuedAt: string
  validUntil: string
  /** False once `validUntil` has passed at the validation clock. */
  current: boolean
  popUps: Array<{ type: string }>
}

/**
 * Conveniences computed from `payload` only (and the validation clock and
 * destination of `external`); never new information.
 */
export interface Derived {
  /** Whole years at the validation clock (Shanghai calendar). */
  ageYears: number
  codes: {
    /** The worst colour any authority shows; `null` when the pass holds no code. */
    worst: Colour | null
    count: number
    /** Provinces whose latest code is not green, in code order. */
    nonGreen: ProvinceCode[]
    /** The latest-issued code per province. */
    byProvince: Record<ProvinceCode, CodeFacts>
  }
  tests: {
    latestNegative: TestFacts | null
    latestNegativePcr: TestFacts | null
    latestReportedNegativePcr: TestFacts | null
    latestNegativeAntigen: TestFacts | null
    pendingPcr: PendingTestFacts | null
    positive: TestFacts | null
  }
  vaccination: { doses: number; last: string | null }
  /** Declarations in force at the clock, by province (the later-lapsing one). */
  declarations: Record<ProvinceCode, { at: string; validUntil: string | null }>
  /** Start of the latest stay in the destination that began by the clock; `null` when none. */
  arrival: string | null
  /** The recovery valid at the clock that lasts longest; `null` when none (absent when the payload has no recoveries). */
  recovery?: RecoveryRecord | null
}

/**
 * The data a rule reads, in the EU DCC shape `{ payload, external }` plus
 * derived conveniences. Plain JSON; instants are ISO strings. See `docs/rules.md`.
 */
export interface Facts {
  payload: Payload
  external: External
  derived: Derived
}

/**
 * Facts in the bare EU shape (e.g. a DCC payload from the EU test corpus): the
 * engine evaluates these too. `derived` is absent when the payload is not ours.
 */
export interface AnyFacts {
  payload: unknown
  /** The EU's own externals may hold more (country code, exp, iat…); rules read them as they are. */
  external: Partial<External>
  derived?: Derived
}

/** How far off a failed rule is, from when it last held and when it will next hold with nothing new. */
export interface Distance {
  /** Last instant (epoch ms) before the evaluation at which the rule held; `null` when none within the search. */
  lastHeld: number | null
  /** First instant after the evaluation at which it holds; `null` when none within the search. */
  firstHolds: number | null
  /** "too old by 1 h 27 min" / "admitted from 08:00 on 12 Dec", in the traveller's language. */
  text: string
}

/** One failed (or unevaluable) rule, explained. */
export interface VerdictReason {
  ruleId: string
  outcome: RuleOutcome
  /** In the traveller's language. */
  text: string
  action?: ActionKind
  /** True when the rule could not be evaluated (error, or a value neither true nor false). */
  unevaluable?: true
  /** How far off the traveller is; absent for unevaluable rules. */
  distance?: Distance
}

/** Why a verdict is `unknown`. */
export type UnknownCause = 'no-rule-set' | 'none-in-force' | 'unevaluable'

/** What the engine decides for one destination at one instant. */
export interface Verdict {
  /** `unknown`: no rule set, none in force, or a rule could not be evaluated (never "admit" from nothing). */
  outcome: 'admit' | RuleOutcome | 'unknown'
  /** Every failed rule, refusals first. Empty when admitted. */
  reasons: VerdictReason[]
  /** Set when `outcome` is `unknown`: why, in the traveller's language. */
  unknown?: { cause: UnknownCause; text: string }
  /**
   * Earliest instant (epoch ms) at which the verdict changes if nothing new
   * happens (no new test, result, code change or declaration); `null` when no
   * such instant follows from the data and rules.
   */
  until: number | null
  evaluatedAt: number
  ruleSetVersion: string
}
