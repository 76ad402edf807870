/**
 * The itinerary card (通信行程卡): the cities (GB/T 2260 prefecture codes) a
 * phone was in over the last 14 days, with first/last seen and a star where a
 * city had a medium- or high-risk area, signed by the national platform.
 * Platform-free: the plugin hook returns an {@link Itinerary}; the pass QR
 * carries it as an `it` claim; rules read {@link itineraryFacts}.
 */
import * as v from 'valibot'
import { type ClaimMeta, type ItineraryClaim, parseSignedClaim, servedMatchesClaim, verifySignedClaim } from './claims'
import { NpError, toNpError } from './errors'
import type { ProvinceCode, Verification } from './model'
import { ClaimSchema, InstantSchema } from './schemas'
import { type RiskAreaList, riskAreaValueSet, staysInRiskAreas } from './riskAreas'
import type { Stay } from './rules/facts'
import type { ValueSets } from './rules/types'
import type { TrustList } from './trustList'
import { NATIONAL_AUTHORITY } from './nationalAuthority'

/** The national authority's code on the trust list and in claims (not a province: 100000). */
export { NATIONAL_AUTHORITY }
/** The window the itinerary covers. */
export const ITINERARY_WINDOW_MS = 14 * 86_400_000

/** One city the phone was in. */
export interface ItineraryCity {
  /** GB/T 2260 prefecture-level code, e.g. `430100` (长沙市). */
  code: string
  /** The city's name as the issuer gave it, e.g. `湖南省长沙市`. */
  name: string
  /** First and last time seen in the window (epoch ms). */
  firstSeen: number
  lastSeen: number
  /** Starred (*): the city had a medium- or high-risk area while the phone was there. */
  starred: boolean
}

/** The itinerary card as the plugin hands it over. */
export interface Itinerary {
  /** Who issued it, e.g. `中国信息通信研究院 (通信行程卡)`. */
  issuer: string
  /** The phone as the card shows it, masked: `139****0202`. */
  phone: string
  /** 更新于: when the card was issued (epoch ms). */
  issuedAt: number
  validUntil: number
  /** Newest last-seen first, as the card lists them. */
  cities: ItineraryCity[]
  /** The compact signed `it` claim (base64url). */
  claim?: string
}

/** Valibot schema of a plugin's itinerary answer. */
export const ItinerarySchema = v.pipe(
  v.object({
    issuer: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
    phone: v.pipe(v.string(), v.minLength(1), v.maxLength(32)),
    issuedAt: InstantSchema,
    validUntil: InstantSchema,
    cities: v.pipe(
      v.array(
        v.object({
          code: v.pipe(v.string(), v.regex(/^[1-9]\d{3}00$/, 'must be a six-digit prefecture code like 430100')),
          name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
          firstSeen: InstantSchema,
          lastSeen: InstantSchema,
          starred: v.boolean(),
        }),
      ),
      v.maxLength(64),
    ),
    claim: v.optional(ClaimSchema),
  }),
  v.check((it) => it.validUntil >= it.issuedAt, 'validUntil: must not be before issuedAt'),
  v.check(
    (it) => it.cities.every((c) => c.firstSeen <= c.lastSeen && c.lastSeen <= it.issuedAt),
    'cities: first seen ≤ last seen ≤ issuedAt',
  ),
)

/** The `it` claim the national platform signs for an itinerary it serves. */
export function claimFromItinerary(
  it: Itinerary,
  meta: Omit<ClaimMeta, 'iat' | 'exp'> & { iss: ProvinceCode },
): ItineraryClaim {
  return {
    typ: 'it',
    iss: meta.iss,
    kid: meta.kid,
    iat: it.issuedAt,
    exp: it.validUntil,
    ...(meta.holder ? { holder: meta.holder } : {}),
    body: {
      cities: it.cities.map((c) => ({
        code: c.code,
        firstSeen: c.firstSeen,
        lastSeen: c.lastSeen,
        starred: c.starred,
      })),
    },
  }
}

/**
 * An itinerary from a verified claim (a guard's view): names from the
 * prefecture table (the code when unknown), times at minute precision.
 */
export function itineraryFromClaim(c: ItineraryClaim, nameOf: (code: string) => string = (x) => x): Itinerary {
  return {
    issuer: c.iss,
    phone: '',
    issuedAt: c.iat,
    validUntil: c.exp,
    cities: c.body.cities.map((x) => ({ ...x, name: nameOf(x.code) })),
  }
}

/**
 * Checks a served itinerary's claim: signed by a listed key of its issuer, in
 * time, an `it` claim, and saying what the served card says. Never throws.
 */
