/**
 * The trust list: the province keys the national root key vouches for, with
 * their validity windows, plus revoked key ids. Keys rotate by overlapping
 * windows (two keys of one province valid at once both verify).
 */
import * as v from 'valibot'
import { base64urlDecode, base64urlEncode, utf8Encode } from './bytes'
import { sign, verify } from './ed25519'
import { NpError } from './errors'
import type { ProvinceCode } from './model'

/** One province signing key. */
export interface TrustedKey {
  /** Short key id carried in every claim, e.g. `gd1`. */
  kid: string
  province: ProvinceCode
  /** 32-byte Ed25519 public key, base64url. */
  publicKey: string
  /** Epoch ms, inclusive. */
  validFrom: number
  /** Epoch ms, inclusive. */
  validTo: number
}

/** The list of trusted province keys. */
export interface TrustList {
  /** Increases with every publication. */
  version: number
  issuedAt: number
  /** When a fresher list is expected. */
  nextUpdate?: number
  keys: TrustedKey[]
  /** Key ids that must not be trusted, whatever their window. */
  revoked: string[]
}

/** A trust list as published: the exact JSON the root key signed. */
export interface SignedTrustList {
  /** JSON of a {@link TrustList}. */
  payload: string
  /** Ed25519 signature of the UTF-8 payload, base64url. */
  sig: string
  /** Which root key signed it. */
  rootKid: string
}

const time = v.pipe(v.number(), v.integer(), v.minValue(0))
const TrustListSchema = v.object({
  version: v.pipe(v.number(), v.integer(), v.minValue(0)),
  issuedAt: time,
  nextUpdate: v.optional(time),
  keys: v.array(
    v.object({
      kid: v.pipe(v.string(), v.minLength(1), v.maxLength(32)),
      province: v.pipe(v.string(), v.regex(/^\d{6}$/)),
      publicKey: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
      validFrom: time,
      validTo: time,
    }),
  ),
  revoked: v.array(v.string()),
})

const invalid = (detail: string): NpError => new NpError('NP_ERR_TRUST_LIST_INVALID', { params: { detail } })

/** Signs a trust list with the national root key. */
export function signTrustList(list: TrustList, rootSecretKey: Uint8Array, rootKid: string): SignedTrustList {
  const payload = JSON.stringify(list)
  return { payload, sig: base64urlEncode(sign(utf8Encode(payload), rootSecretKey)), rootKid }
}

/**
 * Checks the root signature and the shape, and returns the list. Anything
 * wrong is `NP_ERR_TRUST_LIST_INVALID`.
 * @param rootPublicKey the built-in root key (see `rootKey.ts`), base64url or bytes
 */
export function verifyTrustList(signed: SignedTrustList, rootPublicKey: string | Uint8Array): TrustList {
  const input = trustListSigningInput(signed, rootPublicKey)
  if (!verify(input.signature, input.message, input.publicKey)) throw invalid('bad signature')
  return parseTrustList(signed)
}

/**
 * {@link verifyTrustList} with the signature checked by `verifyAsync` (src/core/ed25519Async.ts: native WebCrypto
 * where the runtime has it, the same pure-JS check elsewhere): the same answers, off the main thread's pure-JS path.
 */
