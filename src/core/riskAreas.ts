/**
 * Medium- and high-risk areas (中高风险地区): each authority (a province, or
 * the national platform) publishes its list as a signed, dated value set,
 * signed by the authority's own key on the trust list. Rules read the sets in
 * force at the instant they judge (`external.valueSets.riskAreas`, see
 * {@link riskAreaValueSet}); {@link staysInRiskAreas} names the area and until
 * when a stay keeps counting.
 */
import * as v from 'valibot'
import { base64urlDecode, base64urlEncode, utf8Encode } from './bytes'
import { sign, verify } from './ed25519'
import { NpError, toNpError } from './errors'
import type { I18nText, ProvinceCode } from './model'
import { findKey, publicKeyBytes, type TrustList } from './trustList'

export type RiskLevel = 'medium' | 'high'

/** One listed area. */
export interface RiskArea {
  /** GB/T 2260 code of the county (or prefecture) the area lies in, e.g. `430102`. */
  code: string
  /** The prefecture the area lies in (first four digits + `00`). */
  city: string
  /** The area in the authority's words, e.g. `长沙市芙蓉区五一广场街道`. */
  name: I18nText
  level: RiskLevel
  /** Listed since (epoch ms). */
  since: number
  /** Lifted at (epoch ms), when already announced. */
  until?: number
}

/** One authority's list, as published. */
export interface RiskAreaList {
  /** Who publishes it: a province code, or `100000` for the national platform. */
  authority: ProvinceCode
  /** Increases with every publication. */
  version: number
  issuedAt: number
  /** In force from (epoch ms, inclusive)… */
  validFrom: number
  /** …to (exclusive); a list past this is out of date. */
  validUntil: number
  areas: RiskArea[]
}

/** The list as published: the exact JSON the authority's key signed. */
export interface SignedRiskAreaList {
  payload: string
  /** Ed25519 signature of the UTF-8 payload, base64url. */
  sig: string
  /** The signing key's id on the trust list. */
  kid: string
}

const time = v.pipe(v.number(), v.integer(), v.minValue(0))
const code6 = v.pipe(v.string(), v.regex(/^\d{6}$/))
const RiskAreaListSchema = v.object({
  authority: code6,
  version: v.pipe(v.number(), v.integer(), v.minValue(0)),
  issuedAt: time,
  validFrom: time,
  validUntil: time,
  areas: v.pipe(
    v.array(
      v.object({
        code: code6,
        city: code6,
        name: v.object({ zh: v.pipe(v.string(), v.minLength(1)), en: v.pipe(v.string(), v.minLength(1)) }),
        level: v.picklist(['medium', 'high']),
        since: time,
        until: v.optional(time),
      }),
    ),
    v.maxLength(5000),
  ),
})

/** Schema of a plugin's `getRiskAreas` answer (shape only; the signature is checked by {@link verifyRiskAreaList}). */
export const SignedRiskAreaListSchema = v.object({
  payload: v.pipe(v.string(), v.minLength(2), v.maxLength(1_000_000)),
  sig: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/, 'must be a base64url Ed25519 signature')),
  kid: v.pipe(v.string(), v.minLength(1), v.maxLength(32)),
})

/** Signs a list with the authority's 32-byte secret key. */
export function signRiskAreaList(list: RiskAreaList, secretKey: Uint8Array, kid: string): SignedRiskAreaList {
  const payload = JSON.stringify(list)
  return { payload, sig: base64urlEncode(sign(utf8Encode(payload), secretKey)), kid }
}

const invalid = (detail: string): NpError =>
  new NpError('NP_ERR_VALIDATION', { params: { field: 'riskAreas', detail } })

/**
 * Checks a published list at `at`: the key is listed, not revoked and valid
 * when the list was issued (`NP_ERR_KEY_*`), belongs to the authority the list
 * names (`NP_ERR_KEY_WRONG_PROVINCE`), the signature matches
 * (`NP_ERR_SIGNATURE_INVALID`); a malformed payload is `NP_ERR_VALIDATION`.
 * A list out of its validity window still verifies: {@link riskAreasInForce}
 * tells whether it is in force.
 */
