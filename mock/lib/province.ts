/**
 * Helpers shared by the mock province backends: find a DEMO person, build what
 * a province knows about them at `now`, sign it with the province's DEMO key
 * (honouring the `badsig` fault), and store check-ins and declarations
 * idempotently in memory.
 */
import provinces from '../../src/core/data/provinces.json'
import {
  type Claim,
  claimFromHealthCode,
  claimFromTestResult,
  claimFromVaccination,
  claimFromVenue,
  decodeClaim,
  type Holder,
  parseSignedClaim,
  serializeSignedClaim,
  type SignedClaim,
  signClaim,
} from '../../src/core/claims'
import { base64urlDecode } from '../../src/core/bytes'
import { verify } from '../../src/core/ed25519'
import { bundleOf, signBundle } from '../../src/core/passBundle'
import type { HealthCode, Identity, ProvinceCode, TestResult, Vaccination, VenueRef } from '../../src/core/model'
import { signPlaceCode } from '../../src/core/placeCode'
import { type SignedRuleSet, signRuleSet } from '../../src/core/signedRules'
import { maskName } from '../../src/sdk/redact'
import { type DemoPerson, demoPeople } from '../data/people'
import { venuesOf } from '../data/venues'
import { demoRuleSets } from '../rules'
import { backendKey } from './national'
import { authorise } from './sessions'
import type { MockEnv, MockRequest, MockResponse } from './types'

const H = 3_600_000

/** How long a served health code (and its claim) is valid. */
export const HEALTH_CODE_VALIDITY_MS = 24 * H
/** How long a test or vaccination claim is valid. */
export const RECORD_CLAIM_VALIDITY_MS = 7 * 24 * H
/** How long a venue's place-code claim is valid. */
export const VENUE_CLAIM_VALIDITY_MS = 365 * 24 * H

/** The province entry from provinces.json; throws for an unknown code. */
export function provinceInfo(code: ProvinceCode): {
  code: string
  slug: string
  zh: string
  en: string
  codeApp: string | null
} {
  const p = provinces.provinces.find((x) => x.code === code)
  if (!p) throw new Error(`Unknown province code ${code}`)
  return p
}

/** The issuer a province's backend names, e.g. `广东省卫生健康委员会 (粤康码)`. */
export function issuerOf(code: ProvinceCode): string {
  const p = provinceInfo(code)
  return `${p.zh}卫生健康委员会${p.codeApp ? ` (${p.codeApp})` : ''}`
}

/**
 * The DEMO person these identity fields name, if the signed-in person may see
 * them (./sessions.ts `authorise`: throws for 401/403 otherwise). An ID number
 * decides (and a given name must then match it); without one, name and phone
 * must both match, because family members share a phone.
 */
export function findPerson(fields: Partial<Identity>): DemoPerson | undefined {
  return authorise(matchPerson(fields))
}

/** The DEMO person these identity fields name, whoever asks (see {@link findPerson}). */
export function matchPerson(fields: Partial<Identity>): DemoPerson | undefined {
  const id = fields.idNumber?.trim().toUpperCase()
  const matches = (p: DemoPerson): boolean =>
    (fields.name === undefined || p.identity.name === fields.name.trim()) &&
    (fields.phone === undefined || p.identity.phone === fields.phone.trim()) &&
    (fields.birthDate === undefined || p.identity.birthDate === fields.birthDate)
  if (id) return demoPeople.find((p) => p.identity.idNumber === id && matches(p))
  if (fields.name !== undefined && fields.phone !== undefined) return demoPeople.find(matches)
  return undefined
}

/** What a claim says about its holder: masked name and the ID's last four characters. */
export function holderOf(person: DemoPerson): Holder {
  return { maskedName: maskName(person.identity.name), idTail: person.identity.idNumber.slice(-4) }
}

