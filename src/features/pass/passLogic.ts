/**
 * Pure pass logic: merging tests across provinces, the authorities' colours
 * and their disagreement, the headline verdict and the pass QR text. No Taro,
 * no React, no store: the slice and the page call these.
 */
import type { SerializedError } from '../../core/errors'
import type { Colour, HealthCode, Identity, ProvinceCode, TestResult, Vaccination } from '../../core/model'
import { decodeClaim, type Holder, parseSignedClaim, sameHolder, type SignedClaim } from '../../core/claims'
import { bytesEqual } from '../../core/bytes'
import { NATIONAL_AUTHORITY } from '../../core/itinerary'
import { maskName } from '../../sdk/redact'
import { encodeBoundPass, encodePass, type Pass } from '../../core/passCodec'
import { decodeBundle, parseSignedBundle, type SignedBundle } from '../../core/passBundle'
import { evaluate } from '../../core/rules/engine'
import { buildFacts, type Stay } from '../../core/rules/facts'
import type { Lang, RuleSet, ValueSets, Verdict } from '../../core/rules/types'

/** Where one province's answer stands. */
export type ProvinceStatus = 'loading' | 'done' | 'timeout' | 'failed' | 'unverified'

/** A record with the verified mark its signature earned. */
export type Checked<T> = T & { verified: boolean }

/** One province's answer for one person (plain, serialisable). */
export interface ProvinceResult {
  province: ProvinceCode
  status: ProvinceStatus
  healthCode?: Checked<HealthCode>
  tests: Checked<TestResult>[]
  vaccinations: Checked<Vaccination>[]
  /** Why the province failed or timed out (its data, if any, is from an earlier answer). */
  error?: SerializedError
  /** Server time of the answer the data came from. */
  at?: number
  /**
   * The province's `dk` claim certifying this phone's key for this person
   * (base64url), verified against the trust list when the answer came
   * (holder binding): the pass then shows `NP2:` codes, see {@link boundPassText}.
   */
  deviceKeyClaim?: string
  /** The authority's signed pass bundle over some of these claims (saved with the pass: the offline QR is compact too). */
  passBundle?: PassBundleRecord
}

/** A pass bundle as the app keeps it: the serialized claims it covers and the bundle (base64url, as served). */
export interface PassBundleRecord {
  claims: string[]
  bundle: string
}

/** The bundles kept with the answers (one per authority that offers them). */
const keptBundles = (results: readonly ProvinceResult[]): PassBundleRecord[] =>
  results.flatMap((r) => (r.passBundle ? [r.passBundle] : []))

/** Codes the traveller can rely on: answered (verified or unsigned), never forged ones. */
export function usableCodes(results: readonly ProvinceResult[]): Checked<HealthCode>[] {
  return results.flatMap((r) => (r.healthCode ? [r.healthCode] : []))
}

/** Every province's tests, the same sample counted once (a verified copy preferred), newest sample first. */
export function mergeTests(results: readonly ProvinceResult[]): Checked<TestResult>[] {
  const bySample = new Map<string, Checked<TestResult>>()
  for (const r of results) {
    for (const t of r.tests) {
      const prev = bySample.get(t.sampleId)
      const better =
        !prev ||
        (t.verified && !prev.verified) ||
        (t.verified === prev.verified && prev.outcome === 'pending' && t.outcome !== 'pending')
      if (better) bySample.set(t.sampleId, t)
    }
  }
  return [...bySample.values()].sort((a, b) => b.sampledAt - a.sampledAt)
}

/** Every dose once (same dose number and day counted once), newest first. */
export function mergeVaccinations(results: readonly ProvinceResult[]): Checked<Vaccination>[] {
  const seen = new Map<string, Checked<Vaccination>>()
  for (const r of results) {
    for (const v of r.vaccinations) {
      const key = `${v.dose}.${Math.floor(v.at / 86_400_000)}`
      if (!seen.has(key)) seen.set(key, v)
    }
  }
  return [...seen.values()].sort((a, b) => b.at - a.at)
}

