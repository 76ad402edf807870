/**
 * Province-signed claims in a compact binary encoding (see docs/formats.md):
 * what goes into the pass QR and the place-code, so every byte counts.
 * Times are epoch milliseconds in the API and whole seconds on the wire
 * (encoding floors them).
 */
import { base64urlDecode, base64urlEncode, bytesEqual, concat, Reader, Writer } from './bytes'
import { sign, verify } from './ed25519'
import { formatDuration, isNpError, NpError } from './errors'
import type {
  Colour,
  HealthCode,
  ProvinceCode,
  TestKind,
  TestOutcome,
  TestResult,
  Vaccination,
  VenueRef,
} from './model'
import { findKey, type TrustedKey, type TrustList, publicKeyBytes } from './trustList'

/** The kinds of claim: health code, test result, vaccination, venue, device key (holder binding), itinerary (通信行程卡). */
export type ClaimType = 'hc' | 'tr' | 'vx' | 'venue' | 'dk' | 'it'

/** Who a claim is about, without identifying them fully: `张*三`, `123X`. */
export interface Holder {
  maskedName: string
  /** The last four characters of the resident ID number. */
  idTail: string
}

/** Whether two holders are the same person as a pass names them (masked name and ID tail). */
export const sameHolder = (a: Holder, b: Holder): boolean => a.maskedName === b.maskedName && a.idTail === b.idTail

/** Fields every claim has. */
export interface ClaimHeader {
  /** The issuing province, six digits. */
  iss: ProvinceCode
  /** The id of the key in the trust list that signs it, e.g. `gd1`. */
  kid: string
  /** Issued at (ms; seconds on the wire). */
  iat: number
  /** Expires at (ms; seconds on the wire); not before `iat`. */
  exp: number
  holder?: Holder
}

/** Body of a health-code claim. */
export interface HealthCodeBody {
  colour: Colour
  reason?: string
  popUps?: number
}
/** Body of a test-result claim. `province` is omitted on the wire when it equals `iss`. */
export interface TestBody {
  sampleId: string
  kind: TestKind
  outcome: TestOutcome
  sampledAt: number
  reportedAt?: number
  pooled: boolean
  lab: string
  province: ProvinceCode
}
/** Body of a vaccination claim. `province` is omitted on the wire when it equals `iss`. */
export interface VaccinationBody {
  dose: number
  product: string
  at: number
  manufacturer?: string
  province: ProvinceCode
}
/** Body of a venue-registration claim (the place-code). */
export interface VenueBody {
  venueId: string
  name: string
  address?: string
}

export type HealthCodeClaim = ClaimHeader & { typ: 'hc'; body: HealthCodeBody }
export type TestClaim = ClaimHeader & { typ: 'tr'; body: TestBody }
export type VaccinationClaim = ClaimHeader & { typ: 'vx'; body: VaccinationBody }
export type VenueClaim = ClaimHeader & { typ: 'venue'; body: VenueBody }
/** One city of an itinerary claim: GB/T 2260 prefecture code, first/last seen (ms), starred (risk area). */
export interface ItineraryCityBody {
  code: string
  firstSeen: number
  lastSeen: number
  starred: boolean
}
/**
 * Body of an itinerary claim (通信行程卡): the cities the phone was in. Times
 * travel as whole minutes before `iat` (last seen) and the stay's length, so a
 * city costs ~9 bytes; `lastSeen` must not be after `iat`, `firstSeen` not after `lastSeen`.
 */
export interface ItineraryBody {
  cities: ItineraryCityBody[]
}
export type ItineraryClaim = ClaimHeader & { typ: 'it'; body: ItineraryBody }
/**
 * Body of a device-key claim: the province certifies, at sign-in, the
 * Ed25519 public key of the holder's phone, which then signs every pass QR
 * it shows (see `encodeBoundPass`).
 */
export interface DeviceKeyBody {
  /** 32 bytes. */
  publicKey: Uint8Array
}
export type DeviceKeyClaim = ClaimHeader & { typ: 'dk'; body: DeviceKeyBody }
/** A claim a province signs. */
export type Claim = HealthCodeClaim | TestClaim | VaccinationClaim | VenueClaim | DeviceKeyClaim | ItineraryClaim