/** The province's health code for the person at `now`, unsigned. */
export function healthCodeFor(person: DemoPerson, province: ProvinceCode, now: number): HealthCode {
  const s = person.code(province, now)
  return {
    province,
    issuer: issuerOf(province),
    colour: s.colour,
    ...(s.reason !== undefined ? { reason: s.reason } : {}),
    issuedAt: now,
    validUntil: now + HEALTH_CODE_VALIDITY_MS,
    history: s.history,
    popUps: s.popUps,
  }
}

/**
 * Tests the province's backend reports for the person, sampled at or after
 * `since`, unsigned. A `since` the request did not parse (NaN) means all.
 */
export function testsFor(person: DemoPerson, province: ProvinceCode, now: number, since = 0): TestResult[] {
  const from = Number.isNaN(since) ? 0 : since
  return person
    .tests(now)
    .filter((t) => t.reportedBy.includes(province) && t.sampledAt >= from)
    .map(({ reportedBy: _reportedBy, ...t }) => t)
}

/** Doses given in the province, unsigned. */
export function vaccinationsFor(person: DemoPerson, province: ProvinceCode, now: number): Vaccination[] {
  return person.vaccinations(now).filter((v) => v.province === province)
}

/**
 * Signs claims with the province's DEMO key. Under the `badsig` fault the
 * signature gets one bit flipped, so the app must report it as invalid.
 */
export class ClaimSigner {
  constructor(
    private readonly env: MockEnv,
    private readonly province: ProvinceCode,
  ) {}

  private sign(claim: Claim): string {
    return this.serialize(signClaim(claim, this.env.key.secretKey))
  }

  private serialize(sc: SignedClaim): string {
    if (this.env.fault === 'badsig') {
      const sig = sc.sig.slice()
      sig[0] ^= 0x01
      return serializeSignedClaim({ bytes: sc.bytes, sig })
    }
    return serializeSignedClaim(sc)
  }

  private meta(person: DemoPerson): { kid: string; iss: ProvinceCode; iat: number; exp: number; holder: Holder } {
    const iat = this.env.now()
    return {
      kid: this.env.key.kid,
      iss: this.province,
      iat,
      exp: iat + RECORD_CLAIM_VALIDITY_MS,
      holder: holderOf(person),
    }
  }

  healthCode(hc: HealthCode, person: DemoPerson): HealthCode {
    return { ...hc, claim: this.sign(claimFromHealthCode(hc, { kid: this.env.key.kid, holder: holderOf(person) })) }
  }

  test(t: TestResult, person: DemoPerson): TestResult {
    return { ...t, claim: this.sign(claimFromTestResult(t, this.meta(person))) }
  }

  vaccination(v: Vaccination, person: DemoPerson): Vaccination {
    return { ...v, claim: this.sign(claimFromVaccination(v, this.meta(person))) }
  }

  /** A v2 place-code (src/core/placeCode.ts): id and name signed, whole days, no address. */
  venue(v: VenueRef): string {
    const iat = this.env.now()
    const claim = claimFromVenue(v, { kid: this.env.key.kid, iat, exp: iat + VENUE_CLAIM_VALIDITY_MS })
    return this.serialize(signPlaceCode(claim, this.env.key.secretKey))
  }
}

/** Everything a province backend serves about one person at `now`, signed unless `signs` is false. */
export function recordsFor(
  env: MockEnv,
  province: ProvinceCode,
  person: DemoPerson,
  opts: { signs?: boolean; since?: number } = {},
): { healthCode: HealthCode; tests: TestResult[]; vaccinations: Vaccination[] } {
  const now = env.now()
  const hc = healthCodeFor(person, province, now)
  const tests = testsFor(person, province, now, opts.since)
  const vaccinations = vaccinationsFor(person, province, now)
  if (opts.signs === false) return { healthCode: hc, tests, vaccinations }
  const s = new ClaimSigner(env, province)
  // Each signed when read, once: an endpoint that serves the code alone signs the code alone (signing every test and
  // dose for each of a province's three endpoints took the mock's CPU, which a bench shares with the browser).
  let signedCode: HealthCode | undefined
  let signedTests: TestResult[] | undefined
  let signedDoses: Vaccination[] | undefined
  return {
    get healthCode() {
      signedCode ??= s.healthCode(hc, person)
      return signedCode
    },
    get tests() {
      signedTests ??= tests.map((t) => s.test(t, person))
      return signedTests
    },
    get vaccinations() {
      signedDoses ??= vaccinations.map((v) => s.vaccination(v, person))
      return signedDoses
    },
  }
}

