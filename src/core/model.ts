/**
 * The domain model of National Pass, in travellers' and provinces' words.
 * Platform-free: nothing here imports Taro or React. All times are epoch
 * milliseconds (UTC instants); display code converts to Asia/Shanghai.
 */

/** GB/T 2260 province code, six digits, e.g. `440000` for Guangdong. */
export type ProvinceCode = string

/** A health-code colour as the issuing authority states it. */
export type Colour = 'green' | 'yellow' | 'red'

/** An identity field a plugin may ask for (data minimisation). */
export type IdentityField = 'name' | 'idNumber' | 'phone' | 'birthDate'

/** The traveller's identity as held (encrypted) on the device. */
export interface Identity {
  name: string
  /** Resident ID number (GB 11643, 18 characters). */
  idNumber: string
  phone: string
  /** ISO date `YYYY-MM-DD`, derived from the ID number. */
  birthDate: string
}

/** Only the fields a plugin declared it needs. */
export type PersonFor<F extends IdentityField> = Pick<Identity, F>

/** Whether a signature was checked against the trust list. */
export type Verification =
  | { status: 'verified'; kid: string }
  | { status: 'unverified'; reason: 'unsigned' }
  | { status: 'invalid'; code: string; message: string; params?: Record<string, string | number> }

/** One change of colour in an authority's history. */
export interface ColourChange {
  colour: Colour
  at: number
  /** The reason the authority gave; absent when it gave none. */
  reason?: string
}

/** A pop-up (弹窗) state that blocks entry until cleared. */
export interface PopUp {
  /** Short machine type, e.g. `test-required`, `travel-history`. */
  type: string
  /** What the authority says, in its own words. */
  message: string
  /** How the traveller clears it, if stated. */
  howToClear?: string
}

/** A province's health code for one person. */
export interface HealthCode {
  province: ProvinceCode
  /** Who issued it, e.g. `广东省卫生健康委员会 (粤康码)`. */
  issuer: string
  colour: Colour
  /** The reason for the current colour, if any was given. */
  reason?: string
  issuedAt: number
  validUntil: number
  history: ColourChange[]
  popUps: PopUp[]
  /** The compact signed claim (base64url), when the backend signs. */
  claim?: string
}

export type TestKind = 'pcr' | 'antigen'
export type TestOutcome = 'negative' | 'positive' | 'pending'

/** One nucleic-acid or antigen test. */
export interface TestResult {
  /** The sample's id at the lab; used to merge duplicates across provinces. */
  sampleId: string
  kind: TestKind
  outcome: TestOutcome
  sampledAt: number
  /** Absent while pending. */
  reportedAt?: number
  /** 混检: pooled sampling. */
  pooled: boolean
  lab: string
  /** The province where the sample was taken. */
  province: ProvinceCode
  claim?: string
  /** Set when a verified foreign certificate states it (then `province` is `foreign:<country>`). */
  via?: ForeignSource
}

/** One vaccine dose. */
export interface Vaccination {
  dose: number
  product: string
  manufacturer: string
  at: number
  province: ProvinceCode
  claim?: string
  /** Set when a verified foreign certificate states it. */
  via?: ForeignSource
}

/** A venue a traveller can check in at. */
export interface VenueRef {
  province: ProvinceCode
  /** The province's own id for the venue. */
  venueId: string
  name: string
  address?: string
  /** Where the reference came from. */
  source: 'national' | 'legacy'
}

/** A check-in as the province receives it. */
export interface CheckIn {
  venue: VenueRef
  at: number
  idempotencyKey: string
}

/** The province's answer to a check-in. */
export interface CheckInReceipt {
  receiptId: string
  at: number
  /** True when the province had already stored this idempotency key. */
  duplicate: boolean
}

/** One field of an arrival declaration form. */
export interface DeclarationField {
  key: string
  type: 'text' | 'date' | 'datetime' | 'select' | 'phone' | 'boolean'
  label: { zh: string; en: string }
  required: boolean
  options?: Array<{ value: string; label: { zh: string; en: string } }>
  /** Regular expression source the value must match. */
  pattern?: string
}

export interface DeclarationForm {
  province: ProvinceCode
  version: string
  title: { zh: string; en: string }
  fields: DeclarationField[]
}

export interface DeclarationReceipt {
  receiptId: string
  at: number
  validUntil?: number
  duplicate: boolean
}

/** Localised text. */
export interface I18nText {
  zh: string
  en: string
}

/** Where a fact from a verified foreign certificate comes from: its kind, certificate type and issuer country. */
export interface ForeignSource {
  kind: 'eu-dcc' | 'shc'
  /** `v` vaccination, `t` test, `r` recovery. */
  type: 'v' | 't' | 'r'
  /** ISO 3166 alpha-2 of the issuer, '' when it cannot be told. */
  country: string
}

/** A past infection a verified certificate states (EU DCC type `r`); epoch ms. */
export interface RecoveryStatement {
  firstPositive: number
  validFrom: number
  validUntil: number
  /** ISO 3166 alpha-2 country where the test was taken. */
  country: string
  via?: ForeignSource
}