export async function verifyTrustListAsync(
  signed: SignedTrustList,
  rootPublicKey: string | Uint8Array,
  verifyAsync: (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => Promise<boolean>,
): Promise<TrustList> {
  const input = trustListSigningInput(signed, rootPublicKey)
  if (!(await verifyAsync(input.signature, input.message, input.publicKey))) throw invalid('bad signature')
  return parseTrustList(signed)
}

function trustListSigningInput(
  signed: SignedTrustList,
  rootPublicKey: string | Uint8Array,
): { signature: Uint8Array; message: Uint8Array; publicKey: Uint8Array } {
  if (typeof signed?.payload !== 'string' || typeof signed.sig !== 'string') throw invalid('not a signed trust list')
  const code = 'NP_ERR_TRUST_LIST_INVALID'
  const publicKey = typeof rootPublicKey === 'string' ? base64urlDecode(rootPublicKey, code) : rootPublicKey
  return { signature: base64urlDecode(signed.sig, code), message: utf8Encode(signed.payload, code), publicKey }
}

/** The list a checked signature covers: parsed and validated. */
function parseTrustList(signed: SignedTrustList): TrustList {
  const code = 'NP_ERR_TRUST_LIST_INVALID'
  let json: unknown
  try {
    json = JSON.parse(signed.payload)
  } catch (e) {
    throw new NpError(code, { cause: e, params: { detail: 'payload is not JSON' } })
  }
  const parsed = v.safeParse(TrustListSchema, json)
  if (!parsed.success) {
    const issue = parsed.issues[0]
    throw invalid(`${v.getDotPath(issue) ?? 'list'}: ${issue.message}`)
  }
  const list: TrustList = parsed.output
  const seen = new Set<string>()
  for (const k of list.keys) {
    if (seen.has(k.kid)) throw invalid(`key ${k.kid} is listed twice`)
    seen.add(k.kid)
    if (k.validTo < k.validFrom) throw invalid(`key ${k.kid} ends before it starts`)
    if (base64urlDecode(k.publicKey, code).length !== 32) throw invalid(`key ${k.kid} is not 32 bytes`)
  }
  return list
}

/**
 * The key `kid`: `NP_ERR_KEY_REVOKED` when revoked, `NP_ERR_KEY_UNKNOWN` when
 * not listed, `NP_ERR_KEY_NOT_VALID` when `at` (ms) is outside its window.
 * @param at when omitted, the window is not checked
 */
export function findKey(list: TrustList, kid: string, at?: number): TrustedKey {
  if (list.revoked.includes(kid)) throw new NpError('NP_ERR_KEY_REVOKED', { params: { kid } })
  const key = list.keys.find((k) => k.kid === kid)
  if (!key) throw new NpError('NP_ERR_KEY_UNKNOWN', { params: { kid } })
  if (at !== undefined && (at < key.validFrom || at > key.validTo)) {
    throw new NpError('NP_ERR_KEY_NOT_VALID', {
      params: { kid, at: Number.isFinite(at) && Math.abs(at) < 8.64e15 ? new Date(at).toISOString() : String(at) },
    })
  }
  return key
}

/** A trusted key's public key as bytes. */
export function publicKeyBytes(key: TrustedKey): Uint8Array {
  return base64urlDecode(key.publicKey, 'NP_ERR_TRUST_LIST_INVALID')
}

/** After `nextUpdate` the guard warns; this much later it stops giving verdicts (fail closed). */
export const TRUST_LIST_GRACE_MS = 72 * 3_600_000
/** A list without `nextUpdate` is due this long after `issuedAt`. */
export const TRUST_LIST_DEFAULT_LIFETIME_MS = 24 * 3_600_000

const iso = (t: number): string => (Number.isFinite(t) && Math.abs(t) < 8.64e15 ? new Date(t).toISOString() : String(t))

/**
 * Whether `incoming` may replace the list `held`: its version and its
 * `issuedAt` must both not go back (a re-served older list, even correctly
 * root-signed, would bring back revoked keys). Equal version and issue time
 * is the same publication. Throws `NP_ERR_TRUST_LIST_ROLLBACK`.
 */
export function acceptTrustList(held: TrustList | null, incoming: TrustList): TrustList {
  if (!held) return incoming
  if (incoming.version < held.version || incoming.issuedAt < held.issuedAt) {
    throw new NpError('NP_ERR_TRUST_LIST_ROLLBACK', {
      params: {
        version: incoming.version,
        issuedAt: iso(incoming.issuedAt),
        held: held.version,
        heldAt: iso(held.issuedAt),
      },
    })
  }
  return incoming
}

/** When the list's next update is due. */
export function trustListDue(list: TrustList): number {
  return list.nextUpdate ?? list.issuedAt + TRUST_LIST_DEFAULT_LIFETIME_MS
}

/**
 * The list's state at `at`: `current` until its next update is due, then
 * `stale` (the guard warns, `NP_ERR_TRUST_LIST_STALE`) for
 * {@link TRUST_LIST_GRACE_MS}, then `expired`: no verdict until refreshed
 * (`NP_ERR_TRUST_LIST_EXPIRED`).
 */
export function trustListState(list: TrustList, at: number): 'current' | 'stale' | 'expired' {
  const due = trustListDue(list)
  if (at <= due) return 'current'
  return at <= due + TRUST_LIST_GRACE_MS ? 'stale' : 'expired'
}