const signedRules = new Map<ProvinceCode, SignedRuleSet>()

/**
 * The province's published DEMO entry rules (from mock/rules), signed by its
 * DEMO backend key (`signRuleSet`), as every province publishes them. Throws
 * when it has none.
 */
export function rulesFor(province: ProvinceCode): SignedRuleSet {
  const rules: unknown = demoRuleSets[province]
  if (rules === undefined) throw new Error(`mock/rules has no demo rule set for ${province}`)
  let signed = signedRules.get(province)
  if (!signed) {
    const key = backendKey(province)
    signed = signRuleSet(rules, key.secretKey, key.kid)
    signedRules.set(province, signed)
  }
  return signed
}

/** The answer of an idempotent store. */
export interface StoredReceipt {
  receiptId: string
  at: number
  duplicate: boolean
}

/** Stores each idempotency key exactly once; a retry gets the first receipt back with `duplicate: true`. */
export class IdempotentStore<T> {
  private readonly entries = new Map<string, { receiptId: string; at: number; value: T }>()

  constructor(private readonly receiptPrefix: string) {}

  put(idempotencyKey: string, at: number, value: T): StoredReceipt {
    const seen = this.entries.get(idempotencyKey)
    if (seen) return { receiptId: seen.receiptId, at: seen.at, duplicate: true }
    const receiptId = `${this.receiptPrefix}-${String(this.entries.size + 1).padStart(6, '0')}`
    this.entries.set(idempotencyKey, { receiptId, at, value })
    return { receiptId, at, duplicate: false }
  }

  get count(): number {
    return this.entries.size
  }

  values(): T[] {
    return [...this.entries.values()].map((e) => e.value)
  }

  keys(): string[] {
    return [...this.entries.keys()]
  }

  reset(): void {
    this.entries.clear()
  }
}

/** The province's venues: its DEMO venues plus those registered since the last reset. */
export class VenueRegistry {
  private readonly registered: VenueRef[] = []

  constructor(
    private readonly province: ProvinceCode,
    private readonly idPrefix: string,
  ) {}

  find(venueId: string): VenueRef | undefined {
    return (
      venuesOf(this.province).find((v) => v.venueId === venueId) ?? this.registered.find((v) => v.venueId === venueId)
    )
  }

  /** Registers a venue; the same name and address get the same id again. */
  register(name: string, address: string): VenueRef {
    const same = this.registered.find((v) => v.name === name && v.address === address)
    if (same) return same
    const venue: VenueRef = {
      province: this.province,
      venueId: `${this.idPrefix}-R${String(this.registered.length + 1).padStart(5, '0')}`,
      name,
      address,
      source: 'national',
    }
    this.registered.push(venue)
    return venue
  }

  reset(): void {
    this.registered.length = 0
  }
}

/** Check-in value kept by the stores. */
export interface StoredCheckIn {
  venueId: string
  idTail: string
  at: number
}

/**
 * Answers `GET /__admin/checkins` and `GET /__admin/declarations` with the
 * stores' counts and keys (for tests); `undefined` for any other request.
 */
export function adminRoute(
  req: MockRequest,
  stores: { checkins: IdempotentStore<unknown>; declarations?: IdempotentStore<unknown> },
): MockResponse | undefined {
  if (req.method !== 'GET' || !req.path.startsWith('/__admin/')) return undefined
  const store =
    req.path === '/__admin/checkins'
      ? stores.checkins
      : req.path === '/__admin/declarations'
        ? stores.declarations
        : undefined
  if (!store) return { status: 404, body: { error: `no admin route ${req.path}` } }
  return { status: 200, body: { count: store.count, keys: store.keys() } }
}

