/**
 * The national place-code: a venue's id and name signed by the venue's
 * province, printed as an https URL (`https://np.example.cn/p/<base64url>`) so
 * any phone camera opens it. Also read: the mini-program path
 * `/pages/scan/index?c=<payload>` and the bare payload.
 *
 * Two versions, told apart by the payload's first byte (docs/formats.md):
 * - **v1**: a venue claim (claims.ts) with the venue's address, 199
 *   characters for a typical venue. Still read and verified.
 * - **v2** (first byte `0xC2`, what provinces sign now): the venue id and name
 *   only, issue and expiry as whole UTC days: 156 characters. The address is
 *   not carried, signed or not: nothing the traveller checks in with or is
 *   shown depends on it (the province keeps it in its venue record, and the
 *   check-in names the venue by id), and carrying it even unsigned would cost
 *   about 39 characters and invite an edited address next to a genuine
 *   signature.
 */
import { base64urlDecode, base64urlEncode, concat, Reader, Writer } from './bytes'
import {
  CLAIM_VERSION,
  decodeClaim,
  HOLDER_BIT,
  type SignedClaim,
  type TimeOptions,
  type VenueClaim,
  venueFromClaim,
  verifyDecodedClaim,
} from './claims'
import { sign } from './ed25519'
import { NpError } from './errors'
import type { VenueRef } from './model'
import type { TrustList } from './trustList'

/** The default place-code domain. */
export const DEFAULT_PLACE_CODE_DOMAIN = 'https://np.example.cn'
/**
 * The longest text a QR code can hold (version 40, alphanumeric mode): a
 * longer text was not scanned, and is refused before any parsing.
 */
export const MAX_CODE_TEXT = 4296
/** The mini-program page that opens a scanned place-code. */
export const PLACE_CODE_PAGE = '/pages/scan/index'

/** Options for reading place-codes. */
export interface PlaceCodeOptions {
  /** Origins whose `/p/` URLs are national place-codes. @default [DEFAULT_PLACE_CODE_DOMAIN] */
  domains?: string[]
}

const VENUE_HEADER = (CLAIM_VERSION << 4) | 3
/** The first byte of a v2 place-code (no claim starts so: a claim's high nibble is its version, 1). */
export const PLACE_CODE_V2 = 0xc2
const DAY_MS = 86_400_000
const SIG_LENGTH = 64
const isV1 = (first: number): boolean => (first & ~HOLDER_BIT) === VENUE_HEADER
const isVenue = (first: number): boolean => isV1(first) || first === PLACE_CODE_V2
const PAYLOAD = /^[A-Za-z0-9_-]+$/
const malformed = (detail: string): NpError => new NpError('NP_ERR_PLACE_CODE_MALFORMED', { params: { detail } })
const hostOf = (origin: string): string =>
  origin
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase()

/**
 * The printable URL for a signed place-code: a v2 one (`signPlaceCode`) or a
 * v1 venue claim. Throws `NP_ERR_VALIDATION` for anything else.
 */
export function encodePlaceCode(signed: SignedClaim, domain: string = DEFAULT_PLACE_CODE_DOMAIN): string {
  if (!isVenue(signed.bytes[0]) || signed.sig.length !== SIG_LENGTH) {
    throw new NpError('NP_ERR_VALIDATION', { params: { field: 'claim', detail: 'a place-code carries a venue claim' } })
  }
  return `https://${hostOf(domain)}/p/${base64urlEncode(concat(signed.bytes, signed.sig))}`
}

/**
 * The signed bytes of a v2 place-code for `claim`: `C2`, `iss`, `kid`, the
 * issue day and the lifetime in days, `venueId`, `name`. `iat` and `exp` are
 * floored to whole UTC days (a province signs with a key valid since the start
 * of that day: at a rotation both keys are valid). The address is not carried.
 * Throws `NP_ERR_VALIDATION` for fields that cannot be encoded.
 */
