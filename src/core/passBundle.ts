/**
 * A pass bundle (`pb`): ONE signature of an authority over compact items of
 * the claims it already issued to one holder (health code, tests, doses,
 * itinerary, and the phone's key for holder binding). The pass QR (`NP3:`,
 * see passCodec.ts) carries one bundle per authority instead of one signed
 * claim per fact, which is where the bytes went (65% signatures).
 *
 * Each item keeps its own dates, at minute precision, rounded the safe way
 * (issued, sampled, expiry, first/last seen floored; reported and dose times
 * raised), and decodes into the very {@link Claim} the verifier and the rules
 * read, with the bundle's issuer, key and holder. Layout in docs/formats.md.
 */
import { base64urlDecode, concat, type MalformedCode, Reader, Writer } from './bytes'
import {
  type Claim,
  CLAIM_VERSION,
  checkClaimWithKey,
  DEFAULT_SKEW_TOLERANCE_MS,
  type HealthCodeBody,
  HOLDER_BIT,
  type Holder,
  type ItineraryCityBody,
  readHolder,
  sameHolder,
  type SignatureCheck,
  type SignedClaim,
  type TestBody,
  type TimeOptions,
  type VaccinationBody,
  writeHolder,
} from './claims'
import { sign, verify } from './ed25519'
import { formatDuration, NpError } from './errors'
import type { Colour, ProvinceCode, TestKind, TestOutcome } from './model'
import { findKey, publicKeyBytes, type TrustedKey, type TrustList } from './trustList'

/** Type 6 in the claim's first byte: a bundle can never be read as a claim, nor a claim as a bundle. */
export const BUNDLE_TYPE = 6
/** First byte of every bundle: version 1, holder present, type 6 (`0x1e`). */
export const BUNDLE_FIRST_BYTE = (CLAIM_VERSION << 4) | HOLDER_BIT | BUNDLE_TYPE
/** Most items one bundle carries (a pass carries at most 16 claims in all). */
export const MAX_BUNDLE_ITEMS = 16

/**
 * Wire codes for vaccine products: the index + 1 (0 = the name follows as
 * text). Append only: a code, once shipped, names its product for good.
 */
export const BUNDLE_PRODUCTS: readonly string[] = [
  'BBIBP-CorV',
  'CoronaVac',
  'Ad5-nCoV',
  'ZF2001',
  'WIBP-CorV',
  'KCONVAC',
  '新冠病毒灭活疫苗(Vero细胞)',
  '重组新冠病毒疫苗(CHO细胞)',
  '重组新冠病毒疫苗(5型腺病毒载体)',
  'Comirnaty',
  'Spikevax',
  'Vaxzevria',
]
/** Wire codes for testing labs, as {@link BUNDLE_PRODUCTS}. Append only. */
export const BUNDLE_LABS: readonly string[] = ['金域医学', '华大基因', '迪安诊断', '艾迪康', '达安基因', '凯普生物']

/** A bundle as an authority builds it: its items are claims it issued to `holder`. */
export interface PassBundle {
  /** The issuing authority (a province, or the national platform `100000`). */
  iss: ProvinceCode
  /** The key that signs the bundle (the items are re-signed by it, whatever key signed them first). */
  kid: string
  /** Issued at (ms; seconds on the wire). Every item's times are at or before it. */
  iat: number
  holder: Holder
  /** hc, tr, vx, it or dk claims of `iss` for `holder` (their own `kid` and `holder` are replaced by the bundle's). */
  items: Claim[]
}

/** A bundle's exact signed bytes and its 64-byte Ed25519 signature. */
export type SignedBundle = SignedClaim

