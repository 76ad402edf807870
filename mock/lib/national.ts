/**
 * The national side of the mock: each province backend's DEMO signing key,
 * the signed trust list that vouches for them, and the DEMO identity service
 * that exchanges a `Taro.login` code for an identity.
 */
import { base64urlDecode, base64urlEncode } from '../../src/core/bytes'
import { type Holder, serializeSignedClaim, signClaim } from '../../src/core/claims'
import { generateKeyPair } from '../../src/core/ed25519'
import type { Identity, ProvinceCode } from '../../src/core/model'
import { type SignedTrustList, signTrustList } from '../../src/core/trustList'
import { demoPeople } from '../data/people'
import { DEMO_ROOT_KEY, DEMO_VALID_FROM, DEMO_VALID_TO, demoKeyFor, demoSecretKey, demoTrustList } from '../keys'
import type { MockEnv } from './types'
import type { ForeignTrustList, SignedForeignTrustList } from '../../src/core/foreign/trust'
import { signForeignTrustList } from '../../src/core/foreign/trustEnvelope'
import foreignSnapshot from '../data/foreign-trust-snapshot.json'

/** A backend's signing key as the mock hands it over in `MockEnv.key`. */
export type BackendKey = MockEnv['key'] & { publicKey: Uint8Array; province: ProvinceCode }

/**
 * DEMO ONLY: the signing key of a province backend: its listed demo key, or for
 * a province outside the 31 (a scaffolded test region such as `710000`) a key
 * derived the same way from the label `x<code>-1`, which the mock adds to the
 * trust list it serves.
 */
export function backendKey(province: ProvinceCode): BackendKey {
  try {
    const k = demoKeyFor(province)
    return { kid: k.kid, secretKey: k.secretKey, publicKey: k.publicKey, province }
  } catch {
    // Not one of the 31 demo provinces: derive an extra DEMO key below.
    const kid = `x${province}-1`
    return { kid, ...generateKeyPair(demoSecretKey(kid)), province }
  }
}

/**
 * DEMO ONLY: the trust list the mock serves at `/national/trust-list`: the demo
 * list plus a key for every served province that has none, signed by the
 * DEMO root key (verify with `DEMO_ROOT_PUBLIC_KEY`).
 */
export function mockTrustList(provincesServed: readonly ProvinceCode[], now: number): SignedTrustList {
  const base = demoTrustList(now)
  const listed = new Set(base.keys.map((k) => k.kid))
  const extra = [...new Set(provincesServed)]
    .map(backendKey)
    .filter((k) => !listed.has(k.kid))
    .map((k) => ({
      kid: k.kid,
      province: k.province,
      publicKey: base64urlEncode(k.publicKey),
      validFrom: DEMO_VALID_FROM,
      validTo: DEMO_VALID_TO,
    }))
  return signTrustList({ ...base, keys: [...base.keys, ...extra] }, DEMO_ROOT_KEY.secretKey, DEMO_ROOT_KEY.kid)
}

/** The answer of `/identity/login`. */
export interface DemoLogin {
  /** DEMO identity token: `demo.<personKey>.<expiresAt>`, not a secret. */
  token: string
  expiresAt: number
  personKey: string
  identity: Identity
  /** True when the code was not `demo-<key>` and the default demo person was used. */
  defaulted: boolean
}

/** The demo person for codes that are not `demo-<key>` (e.g. a real `Taro.login` code in the IDE). */
export const DEFAULT_LOGIN_PERSON = 'green'

/**
 * DEMO identity service. `demo-<personKey>` logs in as that demo person; an
 * unknown `demo-…` key is `undefined` (404); any other non-empty code logs in
 * as {@link DEFAULT_LOGIN_PERSON}.
 */