export function encodePlaceCodeV2(claim: VenueClaim): Uint8Array {
  const invalid = (field: string, detail: string) => new NpError('NP_ERR_VALIDATION', { params: { field, detail } })
  if (claim.typ !== 'venue') throw invalid('typ', 'a place-code carries a venue')
  if (!/^\d{6}$/.test(claim.iss)) throw invalid('iss', 'is not a six-digit code')
  if (!claim.kid) throw invalid('kid', 'must not be empty')
  const day = Math.floor(claim.iat / DAY_MS)
  const life = Math.floor(claim.exp / DAY_MS) - day
  if (day < 0 || day > 0xffff) throw invalid('iat', 'outside 1970..2149')
  if (life < 0) throw invalid('exp', 'is before iat')
  return new Writer()
    .u8(PLACE_CODE_V2)
    .u24(Number(claim.iss))
    .text(claim.kid)
    .u8(day >> 8)
    .u8(day & 0xff)
    .varint(life)
    .text(claim.body.venueId)
    .text(claim.body.name)
    .finish()
}

/** A v2 place-code for `claim`, signed with the province's 32-byte secret key (see {@link encodePlaceCodeV2}). */
export function signPlaceCode(claim: VenueClaim, secretKey: Uint8Array): SignedClaim {
  const bytes = encodePlaceCodeV2(claim)
  return { bytes, sig: sign(bytes, secretKey) }
}

/** The format version of signed place-code bytes: 2 for `C2 …`, 1 for a venue claim. */
export function placeCodeVersion(bytes: Uint8Array): 1 | 2 {
  return bytes[0] === PLACE_CODE_V2 ? 2 : 1
}

/**
 * The venue claim in signed place-code bytes, v1 or v2 (a v2 one has no
 * address; its times are whole days). Throws `NP_ERR_PLACE_CODE_MALFORMED`
 * (v2) or `NP_ERR_CLAIM_MALFORMED` (v1) for anything else. Does not verify.
 */
export function decodePlaceCodeClaim(bytes: Uint8Array): VenueClaim {
  if (bytes[0] !== PLACE_CODE_V2) {
    const c = decodeClaim(bytes)
    if (c.typ !== 'venue') throw malformed('the claim is not a venue')
    return c
  }
  const r = new Reader(bytes, 'NP_ERR_PLACE_CODE_MALFORMED')
  r.u8()
  const iss = r.u24()
  if (iss > 999_999) r.fail('bad issuer')
  const kid = r.text()
  if (!kid) r.fail('empty key id')
  const day = r.u8() * 256 + r.u8()
  const life = r.varint()
  if (life > 0xffff) r.fail('lifetime beyond 2149')
  const venueId = r.text()
  const name = r.text()
  r.end()
  return {
    typ: 'venue',
    iss: String(iss).padStart(6, '0'),
    kid,
    iat: day * DAY_MS,
    exp: (day + life) * DAY_MS,
    body: { venueId, name },
  }
}

/** The signed place-code (v1 or v2) in a base64url payload; `NP_ERR_PLACE_CODE_MALFORMED` for anything else. */
export function parsePlaceCodePayload(payload: string): SignedClaim {
  if (typeof payload !== 'string' || !PAYLOAD.test(payload)) throw malformed('the payload is not base64url')
  try {
    const all = base64urlDecode(payload)
    if (all.length <= SIG_LENGTH) throw malformed('too short')
    const sc = { bytes: all.slice(0, -SIG_LENGTH), sig: all.slice(-SIG_LENGTH) }
    if (!isVenue(sc.bytes[0])) throw malformed('the claim is not a venue')
    decodePlaceCodeClaim(sc.bytes)
    return sc
  } catch (e) {
    if (e instanceof NpError && e.code === 'NP_ERR_PLACE_CODE_MALFORMED') throw e
    throw new NpError('NP_ERR_PLACE_CODE_MALFORMED', {
      cause: e,
      params: { detail: e instanceof Error ? e.message : 'unreadable' },
    })
  }
}

const parsePayload = parsePlaceCodePayload

