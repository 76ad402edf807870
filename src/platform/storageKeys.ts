/**
 * The names of the encrypted values a start reads (src/platform/secureStorage.ts), in one place: the modules that
 * own them use these, and the H5 boot shell checks and decrypts these ahead (src/boot/primeReads.ts) while the
 * app's scripts load. No crypto-js here: the boot shell bundles this module.
 */
export const SETTINGS_KEY = 'settings'
export const CONSENT_KEY = 'consents'
export const CLOCK_KEY = 'clock'
export const PEOPLE_KEY = 'identity.people'
export const TRUST_LIST_KEY = 'trustList'
export const PHONE_KEY_SLOT = 'phoneKey'
/** Each province's sign-in session, one record per plugin id. */
export const SESSION_PREFIX = 'auth.session.'
export const sessionKey = (pluginId: string): string => `${SESSION_PREFIX}${pluginId}`

/**
 * What a start reads right after its first frame, in the order it needs them: the settings, consents, the clock's
 * saved skew, who is signed in, the trust list (to verify the first answer) and the phone key; then every
 * province's session (`SESSION_PREFIX`).
 */
export const BOOT_READS: readonly string[] = [
  SETTINGS_KEY,
  CONSENT_KEY,
  CLOCK_KEY,
  PEOPLE_KEY,
  TRUST_LIST_KEY,
  PHONE_KEY_SLOT,
]

/** A value read ahead: the stored text, its plaintext, and the device key's text it was checked under. */
export interface PrimedRead {
  stored: string
  plain: string
  under: string
}

/** Where the H5 boot shell leaves what it read ahead, for the app's storage to take (src/platform/primedReads.h5.ts). */
export const PRIMED_GLOBAL = '__npPrimed'