export function verifyRiskAreaList(signed: SignedRiskAreaList, trustList: TrustList): RiskAreaList {
  if (typeof signed?.payload !== 'string' || typeof signed.sig !== 'string' || typeof signed.kid !== 'string')
    throw invalid('not a signed risk-area list')
  const key = findKey(trustList, signed.kid)
  const sig = base64urlDecode(signed.sig, 'NP_ERR_SIGNATURE_INVALID')
  if (!verify(sig, utf8Encode(signed.payload), publicKeyBytes(key))) throw new NpError('NP_ERR_SIGNATURE_INVALID')
  let json: unknown
  try {
    json = JSON.parse(signed.payload)
  } catch (e) {
    throw toNpError(e, 'NP_ERR_VALIDATION', { params: { field: 'riskAreas', detail: 'payload is not JSON' } })
  }
  const parsed = v.safeParse(RiskAreaListSchema, json)
  if (!parsed.success) {
    const issue = parsed.issues[0]
    throw invalid(`${v.getDotPath(issue) ?? 'list'}: ${issue.message}`)
  }
  const list: RiskAreaList = parsed.output
  findKey(trustList, signed.kid, list.issuedAt)
  if (key.province !== list.authority)
    throw new NpError('NP_ERR_KEY_WRONG_PROVINCE', {
      params: { kid: key.kid, keyProvince: key.province, province: list.authority },
    })
  return list
}

/** Whether a list is in force at `at`. */
export function riskAreasInForce(list: RiskAreaList, at: number): boolean {
  return at >= list.validFrom && at < list.validUntil
}

/** Areas listed at `at` (listed since, not yet lifted) across the lists in force then. */
export function listedAt(lists: readonly RiskAreaList[], at: number): Array<RiskArea & { authority: ProvinceCode }> {
  return lists
    .filter((l) => riskAreasInForce(l, at))
    .flatMap((l) =>
      l.areas
        .filter((a) => a.since <= at && (a.until === undefined || at < a.until))
        .map((a) => ({ ...a, authority: l.authority })),
    )
}

/** The risk-area value set as rules read it (`external.valueSets.riskAreas`): plain JSON. */
export interface RiskAreaValueSet {
  /** Codes of every area listed at the instant (counties and prefectures). */
  codes: string[]
  /** Prefectures with a listed area (what stars an itinerary city). */
  cities: string[]
  areas: Array<{ code: string; city: string; authority: string; level: RiskLevel; name: string; since: string }>
}

/** Maps the lists in force at `at` to {@link RiskAreaValueSet}. */
export function riskAreaValueSet(
  lists: readonly RiskAreaList[],
  at: number,
  lang: 'zh' | 'en' = 'zh',
): RiskAreaValueSet {
  const areas = listedAt(lists, at)
  return {
    codes: [...new Set(areas.map((a) => a.code))],
    cities: [...new Set(areas.map((a) => a.city))],
    areas: areas.map((a) => ({
      code: a.code,
      city: a.city,
      authority: a.authority,
      level: a.level,
      name: a.name[lang],
      since: new Date(a.since).toISOString(),
    })),
  }
}

/** A stay in a listed area: which area, when, and until when it keeps counting. */
export interface RiskStay {
  area: RiskArea & { authority: ProvinceCode }
  /** The itinerary city the phone was in. */
  city: string
  lastSeen: number
  /** `lastSeen + windowMs`: from then on this stay no longer counts. */
  countsUntil: number
}

/**
 * Stays within `windowMs` before `at` in a city with an area listed at `at`
 * (or listed while the phone was there), most recent first. The phone's
 * itinerary knows cities, not streets: a stay in a city with a listed area counts.
 */
export function staysInRiskAreas(
  cities: ReadonlyArray<{ code: string; firstSeen: number; lastSeen: number }>,
  lists: readonly RiskAreaList[],
  at: number,
  windowMs: number,
): RiskStay[] {
  const inForce = lists.filter((l) => riskAreasInForce(l, at))
  const stays: RiskStay[] = []
  for (const c of cities) {
    if (c.lastSeen <= at - windowMs || c.firstSeen > at) continue
    for (const l of inForce)
      for (const a of l.areas) {
        const overlaps = a.since <= c.lastSeen && (a.until === undefined || a.until > c.firstSeen)
        if (a.city === c.code && overlaps)
          stays.push({
            area: { ...a, authority: l.authority },
            city: c.code,
            lastSeen: c.lastSeen,
            countsUntil: c.lastSeen + windowMs,
          })
      }
  }
  return stays.sort((x, y) => y.lastSeen - x.lastSeen)
}