/** The exact signed bytes and their 64-byte Ed25519 signature. */
export interface SignedClaim {
  bytes: Uint8Array
  sig: Uint8Array
}

/** Options for checking times. */
export interface TimeOptions {
  /** How far the verifier's and the issuer's clocks may disagree. @default 300000 (5 min) */
  skewToleranceMs?: number
}

/** Default clock-skew tolerance: 5 minutes. */
export const DEFAULT_SKEW_TOLERANCE_MS = 5 * 60_000

/** Format version, the high nibble of a claim's first byte. */
export const CLAIM_VERSION = 1
// Wire index = position (3 bits): 'dk' (4) shipped first, the itinerary claim is 5.
const TYPES: ClaimType[] = ['hc', 'tr', 'vx', 'venue', 'dk', 'it']
const COLOURS: Colour[] = ['green', 'yellow', 'red']
const KINDS: TestKind[] = ['pcr', 'antigen']
const OUTCOMES: TestOutcome[] = ['negative', 'positive', 'pending']
const SIG_LENGTH = 64
/** Bit 3 of the first byte: the claim names a holder. */
export const HOLDER_BIT = 8
const UNITS = [1, 60, 3600, 86_400]

const invalid = (field: string, detail: string): NpError =>
  new NpError('NP_ERR_VALIDATION', { params: { field, detail } })
const sec = (ms: number): number => Math.floor(ms / 1000)
const province = (p: string): number => {
  if (!/^\d{6}$/.test(p)) throw invalid('province', `${JSON.stringify(p)} is not a six-digit code`)
  return Number(p)
}
const index = <T>(list: readonly T[], v: T, field: string): number => {
  const i = list.indexOf(v)
  if (i < 0) throw invalid(field, `unknown value ${JSON.stringify(v)}`)
  return i
}
const pick = <T>(r: Reader, list: readonly T[], i: number): T => list[i] ?? r.fail('unknown enum value')

/** Writes a holder (used by the pass codec, which stores it once). */
export function writeHolder(w: Writer, h: Holder): Writer {
  return w.text(h.maskedName).text(h.idTail)
}
/** Reads a holder. */
export function readHolder(r: Reader): Holder {
  return { maskedName: r.text(), idTail: r.text() }
}

/**
 * Reads a claim's header (up to where the holder would start) and says
 * whether its first byte announces a holder. The pass codec uses it
 * to cut the holder out of, or splice it back into, the signed bytes.
 */
export function readClaimHeader(r: Reader): {
  typ: ClaimType
  iss: ProvinceCode
  kid: string
  iat: number
  exp: number
  hasHolder: boolean
} {
  const first = r.u8()
  if (first >> 4 !== CLAIM_VERSION) r.fail(`unsupported claim version ${first >> 4}`)
  const typ = pick(r, TYPES, first & 7)
  const iss = r.u24()
  if (iss > 999_999) r.fail('bad issuer')
  const kid = r.text()
  if (!kid) r.fail('empty key id')
  const iat = r.u32() * 1000
  const life = r.varint()
  const exp = iat + Math.floor(life / 4) * UNITS[life % 4] * 1000
  return { typ, iss: String(iss).padStart(6, '0'), kid, iat, exp, hasHolder: (first & HOLDER_BIT) !== 0 }
}

/** `exp − iat` as `count << 2 | unit`, in the largest unit (s, min, h, day) that divides it. */
function lifetime(seconds: number): number {
  const unit = [3, 2, 1, 0].find((u) => seconds % UNITS[u] === 0) ?? 0
  return (seconds / UNITS[unit]) * 4 + unit
}