/** When the current colour began: the last change to it, else the issue time. */
export function colourSince(code: HealthCode): number {
  const changes = code.history.filter((c) => c.colour === code.colour)
  return changes.length ? Math.max(...changes.map((c) => c.at)) : code.issuedAt
}

/** An authority whose colour differs from the majority, with what it said. */
export interface Dissent {
  province: ProvinceCode
  colour: Colour
  since: number
  reason?: string
}

/** How the authorities disagree: `null` when they all show one colour. */
export interface Disagreement {
  majority: Colour
  majorityCount: number
  dissent: Dissent[]
}

export function disagreement(codes: readonly HealthCode[]): Disagreement | null {
  const counts = new Map<Colour, number>()
  for (const c of codes) counts.set(c.colour, (counts.get(c.colour) ?? 0) + 1)
  if (counts.size < 2) return null
  const rank: Record<Colour, number> = { green: 0, yellow: 1, red: 2 }
  const [majority, majorityCount] = [...counts.entries()].sort((a, b) => b[1] - a[1] || rank[a[0]] - rank[b[0]])[0]
  const dissent = codes
    .filter((c) => c.colour !== majority)
    .map((c) => ({
      province: c.province,
      colour: c.colour,
      since: colourSince(c),
      ...(c.reason ? { reason: c.reason } : {}),
    }))
    .sort((a, b) => rank[b.colour] - rank[a.colour] || a.province.localeCompare(b.province))
  return { majority, majorityCount, dissent }
}

/** Indexes of colour changes that state no reason (the first issue excepted only when it has one). */
export function unexplainedChanges(code: HealthCode): number[] {
  return code.history.flatMap((c, i) => (c.reason?.trim() ? [] : [i]))
}

/** The verdict of `destination`'s rules for the person at server time `at`. */
export function verdictFor(
  results: readonly ProvinceResult[],
  person: Pick<Identity, 'birthDate'>,
  ruleSet: RuleSet,
  destination: ProvinceCode,
  at: number,
  lang: Lang,
  /** What the national platform adds: the verified itinerary's stays and the `riskAreas` value set. */
  national: { itinerary?: Stay[]; valueSets?: ValueSets } = {},
): Verdict {
  const facts = buildFacts({
    codes: usableCodes(results),
    tests: mergeTests(results),
    vaccinations: mergeVaccinations(results),
    declarations: [],
    ...(national.itinerary ? { itinerary: national.itinerary } : {}),
    ...(national.valueSets ? { valueSets: national.valueSets } : {}),
    person: { birthDate: person.birthDate },
    destination,
    at,
  })
  return evaluate(ruleSet, facts, at, lang)
}

/**
 * The pass QR text, bound to the holder. It always carries every red or
 * yellow code the traveller holds (a guard must see bad news, or a venue whose
 * rules refuse any yellow would admit them) and the current province's code,
 * even past the length budget; then, while the text stays within
 * {@link PASS_BUDGET}, the newest signed result and the newest signed dose.
 * `null` when no verified claim is at hand. Unbound (`NP1:`): what the page
 * shows is {@link boundPassText}.
 */
export function passText(
  results: readonly ProvinceResult[],
  current: ProvinceCode,
  person: Identity,
  /** The verified itinerary card's signed `it` claim, carried when it fits the budget. */
  itineraryClaim?: string | null,
  /**
   * Each authority's pass bundle: where one covers every claim of that
   * authority in the pass, the pass carries it instead (`NP3:`, one signature
   * per authority), which leaves room for more extras.
   * @default the `passBundle` of each result
   */
  bundles: readonly PassBundleRecord[] = keptBundles(results),
): string | null {
  const pass = passContent(results, current, person, itineraryClaim, null, bundles)
  return pass ? encodePass(pass) : null
}

/** This phone's holder-binding key pair (see features/identity/phoneKey.ts). */
export interface PhoneSigner {
  publicKey: Uint8Array
  secretKey: Uint8Array
}

