/**
 * Foreign certificates, one entry point: recognise a scanned text, then
 * verify it with its own verifier against the foreign trust list. Loaded on
 * demand (the guard imports this module lazily), so travellers who never
 * show a foreign certificate never load CBOR, zlib, P-256 or RSA code.
 */
import { NpError } from '../errors'
import { looksLikeHcert, verifyHcert } from './euDcc'
import { looksLikeShc, verifyShc } from './shc'
import type { ForeignTrustList } from './trust'
import type { ForeignCertificate, ForeignKind } from './types'

export type { ForeignCertificate, ForeignKind } from './types'
export type { ForeignTrustList, SignedForeignTrustList } from './trust'
export { verifyForeignTrustList, acceptForeignTrustList, checkForeignTrustListAge } from './trust'

/** Which verifier a scanned text belongs to; null when it is not a foreign certificate. */
export function foreignKindOf(text: string): ForeignKind | null {
  if (looksLikeHcert(text)) return 'eu-dcc'
  if (looksLikeShc(text)) return 'shc'
  return null
}

/**
 * Verifies a foreign certificate at `at` (ms); throws a typed `NpError` on anything wrong.
 * @param options.checkTimes false to verify signature and signer only (see {@link foreignTimeProblem})
 */
export function verifyForeign(
  text: string,
  trust: ForeignTrustList,
  at: number,
  options: { checkTimes?: boolean } = {},
): ForeignCertificate {
  const kind = foreignKindOf(text)
  if (kind === 'eu-dcc') return verifyHcert(text, trust, at, options)
  if (kind === 'shc') return verifyShc(text, trust, at, options)
  throw new NpError('NP_ERR_FOREIGN_MALFORMED', { params: { detail: 'neither HC1: nor shc:/' } })
}

/** `NP_ERR_FOREIGN_EXPIRED` / `_NOT_YET_VALID` for a verified certificate at `at`, or null when it is current. */
export function foreignTimeProblem(cert: ForeignCertificate, at: number): NpError | null {
  const kind = cert.kind === 'eu-dcc' ? 'EU DCC' : 'SMART Health Card'
  if (cert.expiresAt !== undefined && at > cert.expiresAt)
    return new NpError('NP_ERR_FOREIGN_EXPIRED', { params: { kind, at: new Date(cert.expiresAt).toISOString() } })
  if (cert.issuedAt !== undefined && at < cert.issuedAt)
    return new NpError('NP_ERR_FOREIGN_NOT_YET_VALID', { params: { kind, at: new Date(cert.issuedAt).toISOString() } })
  return null
}
