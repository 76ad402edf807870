/**
 * Builds the data context (`Facts`) entry rules read, from the domain objects
 * the pass holds. Only what was known at `at` counts: a test sampled later does
 * not exist yet, a result reported later is still pending.
 */
import type { Colour, HealthCode, ProvinceCode, TestResult, Vaccination } from '../model'
import { ageYears, parseIso, toShanghaiIso, tryParseIso } from './time'
import type { CodeFacts, DeclarationFacts, Facts, PendingTestFacts, TestFacts } from './types'

/** An arrival declaration the traveller made (from a `DeclarationReceipt`). */
export interface DeclarationRecord {
  province: ProvinceCode
  at: number
  validUntil?: number
}

/** Everything the pass knows about the traveller, for one destination and instant. */
export interface FactsInput {
  codes: HealthCode[]
  tests: TestResult[]
  vaccinations: Vaccination[]
  declarations: DeclarationRecord[]
  /** ISO date `YYYY-MM-DD`. */
  person: { birthDate: string }
  destination: ProvinceCode
  /** Epoch ms. */
  at: number
}

const RANK: Record<Colour, number> = { green: 0, yellow: 1, red: 2 }

function codeFacts(code: HealthCode, at: number): CodeFacts {
  const changes = code.history.filter((c) => c.at <= at && c.colour === code.colour)
  const since = changes.length > 0 ? Math.max(...changes.map((c) => c.at)) : code.issuedAt
  return {
    colour: code.colour,
    since: toShanghaiIso(since),
    issuedAt: toShanghaiIso(code.issuedAt),
    validUntil: toShanghaiIso(code.validUntil),
    current: code.validUntil > at,
    popUps: code.popUps.map((p) => ({ type: p.type })),
  }
}

function testFacts(t: TestResult, reportedAt: number): TestFacts {
  return {
    kind: t.kind,
    sampledAt: toShanghaiIso(t.sampledAt),
    reportedAt: toShanghaiIso(reportedAt),
    pooled: t.pooled,
    province: t.province,
  }
}

function latest<T>(items: T[], key: (item: T) => number): T | null {
  let best: T | null = null
  for (const item of items) if (best === null || key(item) > key(best)) best = item
  return best
}

interface Known {
  test: TestResult
  reportedAt: number
}

function testsFacts(tests: TestResult[], at: number): Facts['tests'] {
  const sampled = tests.filter((t) => t.sampledAt <= at)
  const reported: Known[] = []
  const pending: TestResult[] = []
  for (const t of sampled) {
    if (t.outcome !== 'pending' && t.reportedAt !== undefined && t.reportedAt <= at)
      reported.push({ test: t, reportedAt: t.reportedAt })
    else pending.push(t)
  }
  const negatives = reported.filter((k) => k.test.outcome === 'negative')
  const bySample = (k: Known): number => k.test.sampledAt
  const pcr = negatives.filter((k) => k.test.kind === 'pcr')
  const asFacts = (k: Known | null): TestFacts | null => (k ? testFacts(k.test, k.reportedAt) : null)
  const latestNegative = latest(negatives, bySample)
  const latestPcr = latest(pcr, bySample)
  const pend = latest(
    pending.filter((t) => t.kind === 'pcr' && (latestPcr === null || t.sampledAt > latestPcr.test.sampledAt)),
    (t) => t.sampledAt,
  )
  const positive = latest(
    reported.filter((k) => k.test.outcome === 'positive'),
    bySample,
  )
  const pendingFacts: PendingTestFacts | null = pend
    ? { kind: pend.kind, sampledAt: toShanghaiIso(pend.sampledAt), pooled: pend.pooled, province: pend.province }
    : null
  return {
    latestNegative: asFacts(latestNegative),
    latestNegativePcr: asFacts(latestPcr),
    latestReportedNegativePcr: asFacts(latest(pcr, (k) => k.reportedAt)),
    latestNegativeAntigen: asFacts(
      latest(
        negatives.filter((k) => k.test.kind === 'antigen'),
        bySample,
      ),
    ),
    pendingPcr: pendingFacts,
    positive:
      positive && (latestNegative === null || positive.test.sampledAt > latestNegative.test.sampledAt)
        ? asFacts(positive)
        : null,
  }
}

