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

/** Verifies a foreign certificate at `at` (ms); throws a typed `NpError` on anything wrong. */
export function verifyForeign(text: string, trust: ForeignTrustList, at: number): ForeignCertificate {
  const kind = foreignKindOf(text)
  if (kind === 'eu-dcc') return verifyHcert(text, trust, at)
  if (kind === 'shc') return verifyShc(text, trust, at)
  throw new NpError('NP_ERR_FOREIGN_MALFORMED', { params: { detail: 'neither HC1: nor shc:/' } })
}