/**
 * What the pass page shows: THE one place that chooses the QR format. When
 * an authority's pass bundle in the pass certifies `phone`'s current key for
 * this person (a `dk` item, valid at `shownAt`), the pass is signed by the
 * phone at `shownAt` (server-corrected time) as it is: a bound `NP3:` with no
 * separate certificate. Otherwise, with a verified `dk` claim certifying the
 * key (kept with a province's answer, current province first), the pass
 * carries that claim on top and is signed the same way (`NP2:`, or `NP3:`
 * when other authorities' bundles are in it). A guard refuses either
 * `BINDING_WINDOW_MS` (60 s) after it was shown. Without either, the unbound
 * pass of {@link passText}. A bundle certifying another (old) key is never
 * used to bind. The page calls it again at least every 20 s.
 */
export function boundPassText(
  results: readonly ProvinceResult[],
  current: ProvinceCode,
  person: Identity,
  itineraryClaim: string | null | undefined,
  phone: PhoneSigner | null,
  shownAt: number,
): string | null {
  const bundles = keptBundles(results)
  if (phone) {
    const bind = { publicKey: phone.publicKey, at: shownAt }
    const inBundle = passContent(results, current, person, itineraryClaim, null, bundles, bind)
    if (!inBundle) return null
    if (certifiesPhone(inBundle, phone.publicKey, shownAt)) return encodeBoundPass(inBundle, phone.secretKey, shownAt)
  }
  const dk = phone ? deviceKeyClaimFor(results, current, person, phone.publicKey, shownAt) : null
  const pass = passContent(results, current, person, itineraryClaim, dk, bundles)
  if (!pass) return null
  return dk && phone && pass.claims.includes(dk) ? encodeBoundPass(pass, phone.secretKey, shownAt) : encodePass(pass)
}

/** Whether one of the pass's bundles certifies `publicKey` for the pass's holder, valid at `at` (a `dk` item). */
function certifiesPhone(pass: Pass, publicKey: Uint8Array, at: number): boolean {
  return (pass.bundles ?? []).some((sb) => bundleCertifies(sb, pass.holder, publicKey, at))
}

function bundleCertifies(sb: SignedBundle, holder: Holder, publicKey: Uint8Array, at: number): boolean {
  try {
    const b = decodeBundle(sb.bytes)
    if (!sameHolder(b.holder, holder)) return false
    return b.items.some((c) => c.typ === 'dk' && c.exp >= at && bytesEqual(c.body.publicKey, publicKey))
  } catch {
    return false
  }
}

/** The phone key a kept bundle certifies (its `dk` item), `null` when none or unreadable. */
export function bundlePhoneKey(record: PassBundleRecord): Uint8Array | null {
  try {
    const item = decodeBundle(parseSignedBundle(record.bundle).bytes).items.find((c) => c.typ === 'dk')
    return item?.typ === 'dk' ? item.body.publicKey : null
  } catch {
    return null
  }
}

/** A kept `dk` claim for this person and this phone key, valid at `at`; the current province's first. */
export function deviceKeyClaimFor(
  results: readonly ProvinceResult[],
  current: ProvinceCode,
  person: Pick<Identity, 'name' | 'idNumber'>,
  publicKey: Uint8Array,
  at: number,
): SignedClaim | null {
  const holder = claimHolder(person)
  const ordered = [...results].sort((a, b) => Number(b.province === current) - Number(a.province === current))
  for (const r of ordered) {
    if (!r.deviceKeyClaim) continue
    try {
      const signed = parseSignedClaim(r.deviceKeyClaim)
      const c = decodeClaim(signed.bytes)
      if (c.typ !== 'dk' || !c.holder || c.exp < at) continue
      if (!sameHolder(c.holder, holder)) continue
      if (bytesEqual(c.body.publicKey, publicKey)) return signed
    } catch {
      // Unreadable: not carried.
    }
  }
  return null
}

