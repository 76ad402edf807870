/**
 * The foreign trust list: the EU gateway's document signer certificates
 * (DSCs) and the VCI directory's SMART Health Card issuers, re-signed by the
 * national root key for distribution (the same Ed25519 root and envelope as
 * the province trust list). A cached list is replaced only by a newer
 * version (no rollback) and is stale past its `nextUpdate` plus a grace day
 * (trustEnvelope.ts, in the main package); the entries' shape is checked
 * here, on demand, with the verifiers.
 */
import * as v from 'valibot'
import { NpError } from '../errors'
import { openForeignTrustList } from './trustEnvelope'

export {
  acceptForeignTrustList,
  checkForeignTrustListAge,
  FOREIGN_TRUST_GRACE_MS,
  openForeignTrustList,
  signForeignTrustList,
} from './trustEnvelope'

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

/**
 * A SMART Health Card issuer's card revocation list for one key (the spec's
 * `/.well-known/crl/{kid}.json`, method `rid`): each entry a revoked `rid`,
 * optionally `rid.timestamp` (seconds) revoking only cards issued (`nbf`)
 * before that instant.
 */
export interface ForeignShcCrl {
  iss: string
  kid: string
  method: 'rid'
  /** The CRL's version counter (the key's `crlVersion`). */
  ctr: number
  rids: string[]
}

export interface ForeignTrustList {
  version: number
  issuedAt: number
  nextUpdate?: number
  dsc: ForeignDsc[]
  issuers: ForeignIssuer[]
  /** Revoked DSC kids (base64) and SHC key ids. */
  revoked: string[]
  /** SMART Health Card revocation lists, one per issuer key that publishes one; absent in older lists. */
  crls?: ForeignShcCrl[]
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
  crls: v.optional(
    v.array(
      v.object({
        iss: v.pipe(v.string(), v.url()),
        kid: b64u,
        method: v.literal('rid'),
        ctr: v.pipe(v.number(), v.integer(), v.minValue(0)),
        rids: v.array(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+(\.\d+)?$/))),
      }),
    ),
  ),
})

const invalid = (detail: string): NpError => new NpError('NP_ERR_TRUST_LIST_INVALID', { params: { detail } })

const validated = new WeakSet<object>()

/** Checks the entries' shape (once per list object); `NP_ERR_TRUST_LIST_INVALID` otherwise. */
export function validateForeignTrustList(list: ForeignTrustList): ForeignTrustList {
  if (validated.has(list)) return list
  const parsed = v.safeParse(Schema, list)
  if (!parsed.success) {
    const issue = parsed.issues[0]
    throw invalid(`${v.getDotPath(issue) ?? 'list'}: ${issue.message}`)
  }
  validated.add(list)
  return list
}

/** Root signature, envelope and entries: the whole check. */
export function verifyForeignTrustList(
  signed: SignedForeignTrustList,
  rootPublicKey: string | Uint8Array,
): ForeignTrustList {
  return validateForeignTrustList(openForeignTrustList(signed, rootPublicKey))
}