const COLOURS: Colour[] = ['green', 'yellow', 'red']
const KINDS: TestKind[] = ['pcr', 'antigen']
const OUTCOMES: TestOutcome[] = ['negative', 'positive', 'pending']
// Item type = the claim's wire type (claims.ts): venue (3) never goes in a bundle.
const ITEM_TYPES = ['hc', 'tr', 'vx', null, 'dk', 'it'] as const
/** Lifetime units of an item (count << 2 | unit): minute, hour, day, week. */
const LIFE_UNITS = [1, 60, 1440, 10_080]
const MIN = 60_000
const SIG_LENGTH = 64

const invalid = (field: string, detail: string): NpError =>
  new NpError('NP_ERR_VALIDATION', { params: { field, detail } })
const floorMin = (ms: number): number => Math.floor(ms / MIN)
const ceilMin = (ms: number): number => Math.ceil(ms / MIN)
const zig = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1)
const unzig = (z: number): number => (z % 2 ? -(z + 1) / 2 : z / 2)
const nonNegative = (n: number, field: string, detail: string): number => {
  if (n < 0) throw invalid(field, detail)
  return n
}
const provinceNumber = (p: string): number => {
  if (!/^\d{6}$/.test(p)) throw invalid('province', `${JSON.stringify(p)} is not a six-digit code`)
  return Number(p)
}
const enumIndex = <T>(list: readonly T[], v: T, field: string): number => {
  const i = list.indexOf(v)
  if (i < 0) throw invalid(field, `unknown value ${JSON.stringify(v)}`)
  return i
}
const pick = <T>(r: Reader, list: readonly T[], i: number): T => list[i] ?? r.fail('unknown enum value')

function writeRef(w: Writer, list: readonly string[], s: string): void {
  const i = list.indexOf(s)
  if (i >= 0) w.varint(i + 1)
  else w.varint(0).text(s)
}
function readRef(r: Reader, list: readonly string[]): string {
  const n = r.varint()
  if (n === 0) return r.text()
  return list[n - 1] ?? r.fail('unknown code')
}

/** The bytes up to where the holder starts: first byte, `iss`, `kid`, `iat`. */
export function readBundleHeader(r: Reader): { iss: ProvinceCode; kid: string; iat: number } {
  const first = r.u8()
  if (first !== BUNDLE_FIRST_BYTE) r.fail('not a pass bundle')
  const iss = r.u24()
  if (iss > 999_999) r.fail('bad issuer')
  const kid = r.text()
  if (!kid) r.fail('empty key id')
  return { iss: String(iss).padStart(6, '0'), kid, iat: r.u32() * 1000 }
}