/**
 * `[whole, scheme, host, path, query-or-fragment]` of an http(s) URL, or
 * `null`. One left-to-right pass (the former regex backtracked: a 30 000
 * character URL took seconds). A line break after `?`/`#` is not a URL.
 */
function splitUrl(t: string): [string, string, string, string, string | undefined] | null {
  const scheme = /^https?:\/\//i.exec(t)
  if (!scheme) return null
  const rest = t.slice(scheme[0].length)
  let hostEnd = 0
  while (hostEnd < rest.length && !'/?#'.includes(rest[hostEnd])) hostEnd++
  if (hostEnd === 0) return null
  let pathEnd = hostEnd
  while (pathEnd < rest.length && rest[pathEnd] !== '?' && rest[pathEnd] !== '#') pathEnd++
  const tail = pathEnd < rest.length ? rest.slice(pathEnd) : undefined
  if (tail !== undefined && /[\n\r\u2028\u2029]/.test(tail)) return null
  return [t, scheme[0].slice(0, -3), rest.slice(0, hostEnd), rest.slice(hostEnd, pathEnd), tail]
}

function looksLikeBarePayload(text: string): boolean {
  return text.length >= 100 && PAYLOAD.test(text) && isVenue(base64urlDecode(text.slice(0, 4))[0])
}

/**
 * The signed venue claim in a scanned text, or `null` when the text is
 * clearly not a national place-code (so a legacy recogniser may try it).
 * Throws `NP_ERR_PLACE_CODE_MALFORMED` when it is shaped like one but broken,
 * or longer than {@link MAX_CODE_TEXT}. Linear in the text's length.
 * Does not verify the signature.
 */
export function parsePlaceCode(text: string, opts: PlaceCodeOptions = {}): SignedClaim | null {
  if (typeof text !== 'string') return null
  if (text.length > MAX_CODE_TEXT) throw malformed(`longer than any QR code (${text.length} characters)`)
  const t = text.trim()
  const url = splitUrl(t)
  if (url) {
    const hosts = (opts.domains ?? [DEFAULT_PLACE_CODE_DOMAIN]).map(hostOf)
    if (!hosts.includes(url[2].toLowerCase())) return null
    const path = /^\/p\/([^/]*)\/?$/.exec(url[3])
    if (!path) return null
    if (url[1].toLowerCase() !== 'https') throw malformed('a place-code URL is https')
    return parsePayload(path[1])
  }
  const page = /^\/?pages\/scan\/index\?(.*)$/.exec(t)
  if (page) {
    const c = page[1].split('&').find((kv) => kv.startsWith('c='))
    if (c === undefined) throw malformed('the scan page link has no c= parameter')
    let payload: string
    try {
      payload = decodeURIComponent(c.slice(2))
    } catch (e) {
      throw new NpError('NP_ERR_PLACE_CODE_MALFORMED', { cause: e, params: { detail: 'bad percent-encoding' } })
    }
    return parsePayload(payload)
  }
  return looksLikeBarePayload(t) ? parsePayload(t) : null
}

/**
 * The venue of a national place-code, verified against the trust list at
 * `at` (ms). Throws `NP_ERR_PLACE_CODE_UNKNOWN` for a text that is not a
 * national code, `NP_ERR_PLACE_CODE_MALFORMED` for a broken one, or the
 * verification error (`NP_ERR_SIGNATURE_INVALID`, `NP_ERR_KEY_*`,
 * `NP_ERR_CLAIM_EXPIRED`, …).
 */
export function verifyPlaceCode(
  text: string,
  trustList: TrustList,
  at: number,
  opts: PlaceCodeOptions & TimeOptions = {},
): VenueRef {
  const sc = parsePlaceCode(text, opts)
  if (!sc) throw new NpError('NP_ERR_PLACE_CODE_UNKNOWN')
  const { claim } = verifyDecodedClaim(decodePlaceCodeClaim(sc.bytes), sc, trustList, at, opts)
  if (claim.typ !== 'venue') throw malformed('the claim is not a venue')
  return venueFromClaim(claim)
}
