/**
 * The foreign trust list: the EU gateway's document signer certificates
 * (DSCs) and the VCI directory's SMART Health Card issuers, re-signed by the
 * national root key for distribution (the same Ed25519 root and envelope as
 * the province trust list). A cached list is replaced only by a newer
 * version (no rollback) and is stale past its `nextUpdate` plus a grace day.
 */
import * as v from 'valibot'
import { base64urlDecode, base64urlEncode, utf8Encode } from '../bytes'
import { sign, verify } from '../ed25519'
import { formatDuration, NpError } from '../errors'

/** One EU document signer certificate. */
export interface ForeignDsc {
  /** HCERT key id, standard base64 (first 8 bytes of SHA-256 of the certificate). */
  kid: string
  /** ISO 3166 alpha-2 country that uploaded it to the gateway. */
  country: string
  /** DER certificate, standard base64. */
  cert: string
}

/** One SMART Health Card issuer of the VCI directory, with its keys. */
export interface ForeignIssuer {
  /** The `iss` URL in its cards. */
  iss: string
  name: string
  /** ISO 3166 alpha-2 country, '' when unknown. */
  country: string
  keys: Array<{ kid: string; kty: 'EC'; crv: 'P-256'; x: string; y: string }>
}

export interface ForeignTrustList {
  version: number
  issuedAt: number
  nextUpdate?: number
  dsc: ForeignDsc[]
  issuers: ForeignIssuer[]
  /** Revoked DSC kids (base64) and SHC key ids. */
  revoked: string[]
}

/** As published: the exact JSON the national root signed. */
export interface SignedForeignTrustList {
  payload: string
  sig: string
  rootKid: string
}

const time = v.pipe(v.number(), v.integer(), v.minValue(0))
const b64u = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/))
const Schema = v.object({
  version: v.pipe(v.number(), v.integer(), v.minValue(0)),
  issuedAt: time,
  nextUpdate: v.optional(time),
  dsc: v.array(
    v.object({
      kid: v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]{11}=$/)),
      country: v.pipe(v.string(), v.regex(/^[A-Z]{2}$/)),
      cert: v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]+=*$/)),
    }),
  ),
  issuers: v.array(
    v.object({
      iss: v.pipe(v.string(), v.url()),
      name: v.string(),
      country: v.pipe(v.string(), v.regex(/^([A-Z]{2})?$/)),
      keys: v.array(v.object({ kid: b64u, kty: v.literal('EC'), crv: v.literal('P-256'), x: b64u, y: b64u })),
    }),
  ),
  revoked: v.array(v.string()),
})

const invalid = (detail: string): NpError => new NpError('NP_ERR_TRUST_LIST_INVALID', { params: { detail } })

/** Signs a foreign trust list with the national root key (the mock does this with the DEMO root). */
export function signForeignTrustList(
  list: ForeignTrustList,
  rootSecretKey: Uint8Array,
  rootKid: string,
): SignedForeignTrustList {
  const payload = JSON.stringify(list)
  return { payload, sig: base64urlEncode(sign(utf8Encode(payload), rootSecretKey)), rootKid }
}

/** Checks the root signature and shape; `NP_ERR_TRUST_LIST_INVALID` otherwise. */
export function verifyForeignTrustList(
  signed: SignedForeignTrustList,
  rootPublicKey: string | Uint8Array,
): ForeignTrustList {
  if (typeof signed?.payload !== 'string' || typeof signed.sig !== 'string')
    throw invalid('not a signed foreign trust list')
  const code = 'NP_ERR_TRUST_LIST_INVALID'
  const root = typeof rootPublicKey === 'string' ? base64urlDecode(rootPublicKey, code) : rootPublicKey
  if (!verify(base64urlDecode(signed.sig, code), utf8Encode(signed.payload, code), root)) throw invalid('bad signature')
  let json: unknown
  try {
    json = JSON.parse(signed.payload)
  } catch (e) {
    throw new NpError(code, { cause: e, params: { detail: 'payload is not JSON' } })
  }
  const parsed = v.safeParse(Schema, json)
  if (!parsed.success) {
    const issue = parsed.issues[0]
    throw invalid(`${v.getDotPath(issue) ?? 'list'}: ${issue.message}`)
  }
  return parsed.output as ForeignTrustList
}

/** Grace after `nextUpdate` (or after `issuedAt` when absent) before a cached list is stale. */
export const FOREIGN_TRUST_GRACE_MS = 24 * 3_600_000

/**
 * Which list to keep: `incoming` only when its version is not lower than the
 * cached one (a lower version is a rollback: `NP_ERR_TRUST_LIST_INVALID`).
 */
export function acceptForeignTrustList(cached: ForeignTrustList | null, incoming: ForeignTrustList): ForeignTrustList {
  if (cached && incoming.version < cached.version)
    throw invalid(`rollback from version ${cached.version} to ${incoming.version}`)
  return incoming
}

/** `NP_ERR_TRUST_LIST_STALE` when the list is past its next update plus the grace period at `now`. */
export function checkForeignTrustListAge(list: ForeignTrustList, now: number): void {
  const due = (list.nextUpdate ?? list.issuedAt) + FOREIGN_TRUST_GRACE_MS
  if (now > due) throw new NpError('NP_ERR_TRUST_LIST_STALE', { params: { age: formatDuration(now - list.issuedAt) } })
}