export function demoLogin(code: string, now: number): DemoLogin | undefined {
  const wanted = code.startsWith('demo-') ? code.slice(5) : DEFAULT_LOGIN_PERSON
  const person = demoPeople.find((p) => p.key === wanted)
  if (!person) return undefined
  const expiresAt = now + 2 * 3_600_000
  return {
    token: `demo.${person.key}.${expiresAt}`,
    expiresAt,
    personKey: person.key,
    identity: { ...person.identity },
    defaulted: !code.startsWith('demo-'),
  }
}

/** One entry of `GET /identity/demo-people`: what the H5 demo picker shows. */
export interface DemoPersonEntry {
  key: string
  name: string
  story: string
}

/** DEMO people for the H5 demo picker (invented names; log in with `demo-<key>`). */
export function demoPeopleList(): DemoPersonEntry[] {
  return demoPeople.map((p) => ({ key: p.key, name: p.identity.name, story: p.story }))
}

/** DEMO ONLY: the version of the foreign trust snapshot (bump when scripts/foreign-trust-snapshot.ts is rerun). */
export const FOREIGN_TRUST_VERSION = 1

/**
 * DEMO ONLY: the SMART Health Cards example issuer's revocation list for its
 * signing key, as the specification publishes it (CC-BY 4.0, see
 * test/fixtures/shc-examples: examples/issuer/.well-known/crl/<kid>.json). It
 * revokes example-03 (rid `vwAjHdarZuc`, issued before the listed timestamp).
 */
export const DEMO_SHC_CRL = {
  iss: 'https://spec.smarthealth.cards/examples/issuer',
  kid: '3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s',
  method: 'rid' as const,
  ctr: 1,
  rids: ['vwAjHdarZuc.1687450765', 'FKDIxsTCGlU', 'XkNHp2Iyk0Y.1687450765', 'TqB_qu_6OtM'],
}

/**
 * DEMO ONLY: the foreign trust list the mock serves at
 * `/national/foreign-trust-list`: the EU DSCs of the dgc-testdata vectors and
 * the SMART Health Cards example issuer (mock/data/foreign-trust-snapshot.json),
 * re-signed by the DEMO national root.
 */
export function mockForeignTrustList(now: number): SignedForeignTrustList {
  const list: ForeignTrustList = {
    version: FOREIGN_TRUST_VERSION,
    issuedAt: now,
    nextUpdate: now + 24 * 3_600_000,
    dsc: foreignSnapshot.dsc,
    issuers: foreignSnapshot.issuers as ForeignTrustList['issuers'],
    revoked: [],
    crls: [DEMO_SHC_CRL],
  }
  return signForeignTrustList(list, DEMO_ROOT_KEY.secretKey, DEMO_ROOT_KEY.kid)
}

/** How long a certified phone key is valid: re-certified at each sign-in. */
export const DEVICE_KEY_VALIDITY_MS = 30 * 24 * 3_600_000

/**
 * DEMO: a province certifies the Ed25519 public key of the holder's phone at
 * sign-in: a `dk` claim for `holder`, signed with the province's backend key,
 * which the phone puts in every pass it shows and signs (see
 * `encodeBoundPass`). The sign-in flow calls this once the person is
 * authenticated; here nothing checks who asks, so it is DEMO ONLY.
 * @param publicKey 32 bytes, base64url
 * @returns the serialized signed claim, or `undefined` for a key that is not 32 bytes
 */
export function certifyDeviceKey(
  province: ProvinceCode,
  holder: Holder,
  publicKey: string,
  now: number,
): string | undefined {
  let key: Uint8Array
  try {
    key = base64urlDecode(publicKey)
  } catch {
    return undefined
  }
  if (key.length !== 32) return undefined
  const signer = backendKey(province)
  const iat = Math.floor(now / 1000) * 1000
  return serializeSignedClaim(
    signClaim(
      {
        typ: 'dk',
        iss: province,
        kid: signer.kid,
        iat,
        exp: iat + DEVICE_KEY_VALIDITY_MS,
        holder,
        body: { publicKey: key },
      },
      signer.secretKey,
    ),
  )
}