/** The holder and the claims a pass carries, and the `dk` certificate (when given) after them, outside the budget. */
function passContent(
  results: readonly ProvinceResult[],
  current: ProvinceCode,
  person: Identity,
  itineraryClaim?: string | null,
  dk?: SignedClaim | null,
  bundles: readonly PassBundleRecord[] = [],
  /** Binding in a bundle: see {@link passOf}. */
  bind?: BindInBundle,
): Pass | null {
  const { required, extras } = passCandidates(results, current, itineraryClaim)
  const holder = claimHolder(person)
  const claims = [...required]
  for (const extra of extras) {
    const candidate = [...claims, extra]
    if (claims.length === 0 || encodePass(passOf(holder, candidate, bundles)).length <= PASS_BUDGET) claims.push(extra)
  }
  if (!claims.length) return null
  const pass = passOf(holder, claims, bundles, bind)
  // The certificate comes on top of the budget: a bound pass carries exactly the claims of the unbound one (the
  // guard's verdict must not change because the pass is bound), plus the certificate. Alone it is no pass.
  if (dk && required.length) pass.claims.push(dk)
  return pass
}

/**
 * The claims a pass may carry, serialized: `required` (every red or yellow
 * code, the current province's code) and the `extras` in the order they are
 * added while the text fits (see {@link passText}).
 */
export function passCandidates(
  results: readonly ProvinceResult[],
  current: ProvinceCode,
  itineraryClaim?: string | null,
): { required: string[]; extras: string[] } {
  const verifiedCodes = results.flatMap((r) => (r.healthCode?.verified && r.healthCode.claim ? [r.healthCode] : []))
  const severity = { red: 0, yellow: 1, green: 2 } as const
  const notGreen = verifiedCodes
    .filter((c) => c.colour !== 'green')
    .sort((a, b) => severity[a.colour] - severity[b.colour])
  const own = verifiedCodes.find((c) => c.province === current) ?? (notGreen.length ? undefined : verifiedCodes[0])
  const test = mergeTests(results).find((t) => t.verified && t.claim && t.outcome !== 'pending')
  const dose = mergeVaccinations(results).find((v) => v.verified && v.claim)
  const required = [...notGreen, ...(own && !notGreen.includes(own) ? [own] : [])]
  // An itinerary card with a starred city is bad news a guard must see: first of the extras. Otherwise it
  // comes after the dose, and a green national code (国家政务服务平台) before it. Each only while the text fits.
  const starred = itineraryClaim ? itineraryHasStar(itineraryClaim) : false
  const nationalCode = verifiedCodes.find((c) => c.province === NATIONAL_AUTHORITY && !required.includes(c))
  const itinerary = itineraryClaim ? { claim: itineraryClaim } : undefined
  const extras = starred ? [itinerary, test, dose, nationalCode] : [test, dose, nationalCode, itinerary]
  return {
    required: required.map((c) => c.claim as string),
    extras: extras.flatMap((e) => (e?.claim && isReadableClaim(e.claim) ? [e.claim] : [])),
  }
}

/**
 * Every claim a pass could carry, by issuing authority: what the app asks
 * each authority to bundle (after the claims verified).
 */
export function passBundleRequests(
  results: readonly ProvinceResult[],
  current: ProvinceCode,
  itineraryClaim?: string | null,
): Record<ProvinceCode, string[]> {
  const { required, extras } = passCandidates(results, current, itineraryClaim)
  const out: Record<ProvinceCode, string[]> = {}
  for (const claim of [...required, ...extras]) {
    const iss = issuerOf(claim)
    if (iss) out[iss] = [...(out[iss] ?? []), claim]
  }
  return out
}

const issuerOf = (claim: string): ProvinceCode | null => {
  try {
    return decodeClaim(parseSignedClaim(claim).bytes).iss
  } catch {
    return null
  }
}
const isReadableClaim = (claim: string): boolean => issuerOf(claim) !== null

/** The phone key to bind with and when the QR is shown. */
interface BindInBundle {
  publicKey: Uint8Array
  at: number
}