function writeItem(w: Writer, c: Claim, bMin: number): void {
  const typ = ITEM_TYPES.indexOf(c.typ as (typeof ITEM_TYPES)[number])
  if (typ < 0 || c.typ === 'venue') throw invalid('typ', `a ${c.typ} claim cannot go in a bundle`)
  const iMin = floorMin(c.iat)
  const ago = nonNegative(bMin - iMin, 'iat', 'is after the bundle')
  const life = nonNegative(floorMin(c.exp) - iMin, 'exp', 'is before iat')
  const unit = [3, 2, 1, 0].find((u) => life % LIFE_UNITS[u] === 0) ?? 0
  const head = (flags: number): Writer =>
    w
      .u8(typ | (flags << 3))
      .varint(ago)
      .varint((life / LIFE_UNITS[unit]) * 4 + unit)
  switch (c.typ) {
    case 'hc': {
      const b = c.body
      head(enumIndex(COLOURS, b.colour, 'colour') | (b.reason !== undefined ? 4 : 0) | (b.popUps !== undefined ? 8 : 0))
      if (b.reason !== undefined) w.text(b.reason)
      if (b.popUps !== undefined) w.varint(b.popUps)
      return
    }
    case 'tr': {
      const b = c.body
      const other = b.province !== c.iss
      const rare = (b.reportedAt === undefined ? 1 : 0) | (other ? 2 : 0)
      head(
        enumIndex(KINDS, b.kind, 'kind') |
          (enumIndex(OUTCOMES, b.outcome, 'outcome') << 1) |
          (b.pooled ? 8 : 0) |
          (rare ? 16 : 0),
      )
      w.text(b.sampleId)
      if (rare) w.u8(rare)
      const sampled = floorMin(b.sampledAt)
      w.varint(zig(iMin - sampled))
      if (b.reportedAt !== undefined) w.varint(zig(ceilMin(b.reportedAt) - sampled))
      writeRef(w, BUNDLE_LABS, b.lab)
      if (other) w.u24(provinceNumber(b.province))
      return
    }
    case 'vx': {
      const b = c.body
      const other = b.province !== c.iss
      head((b.manufacturer !== undefined ? 1 : 0) | (other ? 2 : 0)).varint(b.dose)
      writeRef(w, BUNDLE_PRODUCTS, b.product)
      w.varint(zig(iMin - ceilMin(b.at)))
      if (b.manufacturer !== undefined) w.text(b.manufacturer)
      if (other) w.u24(provinceNumber(b.province))
      return
    }
    case 'it': {
      head(0).varint(c.body.cities.length)
      for (const city of c.body.cities) {
        const last = floorMin(city.lastSeen)
        const first = floorMin(city.firstSeen)
        w.varint(provinceNumber(city.code) * 2 + (city.starred ? 1 : 0))
          .varint(nonNegative(iMin - last, 'lastSeen', 'is after iat'))
          .varint(nonNegative(last - first, 'firstSeen', 'is after lastSeen'))
      }
      return
    }
    case 'dk': {
      if (!(c.body.publicKey instanceof Uint8Array) || c.body.publicKey.length !== 32)
        throw invalid('publicKey', 'must be 32 bytes')
      head(0).raw(c.body.publicKey)
    }
  }
}

function readItem(r: Reader, h: { iss: ProvinceCode; kid: string; holder: Holder }, bMin: number): Claim {
  const first = r.u8()
  const typ = pick(r, ITEM_TYPES, first & 7) ?? r.fail('unknown item type')
  const f = first >> 3
  const flags = (mask: number): number => (f & ~mask ? r.fail('unknown flags') : f)
  const iMin = bMin - r.varint()
  const z = r.varint()
  const iat = iMin * MIN
  const exp = (iMin + Math.floor(z / 4) * LIFE_UNITS[z % 4]) * MIN
  if (!Number.isSafeInteger(exp)) r.fail('lifetime out of range')
  const prov = (): ProvinceCode => {
    const p = r.u24()
    if (p > 999_999) r.fail('bad province')
    return String(p).padStart(6, '0')
  }
  const base = { iss: h.iss, kid: h.kid, iat, exp, holder: h.holder }
  switch (typ) {
    case 'hc': {
      flags(15)
      const body: HealthCodeBody = { colour: pick(r, COLOURS, f & 3) }
      if (f & 4) body.reason = r.text()
      if (f & 8) body.popUps = r.varint()
      return { typ, ...base, body }
    }
    case 'tr': {
      flags(31)
      const sampleId = r.text()
      const rare = f & 16 ? r.u8() : 0
      if (f & 16 && (!rare || rare & ~3)) r.fail('unknown flags')
      const sampled = iMin - unzig(r.varint())
      const body: TestBody = {
        sampleId,
        kind: pick(r, KINDS, f & 1),
        outcome: pick(r, OUTCOMES, (f >> 1) & 3),
        sampledAt: sampled * MIN,
        pooled: (f & 8) !== 0,
        lab: '',
        province: h.iss,
      }
      if (!(rare & 1)) body.reportedAt = (sampled + unzig(r.varint())) * MIN
      body.lab = readRef(r, BUNDLE_LABS)
      if (rare & 2) body.province = prov()
      return { typ, ...base, body }
    }
    case 'vx': {
      flags(3)
      const dose = r.varint()
      const product = readRef(r, BUNDLE_PRODUCTS)
      const body: VaccinationBody = { dose, product, at: (iMin - unzig(r.varint())) * MIN, province: h.iss }
      if (f & 1) body.manufacturer = r.text()
      if (f & 2) body.province = prov()
      return { typ, ...base, body }
    }
    case 'it': {
      flags(0)
      const n = r.varint()
      if (n > 64) r.fail('too many cities')
      const cities: ItineraryCityBody[] = []
      for (let i = 0; i < n; i++) {
        const code = r.varint()
        if (code >= 2_000_000) r.fail('bad city code')
        const last = iMin - r.varint()
        const firstSeen = (last - r.varint()) * MIN
        cities.push({
          code: String(Math.floor(code / 2)).padStart(6, '0'),
          firstSeen,
          lastSeen: last * MIN,
          starred: code % 2 === 1,
        })
      }
      return { typ, ...base, body: { cities } }
    }
    case 'dk':
      flags(0)
      return { typ, ...base, body: { publicKey: Uint8Array.from(r.take(32)) } }
  }
}

