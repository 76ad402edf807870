/**
 * The foreign trust list's envelope, small enough for the main package: the
 * national root's signature, the version (no rollback) and the age rules.
 * The entries' full shape is checked on demand by `validateForeignTrustList`
 * (trust.ts), with the verifiers, so valibot's schema for them stays out of
 * the main package.
 */
import { base64urlDecode, base64urlEncode, utf8Encode } from '../bytes'
import { sign, verify } from '../ed25519'
import { formatDuration, NpError } from '../errors'
import type { ForeignTrustList, SignedForeignTrustList } from './trust'

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

const isTime = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0

/**
 * Checks the root signature and the envelope (version, times, arrays) and
 * returns the list; `NP_ERR_TRUST_LIST_INVALID` otherwise.
 */
export function openForeignTrustList(
  signed: SignedForeignTrustList,
  rootPublicKey: string | Uint8Array,
): ForeignTrustList {
  if (typeof signed?.payload !== 'string' || typeof signed.sig !== 'string')
    throw invalid('not a signed foreign trust list')
  const code = 'NP_ERR_TRUST_LIST_INVALID'
  const root = typeof rootPublicKey === 'string' ? base64urlDecode(rootPublicKey, code) : rootPublicKey
  if (!verify(base64urlDecode(signed.sig, code), utf8Encode(signed.payload, code), root)) throw invalid('bad signature')
  let list: ForeignTrustList
  try {
    list = JSON.parse(signed.payload)
  } catch (e) {
    throw new NpError(code, { cause: e, params: { detail: 'payload is not JSON' } })
  }
  if (
    !list ||
    !isTime(list.version) ||
    !isTime(list.issuedAt) ||
    (list.nextUpdate !== undefined && !isTime(list.nextUpdate)) ||
    !Array.isArray(list.dsc) ||
    !Array.isArray(list.issuers) ||
    !Array.isArray(list.revoked)
  )
    throw invalid('not a foreign trust list')
  return list
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
