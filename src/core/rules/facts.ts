/**
 * Builds the data context (`Facts`) entry rules read, in the EU DCC shape
 * `{ payload, external }`: `payload` is the traveller's whole record as the
 * pass holds it, `external` the validation clock, destination and value sets.
 * `derived` holds conveniences computed from `payload` (and the clock and
 * destination) only.
 *
 * Only what was known at `at` counts: a test sampled later does not exist yet,
 * a result reported later is still pending. Duplicates are merged before any
 * rule sees them: one test per sample id, one dose per dose number.
 */
import type { Colour, HealthCode, ProvinceCode, RecoveryStatement, TestResult, Vaccination } from '../model'
import { ageYears, toShanghaiIso, tryParseIso } from './time'
import type {
  AnyFacts,
  CodeFacts,
  CodeRecord,
  Derived,
  DoseRecord,
  Facts,
  Payload,
  PendingTestFacts,
  RecoveryRecord,
  StayFacts,
  TestFacts,
  TestRecord,
  ValueSets,
} from './types'

/** An arrival declaration the traveller made (from a `DeclarationReceipt`). */
export interface DeclarationRecord {
  province: ProvinceCode
  at: number
  validUntil?: number
}

/** One stay on the itinerary (epoch ms); `to` absent while it goes on. */
export interface Stay {
  province: ProvinceCode
  area?: string
  from: number
  to?: number
}

/** Everything the pass knows about the traveller, for one destination and instant. */
export interface FactsInput {
  codes: HealthCode[]
  tests: TestResult[]
  vaccinations: Vaccination[]
  declarations: DeclarationRecord[]
  /** Stays, when a source knows them (national itinerary, the trip being checked). */
  itinerary?: Stay[]
  /** ISO date `YYYY-MM-DD`. */
  person: { birthDate: string }
  destination: ProvinceCode
  /** Epoch ms. */
  at: number
  /** Value sets the caller holds; the rule set's own are added by `evaluate`. */
  valueSets?: ValueSets
  /** Recoveries verified foreign certificates state (EU DCC `r`); omitted when there are none to state. */
  recoveries?: RecoveryStatement[]
}

const RANK: Record<Colour, number> = { green: 0, yellow: 1, red: 2 }
const iso = toShanghaiIso
const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function codeRecord(code: HealthCode, at: number): CodeRecord {
  const history = code.history.filter((c) => c.at <= at).sort((a, b) => a.at - b.at)
  const changes = history.filter((c) => c.colour === code.colour)
  const since = changes.length > 0 ? Math.max(...changes.map((c) => c.at)) : code.issuedAt
  return {
    province: code.province,
    issuer: code.issuer,
    colour: code.colour,
    reason: code.reason ?? null,
    issuedAt: iso(code.issuedAt),
    validUntil: iso(code.validUntil),
    since: iso(since),
    history: history.map((c) => ({ colour: c.colour, at: iso(c.at), reason: c.reason ?? null })),
    popUps: code.popUps.map((p) => ({ type: p.type, message: p.message, howToClear: p.howToClear ?? null })),
  }
}

const SEVERITY: Record<TestRecord['result'], number> = { pending: 0, negative: 1, positive: 2 }

/**
 * One test per sample id: a reported result beats a pending one; two reports
 * of one sample keep the earlier report, and a positive beats a negative (a
 * sample cannot be both, so the safer reading wins).
 */
export function mergeTestRecords(tests: readonly TestRecord[]): TestRecord[] {
  const byId = new Map<string, TestRecord>()
  for (const t of tests) {
    const prev = byId.get(t.sampleId)
    if (!prev) {
      byId.set(t.sampleId, t)
      continue
    }
    let keep = prev
    if (SEVERITY[t.result] > SEVERITY[prev.result]) keep = t
    else if (
      t.result === prev.result &&
      t.reportedAt !== null &&
      prev.reportedAt !== null &&
      tryParseIso(t.reportedAt) < tryParseIso(prev.reportedAt)
    )
      keep = t
    byId.set(t.sampleId, {
      ...keep,
      lab: keep.lab || prev.lab || t.lab,
      province: keep.province || prev.province || t.province,
    })
  }
  return [...byId.values()].sort(
    (a, b) => tryParseIso(a.sampledAt) - tryParseIso(b.sampledAt) || byString(a.sampleId, b.sampleId),
  )
}

function testRecords(tests: readonly TestResult[], at: number): TestRecord[] {
  const known: TestRecord[] = []
  for (const t of tests) {
    if (t.sampledAt > at) continue
    const reported = t.outcome !== 'pending' && t.reportedAt !== undefined && t.reportedAt <= at
    known.push({
      sampleId: t.sampleId,
      kind: t.kind,
      result: reported ? (t.outcome as 'negative' | 'positive') : 'pending',
      sampledAt: iso(t.sampledAt),
      reportedAt: reported && t.reportedAt !== undefined ? iso(t.reportedAt) : null,
      pooled: t.pooled,
      province: t.province,
      lab: t.lab,
      ...(t.via ? { via: t.via } : {}),
    })
  }
  return mergeTestRecords(known)
}