/**
 * The compact signed bytes of a bundle. Throws `NP_ERR_VALIDATION` for an
 * empty or oversized bundle, an item of another issuer or holder, an item
 * issued after the bundle, or fields that cannot be encoded.
 */
export function encodeBundle(b: PassBundle): Uint8Array {
  if (!b.kid) throw invalid('kid', 'must not be empty')
  if (!b.items.length || b.items.length > MAX_BUNDLE_ITEMS)
    throw invalid('items', `a bundle carries 1..${MAX_BUNDLE_ITEMS} items`)
  const iatSec = Math.floor(b.iat / 1000)
  const w = new Writer().u8(BUNDLE_FIRST_BYTE).u24(provinceNumber(b.iss)).text(b.kid).u32(iatSec)
  writeHolder(w, b.holder).varint(b.items.length)
  const bMin = Math.floor(iatSec / 60)
  for (const c of b.items) {
    if (c.iss !== b.iss) throw invalid('iss', `an item of ${c.iss} in a bundle of ${b.iss}`)
    if (c.holder && !sameHolder(c.holder, b.holder)) throw invalid('holder', 'an item names someone else')
    writeItem(w, c, bMin)
  }
  return w.finish()
}

/** A decoded bundle: its header, holder and items as claims (issuer, key and holder the bundle's). */
export interface DecodedBundle {
  iss: ProvinceCode
  kid: string
  iat: number
  holder: Holder
  items: Claim[]
}

/**
 * Decodes bundle bytes; anything else is an `NpError` of `code`
 * (@default `NP_ERR_CLAIM_MALFORMED`). Does not verify.
 */
export function decodeBundle(bytes: Uint8Array, code: MalformedCode = 'NP_ERR_CLAIM_MALFORMED'): DecodedBundle {
  const r = new Reader(bytes, code)
  const h = readBundleHeader(r)
  const holder = readHolder(r)
  const n = r.varint()
  if (n < 1 || n > MAX_BUNDLE_ITEMS) r.fail(`carries ${n} items`)
  const bMin = Math.floor(h.iat / MIN)
  const items: Claim[] = []
  for (let i = 0; i < n; i++) items.push(readItem(r, { ...h, holder }, bMin))
  r.end()
  return { ...h, holder, items }
}

/** Encodes and signs a bundle with its authority's 32-byte secret key. */
export function signBundle(b: PassBundle, secretKey: Uint8Array): SignedBundle {
  const bytes = encodeBundle(b)
  return { bytes, sig: sign(bytes, secretKey) }
}

/** Whether bytes start as a bundle does (the first byte); a claim never does. */
export function isBundleBytes(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes[0] === BUNDLE_FIRST_BYTE
}

/**
 * Verifies a bundle's one signature at `at` (ms): the key is listed and not
 * revoked, the signature holds, the key was valid at the bundle's `iat` and
 * belongs to its issuer, and the bundle is not issued in the future (each
 * with the skew tolerance). Throws the `NpError` of the first failed check;
 * returns the decoded bundle and the key. Items are then judged one by one
 * ({@link checkBundleItem}). `verifier` as in `verifySignedClaim` (the async
 * guard path answers from signatures it checked concurrently).
 */