/** The in-memory state of one province backend: check-ins, declarations, venues. */
export interface ProvinceStores {
  checkins: IdempotentStore<StoredCheckIn>
  declarations: IdempotentStore<{ idTail: string }>
  venues: VenueRegistry
  /** {@link adminRoute} over these stores. */
  admin(req: MockRequest): MockResponse | undefined
  reset(): void
}

/** Fresh stores for a province; receipt and venue ids start with `prefix`. */
export function provinceStores(province: ProvinceCode, prefix: string): ProvinceStores {
  const checkins = new IdempotentStore<StoredCheckIn>(`${prefix}-CI`)
  const declarations = new IdempotentStore<{ idTail: string }>(`${prefix}-DEC`)
  const venues = new VenueRegistry(province, prefix)
  return {
    checkins,
    declarations,
    venues,
    admin: (req) => adminRoute(req, { checkins, declarations }),
    reset() {
      checkins.reset()
      declarations.reset()
      venues.reset()
    },
  }
}

/**
 * Stores a check-in once per idempotency key. `undefined` when the venue is
 * not one of the province's.
 */
export function storeCheckIn(
  stores: ProvinceStores,
  person: DemoPerson,
  venueId: string,
  idempotencyKey: string,
  at: number,
  now: number,
): StoredReceipt | undefined {
  const venue = stores.venues.find(venueId)
  if (!venue) return undefined
  return stores.checkins.put(idempotencyKey, now, {
    venueId: venue.venueId,
    idTail: person.identity.idNumber.slice(-4),
    at,
  })
}

/**
 * Registers a venue (the same name and address get the same id again) and
 * signs its place-code claim; `undefined` when the name or address is missing.
 */
export function registerVenue(
  env: MockEnv,
  province: ProvinceCode,
  stores: ProvinceStores,
  name: string | null | undefined,
  address: string | null | undefined,
): { venueId: string; claim: string } | undefined {
  if (!name || !address) return undefined
  const venue = stores.venues.register(name, address)
  return { venueId: venue.venueId, claim: new ClaimSigner(env, province).venue(venue) }
}

/** The request body as a JSON object, or `undefined` when it is not one. */
export function jsonBody(req: MockRequest): Record<string, unknown> | undefined {
  if (!req.body) return undefined
  try {
    const v: unknown = JSON.parse(req.body)
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  } catch {
    // A body that is not JSON is answered as a bad request by the caller, which checks for undefined.
    return undefined
  }
}

/** A string field of a parsed body, or `undefined`. */
export function str(body: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = body?.[key]
  return typeof v === 'string' ? v : undefined
}

/** A number field of a parsed body (numbers or numeric strings), or `undefined`. */
export function num(body: Record<string, unknown> | undefined, key: string): number | undefined {
  const v = body?.[key]
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN
  return Number.isFinite(n) ? n : undefined
}

/** `YYYY-MM-DD HH:mm:ss` in Beijing time (UTC+8), the format many province APIs use. */
export function beijingTime(ms: number): string {
  return new Date(ms + 8 * H).toISOString().slice(0, 19).replace('T', ' ')
}

/** Resolves after `ms` (for slow backends). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** The most claims one pass-bundle request may carry. */
const MAX_BUNDLE_CLAIMS = 16
/** A claim "issued" further than this in the backend's future is refused. */
const BUNDLE_SKEW_MS = 5 * 60_000

/**
 * DEMO: the pass-bundle endpoint every mock backend serves in the same shape
 * (`POST /<slug>/pass-bundle`, plugins/bundle.ts): `{ claims: [base64url…],
 * deviceKey?: base64url }` with the session token → `{ bundle: base64url }`,
 * ONE signature over compact items of those claims (src/core/passBundle.ts).
 * The backend checks every claim is its own (its key, its province, its
 * signature), unexpired, not from the future, and names the signed-in person
 * or someone they may see (`allowed`), and certifies the phone key only for
 * the signed-in person; 401 without a session, 403 for another person's claims
 * (or a phone key with a family member's), 400 for a malformed request, 422 for a claim it will not
 * vouch for. The `badsig` fault breaks the bundle's signature.
 */