/** One dose per dose number (the earliest report of it), products filled from any duplicate. */
function doseRecords(doses: readonly Vaccination[], at: number): DoseRecord[] {
  const byDose = new Map<number, Vaccination>()
  for (const v of doses) {
    if (v.at > at) continue
    const prev = byDose.get(v.dose)
    if (!prev) byDose.set(v.dose, v)
    else {
      const first = v.at < prev.at ? v : prev
      const other = first === v ? prev : v
      byDose.set(v.dose, {
        ...first,
        product: first.product || other.product,
        manufacturer: first.manufacturer || other.manufacturer,
      })
    }
  }
  return [...byDose.values()]
    .sort((a, b) => a.dose - b.dose)
    .map((v) => ({
      dose: v.dose,
      product: v.product,
      manufacturer: v.manufacturer,
      at: iso(v.at),
      province: v.province,
      ...(v.via ? { via: v.via } : {}),
    }))
}

/** Recoveries whose first positive test was by `at`, by start of validity. */
function recoveryRecords(recoveries: readonly RecoveryStatement[], at: number): RecoveryRecord[] {
  return recoveries
    .filter((r) => r.firstPositive <= at)
    .sort((a, b) => a.validFrom - b.validFrom || a.validUntil - b.validUntil)
    .map((r) => ({
      firstPositive: iso(r.firstPositive),
      validFrom: iso(r.validFrom),
      validUntil: iso(r.validUntil),
      country: r.country,
      via: r.via ?? null,
    }))
}

/** The traveller's whole record known at `at`, merged and in ISO time. */
export function buildPayload(input: Omit<FactsInput, 'destination' | 'valueSets'>): Payload {
  const { at } = input
  const codes = input.codes
    .filter((c) => c.issuedAt <= at)
    .sort((a, b) => byString(a.province, b.province) || a.issuedAt - b.issuedAt)
    .map((c) => codeRecord(c, at))
  const itinerary: StayFacts[] = (input.itinerary ?? [])
    .filter((s) => s.from <= at)
    .sort((a, b) => a.from - b.from)
    .map((s) => ({
      province: s.province,
      area: s.area ?? null,
      from: iso(s.from),
      to: s.to === undefined || s.to > at ? null : iso(s.to),
    }))
  return {
    person: { birthDate: input.person.birthDate },
    codes,
    tests: testRecords(input.tests, at),
    vaccinations: doseRecords(input.vaccinations, at),
    itinerary,
    declarations: input.declarations
      .filter((d) => d.at <= at)
      .sort((a, b) => a.at - b.at)
      .map((d) => ({
        province: d.province,
        at: iso(d.at),
        validUntil: d.validUntil === undefined ? null : iso(d.validUntil),
      })),
    ...(input.recoveries ? { recoveries: recoveryRecords(input.recoveries, at) } : {}),
  }
}

function latest<T>(items: readonly T[], key: (item: T) => number): T | null {
  let best: T | null = null
  for (const item of items) if (best === null || key(item) > key(best)) best = item
  return best
}

type Static = Omit<Derived, 'ageYears' | 'codes' | 'declarations' | 'arrival'> & {
  latestCodes: CodeRecord[]
}

/** The clock-independent part of `derived`, cached per payload (payloads are never mutated). */
const statics = new WeakMap<Payload, Static>()

