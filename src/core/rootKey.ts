/**
 * The national root public key built into the app: it signs the trust list of
 * province keys. This build carries the DEMO root (see mock/keys.ts, derived
 * from a public label); a production build must replace it.
 */

/** Ed25519 root public key, base64url (32 bytes). */
export const ROOT_PUBLIC_KEY = 'rs0zOBbRlPoaryerTMq8-bv_iV2cIpUAubYmwVCI6Hc'

/** The id of {@link ROOT_PUBLIC_KEY}, as in `SignedTrustList.rootKid`. */
export const ROOT_KID = 'cn-root-1'