/**
 * The pass of these claims: per authority, a bundle covering all of its
 * claims here replaces them when it is smaller (`NP3:`); otherwise they
 * travel one by one (`NP1:` when no bundle is used). With `bind`, when no
 * bundle so chosen certifies that phone key, the first authority (in claim
 * order) with a covering bundle that does takes it even when it is not
 * smaller than its claims: it saves the separate certificate (a whole claim
 * and signature).
 */
function passOf(
  holder: Holder,
  claims: readonly string[],
  bundles: readonly PassBundleRecord[],
  bind?: BindInBundle,
): Pass {
  const byIssuer = new Map<ProvinceCode, string[]>()
  for (const c of claims) {
    const iss = issuerOf(c) as ProvinceCode
    byIssuer.set(iss, [...(byIssuer.get(iss) ?? []), c])
  }
  const bundled = new Set<string>()
  const chosen: SignedBundle[] = []
  const best = new Map<ProvinceCode, SignedBundle>()
  const binding = new Map<ProvinceCode, SignedBundle>()
  for (const [iss, group] of byIssuer) {
    const cost = group.reduce((n, c) => n + parseSignedClaim(c).bytes.length + 64, 0)
    for (const b of bundles) {
      if (!group.every((c) => b.claims.includes(c))) continue
      try {
        const sb = parseSignedBundle(b.bundle)
        const smallest = (held?: SignedBundle) => !held || sb.bytes.length < held.bytes.length
        if (sb.bytes.length + 64 < cost && smallest(best.get(iss))) best.set(iss, sb)
        if (bind && bundleCertifies(sb, holder, bind.publicKey, bind.at) && smallest(binding.get(iss)))
          binding.set(iss, sb)
      } catch {
        // An unreadable saved bundle is not used: the claims travel one by one.
      }
    }
  }
  const certified = (sb: SignedBundle) => !!bind && bundleCertifies(sb, holder, bind.publicKey, bind.at)
  const swap =
    bind && ![...best.values()].some(certified) ? [...byIssuer.keys()].find((i) => binding.has(i)) : undefined
  if (swap) best.set(swap, binding.get(swap) as SignedBundle)
  for (const [iss, group] of byIssuer) {
    const sb = best.get(iss)
    if (sb) {
      chosen.push(sb)
      for (const c of group) bundled.add(c)
    }
  }
  // Claims not in a bundle keep the order passText chose.
  const individual = claims.filter((c) => !bundled.has(c)).map((c) => parseSignedClaim(c))
  return { v: 1, holder, claims: individual, ...(chosen.length ? { bundles: chosen } : {}) }
}

/** Whether a signed `it` claim stars a city (false for anything unreadable). */
function itineraryHasStar(claim: string): boolean {
  try {
    const c = decodeClaim(parseSignedClaim(claim).bytes)
    return c.typ === 'it' && c.body.cities.some((x) => x.starred)
  } catch {
    // Not a readable claim: it will not be carried either (parseSignedClaim throws again in the loop).
    return false
  }
}

/** Printed pass length kept well under the EU DCC's median of 552 characters. */
export const PASS_BUDGET = 551

/**
 * What a bound (`NP2:`) pass adds beyond the unbound one, on top of
 * {@link PASS_BUDGET}: the province's `dk` certificate (46 bytes and its
 * 64-byte signature), the u32 time and the phone's 64-byte signature, 178
 * bytes = 267 base45 characters (test/bench/bindingLength.ts). The most
 * binding adds: with the phone's key inside a bundle of the pass it is less
 * (the key item, the time and the phone's signature).
 */
export const BINDING_QR_CHARS = 267

/** How a claim names its holder: masked name and the ID's last four characters. */
export function claimHolder(person: Pick<Identity, 'name' | 'idNumber'>): Holder {
  return { maskedName: maskName(person.name), idTail: person.idNumber.slice(-4) }
}

/** The newest issue time among the claims a pass would carry (when its freshness runs out). */
export function passIssuedAt(results: readonly ProvinceResult[]): number | null {
  const times = results.flatMap((r) => (r.healthCode?.verified ? [r.healthCode.issuedAt] : []))
  return times.length ? Math.max(...times) : null
}