function staticOf(payload: Payload): Static {
  const hit = statics.get(payload)
  if (hit) return hit
  const sampled = (t: TestRecord): number => tryParseIso(t.sampledAt)
  const reported = payload.tests.filter((t) => t.result !== 'pending')
  const negatives = reported.filter((t) => t.result === 'negative')
  const pcr = negatives.filter((t) => t.kind === 'pcr')
  const asFacts = (t: TestRecord | null): TestFacts | null =>
    t && t.reportedAt !== null
      ? { kind: t.kind, sampledAt: t.sampledAt, reportedAt: t.reportedAt, pooled: t.pooled, province: t.province }
      : null
  const latestNegative = latest(negatives, sampled)
  const latestPcr = latest(pcr, sampled)
  const pend = latest(
    payload.tests.filter(
      (t) => t.result === 'pending' && t.kind === 'pcr' && (latestPcr === null || sampled(t) > sampled(latestPcr)),
    ),
    sampled,
  )
  const positive = latest(
    reported.filter((t) => t.result === 'positive'),
    sampled,
  )
  const pendingPcr: PendingTestFacts | null = pend
    ? { kind: pend.kind, sampledAt: pend.sampledAt, pooled: pend.pooled, province: pend.province }
    : null
  const latestCodes = new Map<ProvinceCode, CodeRecord>()
  for (const c of payload.codes) {
    const prev = latestCodes.get(c.province)
    if (!prev || tryParseIso(c.issuedAt) > tryParseIso(prev.issuedAt)) latestCodes.set(c.province, c)
  }
  const last = latest(payload.vaccinations, (v) => tryParseIso(v.at))
  const out: Static = {
    tests: {
      latestNegative: asFacts(latestNegative),
      latestNegativePcr: asFacts(latestPcr),
      latestReportedNegativePcr: asFacts(latest(pcr, (t) => tryParseIso(t.reportedAt ?? ''))),
      latestNegativeAntigen: asFacts(
        latest(
          negatives.filter((t) => t.kind === 'antigen'),
          sampled,
        ),
      ),
      pendingPcr,
      positive:
        positive && (latestNegative === null || sampled(positive) > sampled(latestNegative)) ? asFacts(positive) : null,
    },
    vaccination: { doses: payload.vaccinations.length, last: last ? last.at : null },
    latestCodes: [...latestCodes.keys()].sort(byString).map((p) => latestCodes.get(p) as CodeRecord),
  }
  statics.set(payload, out)
  return out
}

/**
 * The derived conveniences for `payload` at instant `t` entering `destination`:
 * a function of those three only.
 */
export function derive(payload: Payload, t: number, destination: string): Derived {
  const st = staticOf(payload)
  const byProvince: Record<ProvinceCode, CodeFacts> = {}
  let worst: Colour | null = null
  for (const c of st.latestCodes) {
    byProvince[c.province] = {
      colour: c.colour,
      since: c.since,
      issuedAt: c.issuedAt,
      validUntil: c.validUntil,
      current: tryParseIso(c.validUntil) > t,
      popUps: c.popUps.map((p) => ({ type: p.type })),
    }
    if (worst === null || RANK[c.colour] > RANK[worst]) worst = c.colour
  }
  const declarations: Derived['declarations'] = {}
  const lapse = (v: string | null): number => (v === null ? Number.POSITIVE_INFINITY : tryParseIso(v))
  for (const d of payload.declarations) {
    if (!(tryParseIso(d.at) <= t && lapse(d.validUntil) > t)) continue
    const prev = declarations[d.province]
    if (
      !prev ||
      lapse(d.validUntil) > lapse(prev.validUntil) ||
      (lapse(d.validUntil) === lapse(prev.validUntil) && tryParseIso(d.at) > tryParseIso(prev.at))
    )
      declarations[d.province] = { at: d.at, validUntil: d.validUntil }
  }
  const arrival = latest(
    payload.itinerary.filter((s) => s.province === destination && tryParseIso(s.from) <= t),
    (s) => tryParseIso(s.from),
  )
  return {
    ageYears: ageYears(payload.person.birthDate, t),
    codes: {
      worst,
      count: st.latestCodes.length,
      nonGreen: st.latestCodes.filter((c) => c.colour !== 'green').map((c) => c.province),
      byProvince,
    },
    tests: st.tests,
    vaccination: st.vaccination,
    declarations,
    arrival: arrival ? arrival.from : null,
    ...(payload.recoveries
      ? {
          recovery: latest(
            payload.recoveries.filter((r) => tryParseIso(r.validFrom) <= t && t <= tryParseIso(r.validUntil)),
            (r) => tryParseIso(r.validUntil),
          ),
        }
      : {}),
  }
}

/**
 * The facts a rule can read for `input.destination` at `input.at`: the
 * whole record in `payload`, the clock and destination in `external`.
 */
export function buildFacts(input: FactsInput): Facts {
  const payload = buildPayload(input)
  return {
    payload,
    external: { validationClock: iso(input.at), destination: input.destination, valueSets: input.valueSets ?? {} },
    derived: derive(payload, input.at, input.destination),
  }
}

/**
 * The same facts seen at instant `t`, assuming nothing new arrives: the
 * validation clock moves and `derived` is recomputed from the unchanged
 * payload (age, code currency, declarations in force move with time; tests and
 * colours stay as they are). For inputs whose events all lie at or before the
 * facts' clock, this equals `buildFacts({ ...input, at: t })` for later `t`.
 */
export function factsAt<F extends AnyFacts>(facts: F, t: number): F {
  const external = { ...facts.external, validationClock: iso(t) }
  if (!facts.derived) return { ...facts, external }
  const payload = facts.payload as Payload
  return { ...facts, external, derived: derive(payload, t, String(facts.external.destination ?? '')) }
}
