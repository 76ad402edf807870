/**
 * DEMO ONLY — deterministic signing keys for the mock backends, tests and
 * docs/formats.md test vectors. Every secret here is derived from a public
 * label (`sha256("national-pass DEMO key <kid>")`), so anyone can forge with
 * them: never ship them, never trust them outside development.
 */
import provinces from '../src/core/data/provinces.json'
import { base64urlEncode, utf8Encode } from '../src/core/bytes'
import { generateKeyPair, sha256 } from '../src/core/ed25519'
import type { ProvinceCode } from '../src/core/model'
import { type SignedTrustList, signTrustList, type TrustList } from '../src/core/trustList'

/** A DEMO key pair with its trust-list identity. */
export interface DemoKey {
  kid: string
  province: ProvinceCode
  secretKey: Uint8Array
  publicKey: Uint8Array
}

/** DEMO ONLY: the secret key for a key id, from its public label. */
export function demoSecretKey(kid: string): Uint8Array {
  return sha256(utf8Encode(`national-pass DEMO key ${kid}`))
}

function demoKey(kid: string, province: ProvinceCode): DemoKey {
  return { kid, province, ...generateKeyPair(demoSecretKey(kid)) }
}

/** ISO 3166-2:CN subdivision letters by GB/T 2260 code; key ids are `<letters><n>`, e.g. `gd1`. */
const ISO: Record<string, string> = {
  110000: 'bj',
  120000: 'tj',
  130000: 'he',
  140000: 'sx',
  150000: 'nm',
  210000: 'ln',
  220000: 'jl',
  230000: 'hl',
  310000: 'sh',
  320000: 'js',
  330000: 'zj',
  340000: 'ah',
  350000: 'fj',
  360000: 'jx',
  370000: 'sd',
  410000: 'ha',
  420000: 'hb',
  430000: 'hn',
  440000: 'gd',
  450000: 'gx',
  460000: 'hi',
  500000: 'cq',
  510000: 'sc',
  520000: 'gz',
  530000: 'yn',
  540000: 'xz',
  610000: 'sn',
  620000: 'gs',
  630000: 'qh',
  640000: 'nx',
  650000: 'xj',
}

/** DEMO ONLY: the national root key that signs the demo trust list. */
export const DEMO_ROOT_KEY: DemoKey = demoKey('cn-root-1', '000000')

/** DEMO ONLY: the root public key, base64url (equals `ROOT_PUBLIC_KEY` in src/core/rootKey.ts). */
export const DEMO_ROOT_PUBLIC_KEY: string = base64urlEncode(DEMO_ROOT_KEY.publicKey)

/** DEMO ONLY: Guangdong's rotated second key, valid at the same time as `gd1`. */
export const DEMO_ROTATED_KID = 'gd2'
/** DEMO ONLY: Henan's old key, listed in the trust list's `revoked`. */
export const DEMO_REVOKED_KID = 'ha0'

/**
 * DEMO ONLY: one current key per province (`<iso>1`, all 31), plus Guangdong's
 * rotated `gd2`, Henan's revoked `ha0` and the national platform's `cn1`.
 */
export const demoProvinceKeys: readonly DemoKey[] = [
  ...provinces.provinces.map((p) => demoKey(`${ISO[p.code]}1`, p.code)),
  demoKey(DEMO_ROTATED_KID, '440000'),
  demoKey(DEMO_REVOKED_KID, '410000'),
  // The national platform (国家政务服务平台, authority 100000): national code, itinerary, risk areas.
  demoKey('cn1', '100000'),
]

/** DEMO ONLY: a province's current key (`<iso>1`). Throws for an unknown code. */
export function demoKeyFor(province: ProvinceCode): DemoKey {
  const key = demoProvinceKeys.find((k) => k.province === province && k.kid.endsWith('1'))
  if (!key) throw new Error(`no DEMO key for province ${province}`)
  return key
}

/** DEMO keys are valid from 2020-01-01 (UTC)… */
export const DEMO_VALID_FROM = Date.UTC(2020, 0, 1)
/** …to 2030-01-01 (UTC). */
export const DEMO_VALID_TO = Date.UTC(2030, 0, 1)

/** DEMO ONLY: the unsigned demo trust list as of `now` (ms). */
export function demoTrustList(now: number): TrustList {
  return {
    version: 1,
    issuedAt: now,
    nextUpdate: now + 24 * 3_600_000,
    keys: demoProvinceKeys.map((k) => ({
      kid: k.kid,
      province: k.province,
      publicKey: base64urlEncode(k.publicKey),
      validFrom: DEMO_VALID_FROM,
      validTo: DEMO_VALID_TO,
    })),
    revoked: [DEMO_REVOKED_KID],
  }
}

/** DEMO ONLY: the demo trust list as of `now` (ms), signed by {@link DEMO_ROOT_KEY}. */
export function buildDemoTrustList(now: number): SignedTrustList {
  return signTrustList(demoTrustList(now), DEMO_ROOT_KEY.secretKey, DEMO_ROOT_KEY.kid)
}