export function verifyItinerary(it: Itinerary, trustList: TrustList, at: number): Verification {
  try {
    if (!it.claim) throw new NpError('NP_ERR_CLAIM_MISSING', { params: { plugin: 'itinerary', hook: 'getItinerary' } })
    const { claim, kid } = verifySignedClaim(parseSignedClaim(it.claim), trustList, at)
    if (claim.typ !== 'it' || !servedMatchesClaim(claimFromItinerary(it, { kid, iss: claim.iss }), claim))
      throw new NpError('NP_ERR_CLAIM_MISMATCH', {
        params: { plugin: 'itinerary', detail: `a ${claim.typ} claim signed by ${claim.iss}` },
      })
    return { status: 'verified', kid }
  } catch (e) {
    const err = toNpError(e, 'NP_ERR_CLAIM_MALFORMED')
    return { status: 'invalid', code: err.code, message: err.message }
  }
}

/** One city as rules read it (`payload.itinerary.cities[]`). */
export interface ItineraryCityFacts {
  code: string
  /** The province part of the code, e.g. `430000`. */
  province: string
  name: string
  /** ISO date-times (UTC, `Z`). */
  firstSeen: string
  lastSeen: string
  starred: boolean
}

/** The itinerary as rules read it: plain JSON, times as ISO strings. */
export interface ItineraryFacts {
  issuedAt: string
  verified: boolean
  cities: ItineraryCityFacts[]
  /** Codes of the starred cities. */
  starred: string[]
  /**
   * Stays in a city with an area listed by a risk-area list in force at the
   * judging instant (CertLogic cannot join two lists, so the join is made
   * here), most recent first; absent when no lists were given.
   */
  riskStays?: RiskStayFacts[]
}

/** One stay in a city with a listed area, as rules read it. */
export interface RiskStayFacts {
  city: string
  area: string
  areaName: string
  authority: string
  level: 'medium' | 'high'
  lastSeen: string
  /** Whole hours from last seen to the judging instant (a rule compares, e.g. `< 168` for 7 days). */
  hoursAgo: number
}

/**
 * Maps an itinerary to the plain object rule facts carry (`payload.itinerary`).
 * With `risk`, adds the stays in listed areas at `risk.at` (every stay in the 14 days).
 */
export function itineraryFacts(
  it: Itinerary,
  verified: boolean,
  risk?: { lists: readonly RiskAreaList[]; at: number; lang?: 'zh' | 'en' },
): ItineraryFacts {
  const iso = (ms: number) => new Date(ms).toISOString()
  const riskStays = risk
    ? staysInRiskAreas(it.cities, risk.lists, risk.at, ITINERARY_WINDOW_MS).map((x) => ({
        city: x.city,
        area: x.area.code,
        areaName: x.area.name[risk.lang ?? 'zh'],
        authority: x.area.authority,
        level: x.area.level,
        lastSeen: iso(x.lastSeen),
        hoursAgo: Math.floor((risk.at - x.lastSeen) / 3_600_000),
      }))
    : undefined
  return {
    ...(riskStays ? { riskStays } : {}),
    issuedAt: iso(it.issuedAt),
    verified,
    cities: it.cities.map((c) => ({
      code: c.code,
      province: `${c.code.slice(0, 2)}0000`,
      name: c.name,
      firstSeen: iso(c.firstSeen),
      lastSeen: iso(c.lastSeen),
      starred: c.starred,
    })),
    starred: it.cities.filter((c) => c.starred).map((c) => c.code),
  }
}

/**
 * A verified itinerary as the stays rule facts carry (`payload.itinerary` of
 * ./rules/facts.ts): one stay per city, `area` the city's prefecture code
 * (the phone knows cities, not streets), from first to last seen.
 */
export function itineraryStays(it: Itinerary): Stay[] {
  return it.cities.map((c) => ({
    province: `${c.code.slice(0, 2)}0000`,
    area: c.code,
    from: c.firstSeen,
    to: c.lastSeen,
  }))
}

/**
 * The rule value set `riskAreas` (`external.valueSets.riskAreas`): the codes
 * of every area listed at `at` in the verified lists, and of their
 * prefectures, so a rule can ask `{ in: [stay.area, riskAreas] }` of an itinerary stay.
 */
export function riskAreaRuleValueSets(lists: readonly RiskAreaList[], at: number): ValueSets {
  const v = riskAreaValueSet(lists, at)
  return { riskAreas: [...new Set([...v.cities, ...v.codes])].sort() }
}
