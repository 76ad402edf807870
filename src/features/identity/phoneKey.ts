/**
 * This phone's holder-binding key (issue 13): ONE Ed25519 key pair per
 * install, made at the first sign-in from the platform's CSPRNG only
 * (`randomBytes`: `crypto.getRandomValues`, or `wx`/`my.getRandomValues`
 * through the seeded DRBG; never `Math.random`), its secret kept in encrypted
 * storage like every personal datum. The province certifies the public key
 * at each sign-in and refresh (a `dk` claim); the pass page signs every QR it
 * shows with the secret. A new key only when none exists or the user resets.
 */
import { base64urlDecode, base64urlEncode } from '../../core/bytes'
import { decodeClaim, parseSignedClaim, sameHolder, type SignatureCheck, verifySignedClaim } from '../../core/claims'
import { bytesEqual } from '../../core/bytes'
import { generateKeyPair, type KeyPair } from '../../core/ed25519'
import type { TrustList } from '../../core/trustList'
import { randomBytes } from '../../platform/random'
import type { SecureStorage } from '../../platform/secureStorage'
import { PHONE_KEY_SLOT } from '../../platform/storageKeys'

/** Where the key lives in encrypted storage. */
export { PHONE_KEY_SLOT }

interface StoredPhoneKey {
  /** The 32-byte Ed25519 secret (seed), base64url. */
  seed: string
  /**
   * Its public key, base64url, kept so a read need not derive it (issue 16: deriving builds the pure-JS base-point
   * table, tens of ms on a cold start's first answer). Absent in keys stored before: derived then.
   */
  pub?: string
  createdAt: number
}

/** The phone's key pair, or `null` when none was made yet (or the stored one is unreadable). */
export function readPhoneKey(storage: Pick<SecureStorage, 'read'>): KeyPair | null {
  const r = storage.read<StoredPhoneKey>(PHONE_KEY_SLOT)
  if (!('value' in r) || !r.value || typeof r.value.seed !== 'string') return null
  try {
    const seed = base64urlDecode(r.value.seed)
    if (seed.length !== 32) return null
    const pub = typeof r.value.pub === 'string' ? base64urlDecode(r.value.pub) : null
    return pub?.length === 32 ? { secretKey: seed, publicKey: pub } : generateKeyPair(seed)
  } catch {
    // Not a key: treated as absent, so the next sign-in makes a new one (and the province certifies that).
    return null
  }
}

/**
 * The phone's key pair: the stored one, else a new one from `random` (the
 * platform CSPRNG), stored encrypted. Throws `NP_ERR_RANDOM_UNAVAILABLE` when
 * the runtime has no secure randomness yet (then nothing is stored).
 */
export function ensurePhoneKey(
  storage: Pick<SecureStorage, 'read' | 'write'>,
  now: number,
  random: (length: number) => Uint8Array = randomBytes,
): KeyPair {
  const held = readPhoneKey(storage)
  if (held) return held
  const key = generateKeyPair(random(32))
  storage.write<StoredPhoneKey>(PHONE_KEY_SLOT, {
    seed: base64urlEncode(key.secretKey),
    pub: base64urlEncode(key.publicKey),
    createdAt: now,
  })
  return key
}

/** Forget the key (the user resets it): the next sign-in makes and certifies a new one. */
export function resetPhoneKey(storage: Pick<SecureStorage, 'remove'>): void {
  storage.remove(PHONE_KEY_SLOT)
}

/**
 * A province's `dk` claim (base64url, from the session) when it verifies
 * against `trustList` at `at` and certifies `publicKey` for `holder`; `null`
 * otherwise (forged, another key, another person, expired, unreadable).
 */
export function verifiedDeviceKeyClaim(
  claim: string | undefined,
  trustList: TrustList,
  at: number,
  holder: { maskedName: string; idTail: string },
  publicKey: Uint8Array,
  /** How the signature is checked: @default `verify` */
  check?: SignatureCheck,
): string | null {
  if (!claim) return null
  try {
    const signed = parseSignedClaim(claim)
    verifySignedClaim(signed, trustList, at, {}, check)
    const c = decodeClaim(signed.bytes)
    if (c.typ !== 'dk' || !c.holder) return null
    if (!sameHolder(c.holder, holder)) return null
    return bytesEqual(c.body.publicKey, publicKey) ? claim : null
  } catch {
    return null
  }
}