function writeBody(w: Writer, c: Claim): void {
  switch (c.typ) {
    case 'hc': {
      const b = c.body
      w.u8(index(COLOURS, b.colour, 'colour') | (b.reason !== undefined ? 4 : 0) | (b.popUps !== undefined ? 8 : 0))
      if (b.reason !== undefined) w.text(b.reason)
      if (b.popUps !== undefined) w.varint(b.popUps)
      return
    }
    case 'tr': {
      const b = c.body
      const other = b.province !== c.iss
      w.text(b.sampleId)
      w.u8(
        index(KINDS, b.kind, 'kind') |
          (index(OUTCOMES, b.outcome, 'outcome') << 1) |
          (b.pooled ? 8 : 0) |
          (b.reportedAt !== undefined ? 16 : 0) |
          (other ? 32 : 0),
      )
      w.u32(sec(b.sampledAt))
      if (b.reportedAt !== undefined) {
        const d = sec(b.reportedAt) - sec(b.sampledAt)
        w.varint(d >= 0 ? d * 2 : -d * 2 - 1)
      }
      w.text(b.lab)
      if (other) w.u24(province(b.province))
      return
    }
    case 'vx': {
      const b = c.body
      const other = b.province !== c.iss
      w.u8((b.manufacturer !== undefined ? 1 : 0) | (other ? 2 : 0))
        .varint(b.dose)
        .text(b.product)
        .u32(sec(b.at))
      if (b.manufacturer !== undefined) w.text(b.manufacturer)
      if (other) w.u24(province(b.province))
      return
    }
    case 'venue': {
      const b = c.body
      w.u8(b.address !== undefined ? 1 : 0)
        .text(b.venueId)
        .text(b.name)
      if (b.address !== undefined) w.text(b.address)
      return
    }
    case 'it': {
      const iat = sec(c.iat)
      w.varint(c.body.cities.length)
      for (const city of c.body.cities) {
        const last = sec(city.lastSeen)
        const first = sec(city.firstSeen)
        if (last > iat) throw invalid('lastSeen', 'is after iat')
        if (first > last) throw invalid('firstSeen', 'is after lastSeen')
        w.varint(province(city.code) * 2 + (city.starred ? 1 : 0))
          .varint(Math.floor((iat - last) / 60))
          .varint(Math.floor((last - first) / 60))
      }
      return
    }
    case 'dk': {
      if (!(c.body.publicKey instanceof Uint8Array) || c.body.publicKey.length !== 32)
        throw invalid('publicKey', 'must be 32 bytes')
      w.raw(c.body.publicKey)
    }
  }
}

function readBody(r: Reader, typ: ClaimType, iss: ProvinceCode, iat = 0): Claim['body'] {
  const bits = (mask: number): number => {
    const f = r.u8()
    if (f & ~mask) r.fail('unknown flags')
    return f
  }
  const prov = (): ProvinceCode => {
    const p = r.u24()
    if (p > 999_999) r.fail('bad province')
    return String(p).padStart(6, '0')
  }
  switch (typ) {
    case 'hc': {
      const f = bits(15)
      const body: HealthCodeBody = { colour: pick(r, COLOURS, f & 3) }
      if (f & 4) body.reason = r.text()
      if (f & 8) body.popUps = r.varint()
      return body
    }
    case 'tr': {
      const sampleId = r.text()
      const f = bits(63)
      const sampledAt = r.u32() * 1000
      const body: TestBody = {
        sampleId,
        kind: pick(r, KINDS, f & 1),
        outcome: pick(r, OUTCOMES, (f >> 1) & 3),
        sampledAt,
        pooled: (f & 8) !== 0,
        lab: '',
        province: iss,
      }
      if (f & 16) {
        const z = r.varint()
        body.reportedAt = sampledAt + (z % 2 ? -(z + 1) / 2 : z / 2) * 1000
      }
      body.lab = r.text()
      if (f & 32) body.province = prov()
      return body
    }
    case 'vx': {
      const f = bits(3)
      const body: VaccinationBody = { dose: r.varint(), product: r.text(), at: r.u32() * 1000, province: iss }
      if (f & 1) body.manufacturer = r.text()
      if (f & 2) body.province = prov()
      return body
    }
    case 'venue': {
      const f = bits(1)
      const body: VenueBody = { venueId: r.text(), name: r.text() }
      if (f & 1) body.address = r.text()
      return body
    }
    case 'it': {
      const n = r.varint()
      if (n > 64) r.fail('too many cities')
      const cities: ItineraryCityBody[] = []
      for (let i = 0; i < n; i++) {
        const z = r.varint()
        if (z >= 2_000_000) r.fail('bad city code')
        const lastSeen = iat - r.varint() * 60_000
        const firstSeen = lastSeen - r.varint() * 60_000
        cities.push({ code: String(Math.floor(z / 2)).padStart(6, '0'), firstSeen, lastSeen, starred: z % 2 === 1 })
      }
      return { cities }
    }
    case 'dk':
      return { publicKey: Uint8Array.from(r.take(32)) }
  }
}

