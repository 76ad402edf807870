/**
 * The national place-code: a venue claim signed by the venue's province,
 * printed as an https URL (`https://np.example.cn/p/<base64url>`) so any phone
 * camera opens it. Also read: the mini-program path
 * `/pages/scan/index?c=<payload>` and the bare payload.
 */
import { base64urlDecode } from './bytes'
import {
  CLAIM_VERSION,
  HOLDER_BIT,
  parseSignedClaim,
  serializeSignedClaim,
  type SignedClaim,
  type TimeOptions,
  venueFromClaim,
  verifySignedClaim,
} from './claims'
import { NpError } from './errors'
import type { VenueRef } from './model'
import type { TrustList } from './trustList'

/** The default place-code domain. */
export const DEFAULT_PLACE_CODE_DOMAIN = 'https://np.example.cn'
/**
 * The longest text a QR code can hold (version 40, alphanumeric mode): any
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
const isVenue = (first: number): boolean => (first & ~HOLDER_BIT) === VENUE_HEADER
const PAYLOAD = /^[A-Za-z0-9_-]+$/
const malformed = (detail: string): NpError => new NpError('NP_ERR_PLACE_CODE_MALFORMED', { params: { detail } })
const hostOf = (origin: string): string =>
  origin
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase()

/** The printable URL for a signed venue claim. Throws `NP_ERR_VALIDATION` for a claim that is not a venue. */
export function encodePlaceCode(signedVenueClaim: SignedClaim, domain: string = DEFAULT_PLACE_CODE_DOMAIN): string {
  if (!isVenue(signedVenueClaim.bytes[0])) {
    throw new NpError('NP_ERR_VALIDATION', { params: { field: 'claim', detail: 'a place-code carries a venue claim' } })
  }
  return `https://${hostOf(domain)}/p/${serializeSignedClaim(signedVenueClaim)}`
}

function parsePayload(payload: string): SignedClaim {
  if (!PAYLOAD.test(payload)) throw malformed('the payload is not base64url')
  let sc: SignedClaim
  try {
    sc = parseSignedClaim(payload)
  } catch (e) {
    throw new NpError('NP_ERR_PLACE_CODE_MALFORMED', {
      cause: e,
      params: { detail: e instanceof Error ? e.message : 'unreadable' },
    })
  }
  if (!isVenue(sc.bytes[0])) throw malformed('the claim is not a venue')
  return sc
}

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
  const { claim } = verifySignedClaim(sc, trustList, at, opts)
  if (claim.typ !== 'venue') throw malformed('the claim is not a venue')
  return venueFromClaim(claim)
}