function declarationsFacts(records: DeclarationRecord[], at: number): Record<ProvinceCode, DeclarationFacts> {
  const out: Record<ProvinceCode, DeclarationFacts> = {}
  const inForce = records.filter((d) => d.at <= at && (d.validUntil === undefined || d.validUntil > at))
  for (const d of inForce) {
    const prev = out[d.province]
    const until = d.validUntil ?? Number.POSITIVE_INFINITY
    const prevUntil = prev
      ? prev.validUntil === null
        ? Number.POSITIVE_INFINITY
        : parseIso(prev.validUntil)
      : Number.NEGATIVE_INFINITY
    if (until > prevUntil || (until === prevUntil && prev && d.at > parseIso(prev.at))) {
      out[d.province] = {
        at: toShanghaiIso(d.at),
        validUntil: d.validUntil === undefined ? null : toShanghaiIso(d.validUntil),
      }
    }
  }
  return out
}

function codesSummary(byProvince: Record<ProvinceCode, CodeFacts>, order: ProvinceCode[]): Facts['codes'] {
  let worst: Colour | null = null
  for (const p of order) {
    const c = byProvince[p].colour
    if (worst === null || RANK[c] > RANK[worst]) worst = c
  }
  return { worst, count: order.length, nonGreen: order.filter((p) => byProvince[p].colour !== 'green'), byProvince }
}

/**
 * The facts a rule can read for `input.destination` at `input.at`.
 * When the pass holds two codes from one province the later-issued one counts.
 */
export function buildFacts(input: FactsInput): Facts {
  const { at } = input
  const latestCode: Record<ProvinceCode, HealthCode> = {}
  for (const c of input.codes) {
    if (c.issuedAt > at) continue
    const prev = latestCode[c.province]
    if (!prev || c.issuedAt > prev.issuedAt) latestCode[c.province] = c
  }
  const order = Object.keys(latestCode).sort()
  const byProvince: Record<ProvinceCode, CodeFacts> = {}
  for (const p of order) byProvince[p] = codeFacts(latestCode[p], at)
  const doses = input.vaccinations.filter((v) => v.at <= at)
  const last = latest(doses, (v) => v.at)
  return {
    now: toShanghaiIso(at),
    destination: input.destination,
    person: { birthDate: input.person.birthDate, ageYears: ageYears(input.person.birthDate, at) },
    codes: codesSummary(byProvince, order),
    tests: testsFacts(input.tests, at),
    vaccination: { doses: doses.length, last: last ? toShanghaiIso(last.at) : null },
    declarations: declarationsFacts(input.declarations, at),
  }
}

/**
 * The same facts seen at a later instant `t`, assuming nothing new arrives:
 * `now`, the age, code currency and declarations in force move with time;
 * tests and colours stay as they are (a pending result's outcome is unknown).
 * For inputs whose events all lie at or before the facts' `now`, this equals
 * `buildFacts({ ...input, at: t })`.
 */
export function factsAt(facts: Facts, t: number): Facts {
  const byProvince: Record<ProvinceCode, CodeFacts> = {}
  for (const [p, c] of Object.entries(facts.codes.byProvince))
    byProvince[p] = { ...c, current: tryParseIso(c.validUntil) > t }
  const declarations: Record<ProvinceCode, DeclarationFacts> = {}
  for (const [p, d] of Object.entries(facts.declarations)) {
    if (tryParseIso(d.at) <= t && (d.validUntil === null || tryParseIso(d.validUntil) > t)) declarations[p] = d
  }
  return {
    ...facts,
    now: toShanghaiIso(t),
    person: { ...facts.person, ageYears: ageYears(facts.person.birthDate, t) },
    codes: { ...facts.codes, byProvince },
    declarations,
  }
}