export function verifyBundleSignature(
  sb: SignedBundle,
  trustList: TrustList,
  at: number,
  opts: TimeOptions = {},
  verifier: SignatureCheck = verify,
): { bundle: DecodedBundle; key: TrustedKey } {
  const skew = opts.skewToleranceMs ?? DEFAULT_SKEW_TOLERANCE_MS
  const bundle = decodeBundle(sb.bytes)
  const key = findKey(trustList, bundle.kid)
  if (!verifier(sb.sig, sb.bytes, publicKeyBytes(key))) throw new NpError('NP_ERR_SIGNATURE_INVALID')
  findKey(trustList, bundle.kid, bundle.iat)
  if (key.province !== bundle.iss) {
    throw new NpError('NP_ERR_KEY_WRONG_PROVINCE', {
      params: { kid: key.kid, keyProvince: key.province, province: bundle.iss },
    })
  }
  if (bundle.iat > at + skew)
    throw new NpError('NP_ERR_CLAIM_NOT_YET_VALID', { params: { ahead: formatDuration(bundle.iat - at) } })
  return { bundle, key }
}

/** One item of a bundle whose signature verified, judged as its own claim would be (`checkClaimWithKey`). */
export function checkBundleItem(
  item: Claim,
  key: TrustedKey,
  trustList: TrustList,
  at: number,
  opts: TimeOptions = {},
): void {
  checkClaimWithKey(item, key, trustList, at, opts)
}

/**
 * The bundle an authority signs for the claims it issued to `holder` (each
 * already verified by the caller), plus the phone's key to certify for
 * holder binding. The phone key item lives until `deviceKeyExp`, by default
 * as long as the shortest-lived item (a health code: a day).
 */
export function bundleOf(
  claims: Claim[],
  meta: { iss: ProvinceCode; kid: string; iat: number; holder: Holder; deviceKey?: Uint8Array; deviceKeyExp?: number },
): PassBundle {
  const items: Claim[] = claims.map((c) => ({ ...c, kid: meta.kid, holder: meta.holder }) as Claim)
  if (meta.deviceKey) {
    const exp = meta.deviceKeyExp ?? Math.max(meta.iat, Math.min(...claims.map((c) => c.exp)))
    items.push({
      typ: 'dk',
      iss: meta.iss,
      kid: meta.kid,
      iat: meta.iat,
      exp,
      holder: meta.holder,
      body: { publicKey: meta.deviceKey },
    })
  }
  return { iss: meta.iss, kid: meta.kid, iat: meta.iat, holder: meta.holder, items }
}

/** Cuts the holder out of a bundle's signed bytes (the pass stores it once) when it equals `holderBytes`. */
export function elideBundleHolder(bytes: Uint8Array, holderBytes: Uint8Array): Uint8Array | null {
  const r = new Reader(bytes)
  readBundleHeader(r)
  const start = r.offset
  readHolder(r)
  const same =
    r.offset - start === holderBytes.length && bytes.subarray(start, r.offset).every((b, i) => b === holderBytes[i])
  return same ? concat(bytes.subarray(0, start), bytes.subarray(r.offset)) : null
}

/** Parses a served bundle (base64url of bytes ‖ signature, as `serializeSignedClaim`); garbage is `NP_ERR_CLAIM_MALFORMED`. Does not verify. */
export function parseSignedBundle(s: string): SignedBundle {
  const all = base64urlDecode(s)
  if (all.length <= SIG_LENGTH) throw new NpError('NP_ERR_CLAIM_MALFORMED', { params: { detail: 'too short' } })
  const sb = { bytes: all.slice(0, -SIG_LENGTH), sig: all.slice(-SIG_LENGTH) }
  decodeBundle(sb.bytes)
  return sb
}