/** The compact signed bytes of a claim. Throws `NP_ERR_VALIDATION` for fields that cannot be encoded. */
export function encodeClaim(c: Claim): Uint8Array {
  if (!c.kid) throw invalid('kid', 'must not be empty')
  if (sec(c.exp) < sec(c.iat)) throw invalid('exp', 'is before iat')
  const w = new Writer()
    .u8((CLAIM_VERSION << 4) | (c.holder ? HOLDER_BIT : 0) | index(TYPES, c.typ, 'typ'))
    .u24(province(c.iss))
    .text(c.kid)
    .u32(sec(c.iat))
    .varint(lifetime(sec(c.exp) - sec(c.iat)))
  if (c.holder) writeHolder(w, c.holder)
  writeBody(w, c)
  return w.finish()
}

/** Decodes claim bytes; anything else is `NP_ERR_CLAIM_MALFORMED`. */
export function decodeClaim(bytes: Uint8Array): Claim {
  const r = new Reader(bytes)
  const h = readClaimHeader(r)
  const holder = h.hasHolder ? readHolder(r) : undefined
  const body = readBody(r, h.typ, h.iss, h.iat)
  r.end()
  const claim = { typ: h.typ, iss: h.iss, kid: h.kid, iat: h.iat, exp: h.exp, ...(holder ? { holder } : {}), body }
  return claim as Claim
}

/** Encodes and signs a claim with a province's 32-byte secret key. */
export function signClaim(c: Claim, secretKey: Uint8Array): SignedClaim {
  const bytes = encodeClaim(c)
  return { bytes, sig: sign(bytes, secretKey) }
}

/** The wire form between backend and app (e.g. `HealthCode.claim`): base64url of bytes ‖ signature. */
export function serializeSignedClaim(sc: SignedClaim): string {
  return base64urlEncode(concat(sc.bytes, sc.sig))
}

/** Parses {@link serializeSignedClaim} output; garbage is `NP_ERR_CLAIM_MALFORMED`. Does not verify. */
export function parseSignedClaim(s: string): SignedClaim {
  const all = base64urlDecode(s)
  if (all.length <= SIG_LENGTH) throw new NpError('NP_ERR_CLAIM_MALFORMED', { params: { detail: 'too short' } })
  const sc = { bytes: all.slice(0, -SIG_LENGTH), sig: all.slice(-SIG_LENGTH) }
  decodeClaim(sc.bytes)
  return sc
}

/**
 * Verifies a signed claim against the trust list at time `at` (ms).
 * Checks, in order: the key is listed (`NP_ERR_KEY_UNKNOWN`) and not revoked
 * (`NP_ERR_KEY_REVOKED`); the signature (`NP_ERR_SIGNATURE_INVALID`); the key
 * was valid when the claim was issued (`NP_ERR_KEY_NOT_VALID`); the key
 * belongs to the issuing province (`NP_ERR_KEY_WRONG_PROVINCE`); and the claim
 * is not issued in the future (`NP_ERR_CLAIM_NOT_YET_VALID`) nor expired
 * (`NP_ERR_CLAIM_EXPIRED`), each with `skewToleranceMs` of slack. The times
 * the body states (sampling, report, dose) are in the past too (with the same
 * slack), and neither they nor `exp` lie after the key's window ends
 * (`NP_ERR_KEY_NOT_VALID`): a key vouches for nothing beyond its window.
 */
export function verifySignedClaim(
  sc: SignedClaim,
  trustList: TrustList,
  at: number,
  opts: TimeOptions = {},
  verifier: SignatureCheck = verify,
): { claim: Claim; kid: string } {
  return verifyDecodedClaim(decodeClaim(sc.bytes), sc, trustList, at, opts, verifier)
}

/** An Ed25519 check: `verify` (src/core/ed25519.ts) or one answering from signatures already checked. */
export type SignatureCheck = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean

/**
 * {@link verifySignedClaim}'s checks for a claim already decoded from
 * `sc.bytes` (the place-code v2 decodes its own layout into a `VenueClaim`).
 */
export function verifyDecodedClaim(
  claim: Claim,
  sc: SignedClaim,
  trustList: TrustList,
  at: number,
  opts: TimeOptions = {},
  verifier: SignatureCheck = verify,
): { claim: Claim; kid: string } {
  const { kid } = claim
  const key = findKey(trustList, kid)
  if (!verifier(sc.sig, sc.bytes, publicKeyBytes(key))) throw new NpError('NP_ERR_SIGNATURE_INVALID')
  checkClaimWithKey(claim, key, trustList, at, opts)
  return { claim, kid }
}

/**
 * Steps 4–6 of {@link verifySignedClaim} for a claim whose signature by `key`
 * already verified (a pass bundle's items share one signature): the key's
 * window contains `iat`, nothing stated lies after the window, the key is the
 * issuer's, and the claim is neither issued in the future nor expired.
 */
export function checkClaimWithKey(
  claim: Claim,
  key: TrustedKey,
  trustList: TrustList,
  at: number,
  opts: TimeOptions = {},
): void {
  const skew = opts.skewToleranceMs ?? DEFAULT_SKEW_TOLERANCE_MS
  const { kid } = key
  findKey(trustList, kid, claim.iat)
  if (key.province !== claim.iss) {
    throw new NpError('NP_ERR_KEY_WRONG_PROVINCE', { params: { kid, keyProvince: key.province, province: claim.iss } })
  }
  // A key vouches only inside its window: nothing it signs may outlive it or
  // describe an event after it ended (a claim backdated into the window of a
  // key that has since ended, or leaked, is refused here).
  for (const t of [claim.exp, ...eventTimes(claim)]) {
    if (t > key.validTo) findKey(trustList, kid, t)
  }
  for (const t of [claim.iat, ...eventTimes(claim)]) {
    if (t > at + skew) throw new NpError('NP_ERR_CLAIM_NOT_YET_VALID', { params: { ahead: formatDuration(t - at) } })
  }
  if (at > claim.exp + skew)
    throw new NpError('NP_ERR_CLAIM_EXPIRED', { params: { ago: formatDuration(at - claim.exp) } })
}

/** The times a claim's body states (a test's sampling and report, a dose's date). */
export function eventTimes(c: Claim): number[] {
  switch (c.typ) {
    case 'tr':
      return c.body.reportedAt === undefined ? [c.body.sampledAt] : [c.body.sampledAt, c.body.reportedAt]
    case 'vx':
      return [c.body.at]
    default:
      return []
  }
}

/**
 * A verified claim as the rules see it at `at`: every time it states is
 * clamped to `at`, so a claim the skew tolerance accepted counts now, whatever
 * its timestamps (a red code or a positive test "issued" 90 s in the guard's
 * future must not vanish from the facts).
 */
export function clampClaimTimes<C extends Claim>(c: C, at: number): C {
  const m = (t: number): number => Math.min(t, at)
  const out = { ...c, iat: m(c.iat) }
  if (out.typ === 'tr') {
    const b = out.body
    out.body = {
      ...b,
      sampledAt: m(b.sampledAt),
      ...(b.reportedAt !== undefined ? { reportedAt: m(b.reportedAt) } : {}),
    }
  } else if (out.typ === 'vx') out.body = { ...out.body, at: m(out.body.at) }
  return out
}

/** What a backend adds to a domain object to make a claim of it. */
export interface ClaimMeta {
  kid: string
  iat: number
  exp: number
  holder?: Holder
}

/** The claim a backend signs for a health code it serves (`iat`/`exp` are `issuedAt`/`validUntil`). */
export function claimFromHealthCode(hc: HealthCode, meta: Omit<ClaimMeta, 'iat' | 'exp'>): HealthCodeClaim {
  const body: HealthCodeBody = { colour: hc.colour }
  if (hc.reason !== undefined) body.reason = hc.reason
  if (hc.popUps.length) body.popUps = hc.popUps.length
  return { typ: 'hc', iss: hc.province, ...meta, iat: hc.issuedAt, exp: hc.validUntil, body }
}