export function passBundleAnswer(
  o: {
    province: ProvinceCode
    key: { kid: string; secretKey: Uint8Array; publicKey: Uint8Array }
    now: number
    fault?: MockEnv['fault']
    /** The signed-in person (demo key), from the session token. */
    subject: string | undefined
    /** Whether the signed-in person may see `member`'s codes. */
    allowed: (member: string) => boolean
  },
  body: Record<string, unknown> | undefined,
): MockResponse {
  const bad = (status: number, error: string, detail: string): MockResponse => ({
    status,
    ...(status === 401 ? { headers: { 'www-authenticate': 'Bearer error="unauthorized"' } } : {}),
    body: { error, error_description: detail },
  })
  if (!o.subject) return bad(401, 'unauthorized', 'sign in to get a pass bundle')
  const raw = body?.claims
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > MAX_BUNDLE_CLAIMS || raw.some((c) => typeof c !== 'string'))
    return bad(400, 'invalid_request', `claims must be 1..${MAX_BUNDLE_CLAIMS} signed claims (base64url)`)
  let deviceKey: Uint8Array | undefined
  if (body?.deviceKey !== undefined) {
    try {
      deviceKey = typeof body.deviceKey === 'string' ? base64urlDecode(body.deviceKey) : undefined
    } catch {
      deviceKey = undefined
    }
    if (deviceKey?.length !== 32)
      return bad(400, 'invalid_request', 'deviceKey must be a 32-byte public key (base64url)')
  }
  const claims: Claim[] = []
  for (const s of raw as string[]) {
    let sc: SignedClaim
    let c: Claim
    try {
      sc = parseSignedClaim(s)
      c = decodeClaim(sc.bytes)
    } catch {
      return bad(422, 'invalid_claim', 'not a signed claim')
    }
    if (c.iss !== o.province || c.kid !== o.key.kid || !verify(sc.sig, sc.bytes, o.key.publicKey))
      return bad(422, 'invalid_claim', `a ${c.typ} claim this authority did not sign`)
    if (c.typ !== 'hc' && c.typ !== 'tr' && c.typ !== 'vx' && c.typ !== 'it')
      return bad(422, 'invalid_claim', `a ${c.typ} claim does not go in a pass bundle`)
    if (c.exp < o.now) return bad(422, 'invalid_claim', `a ${c.typ} claim expired`)
    if (c.iat > o.now + BUNDLE_SKEW_MS) return bad(422, 'invalid_claim', `a ${c.typ} claim issued in the future`)
    claims.push(c)
  }
  const h = claims[0].holder
  if (!h || claims.some((c) => c.holder?.maskedName !== h.maskedName || c.holder?.idTail !== h.idTail))
    return bad(422, 'invalid_claim', 'the claims name different holders')
  const person = demoPeople.find((p) => {
    const ph = holderOf(p)
    return ph.maskedName === h.maskedName && ph.idTail === h.idTail && o.allowed(p.key)
  })
  if (!person) return bad(403, 'forbidden', 'the claims are not for the signed-in person')
  // A family member's claims may be bundled, but a phone key is certified only for the person signed in on it.
  if (deviceKey && person.key !== o.subject)
    return bad(403, 'forbidden', 'a phone key is certified only for the signed-in person')
  const iat = Math.max(o.now, ...claims.map((c) => c.iat))
  const sb = signBundle(
    bundleOf(claims, { iss: o.province, kid: o.key.kid, iat, holder: h, ...(deviceKey ? { deviceKey } : {}) }),
    o.key.secretKey,
  )
  if (o.fault === 'badsig') sb.sig = Uint8Array.from(sb.sig, (b, i) => (i === 0 ? b ^ 1 : b))
  return { status: 200, body: { bundle: serializeSignedClaim(sb) } }
}