/**
 * A health code from a verified claim. The claim carries only the pop-up
 * count; unsigned details (`issuer`, `history`, `popUps`) come from `extra`
 * (without `extra.popUps`, one placeholder `{ type: 'signed', message: '' }` per counted pop-up).
 * @param extra.issuer @default the province code
 */
export function healthCodeFromClaim(
  c: HealthCodeClaim,
  extra: Partial<Pick<HealthCode, 'issuer' | 'history' | 'popUps' | 'claim'>> = {},
): HealthCode {
  const popUps = extra.popUps ?? Array.from({ length: c.body.popUps ?? 0 }, () => ({ type: 'signed', message: '' }))
  return {
    province: c.iss,
    issuer: extra.issuer ?? c.iss,
    colour: c.body.colour,
    ...(c.body.reason !== undefined ? { reason: c.body.reason } : {}),
    issuedAt: c.iat,
    validUntil: c.exp,
    history: extra.history ?? [],
    popUps,
    ...(extra.claim ? { claim: extra.claim } : {}),
  }
}

/** The claim a province `iss` signs for a test result. */
export function claimFromTestResult(t: TestResult, meta: ClaimMeta & { iss: ProvinceCode }): TestClaim {
  const { sampleId, kind, outcome, sampledAt, reportedAt, pooled, lab, province } = t
  return {
    typ: 'tr',
    ...meta,
    body: {
      sampleId,
      kind,
      outcome,
      sampledAt,
      ...(reportedAt !== undefined ? { reportedAt } : {}),
      pooled,
      lab,
      province,
    },
  }
}

/** A test result from a verified claim. */
export function testResultFromClaim(c: TestClaim, serialized?: string): TestResult {
  return { ...c.body, ...(serialized ? { claim: serialized } : {}) }
}

/**
 * The claim a province `iss` signs for a vaccination. The manufacturer follows
 * from the product code, so it is signed only when `includeManufacturer` (it
 * costs ~10 bytes of QR).
 */
export function claimFromVaccination(
  v: Vaccination,
  meta: ClaimMeta & { iss: ProvinceCode; includeManufacturer?: boolean },
): VaccinationClaim {
  const { includeManufacturer, ...header } = meta
  const body: VaccinationBody = { dose: v.dose, product: v.product, at: v.at, province: v.province }
  if (includeManufacturer) body.manufacturer = v.manufacturer
  return { typ: 'vx', ...header, body }
}

/** A vaccination from a verified claim (`manufacturer` is `''` when the claim has none). */
export function vaccinationFromClaim(c: VaccinationClaim, serialized?: string): Vaccination {
  const { dose, product, at, manufacturer, province } = c.body
  return { dose, product, manufacturer: manufacturer ?? '', at, province, ...(serialized ? { claim: serialized } : {}) }
}

/** The claim a venue's province signs for its place-code. */
export function claimFromVenue(v: VenueRef, meta: Omit<ClaimMeta, 'holder'>): VenueClaim {
  return {
    typ: 'venue',
    iss: v.province,
    ...meta,
    body: { venueId: v.venueId, name: v.name, ...(v.address !== undefined ? { address: v.address } : {}) },
  }
}

/** A national venue reference from a verified venue claim. */
export function venueFromClaim(c: VenueClaim): VenueRef {
  return {
    province: c.iss,
    venueId: c.body.venueId,
    name: c.body.name,
    ...(c.body.address !== undefined ? { address: c.body.address } : {}),
    source: 'national',
  }
}

/**
 * True when served data (converted with a `claimFrom*` helper) says what the
 * signed claim says: same type, issuer and body at wire precision, and for a
 * health code also the same issued/valid-until times.
 */
export function servedMatchesClaim(served: Claim, signed: Claim): boolean {
  const strip = (c: Claim, from: Claim): Claim => ({
    ...c,
    kid: from.kid,
    holder: from.holder,
    ...(c.typ === 'hc' ? {} : { iat: from.iat, exp: from.exp }),
  })
  try {
    return bytesEqual(encodeClaim(strip(served, signed)), encodeClaim(strip(signed, signed)))
  } catch (e) {
    if (isNpError(e)) return false
    throw e
  }
}
