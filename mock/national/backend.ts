/**
 * DEMO mock of the national platform (国家政务服务平台): the national code
 * (防疫健康信息码), the itinerary card (通信行程卡) and every authority's
 * signed list of medium/high-risk areas. Served by the one mock server under
 * `/national-platform/...`; signs with the DEMO key `cn1` (authority 100000),
 * which the demo trust list vouches for; risk-area lists of a province are
 * signed with that province's own DEMO key.
 *
 * Every answer is `{ code: 0, msg: 'ok', data }` or `{ code: <n>, msg }`, HTTP 200.
 *
 * | route                      | body / query                          |
 * |----------------------------|---------------------------------------|
 * | POST /api/v1/health-code   | `{ name, idNumber }`                  |
 * | POST /api/v1/itinerary     | `{ name, idNumber, phone }`           |
 * | GET  /api/v1/risk-areas    | `?authority=<six digits>`             |
 */
import { prefectureName } from '../../src/core/authorities'
import { serializeSignedClaim, signClaim } from '../../src/core/claims'
import { claimFromItinerary, type Itinerary, NATIONAL_AUTHORITY } from '../../src/core/itinerary'
import { type RiskAreaList, signRiskAreaList } from '../../src/core/riskAreas'
import type { DemoPerson } from '../data/people'
import { demoKeyFor } from '../keys'
import type { HealthCode } from '../../src/core/model'
import { ClaimSigner, findPerson, HEALTH_CODE_VALIDITY_MS, holderOf, jsonBody, str } from '../lib/province'
import type { MockBackend, MockEnv, MockRequest, MockResponse } from '../lib/types'
import { riskAreasOf, staysOf } from './data'

export const NATIONAL_SLUG = 'national-platform'
const H = 3_600_000
/** The itinerary card is valid for a day (the app refreshes it with the pass). */
export const ITINERARY_VALIDITY_MS = 24 * H
/** A risk-area list is in force for a day from the hour it was published. */
export const RISK_LIST_VALIDITY_MS = 24 * H

const ok = (data: unknown): MockResponse => ({ status: 200, body: { code: 0, msg: 'ok', data } })
const fail = (code: number, msg: string): MockResponse => ({ status: 200, body: { code, msg } })

/** `139****0202`: how the itinerary card shows the phone. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****'
}

/** The person's itinerary at `now`, unsigned. */
export function itineraryFor(person: DemoPerson, now: number): Itinerary {
  return {
    issuer: '中国信息通信研究院 (通信行程卡) · 国家政务服务平台',
    phone: maskPhone(person.identity.phone),
    issuedAt: now,
    validUntil: now + ITINERARY_VALIDITY_MS,
    cities: staysOf(person).map((s) => ({
      code: s.code,
      name: prefectureName(s.code, 'zh'),
      firstSeen: now - s.firstAgo,
      lastSeen: now - s.lastAgo,
      starred: s.starred === true,
    })),
  }
}

/** Signs with the env key (honouring the `badsig` fault like the province backends). */
function signed(env: MockEnv, it: Itinerary, person: DemoPerson): Itinerary {
  const sc = signClaim(
    claimFromItinerary(it, { kid: env.key.kid, iss: NATIONAL_AUTHORITY, holder: holderOf(person) }),
    env.key.secretKey,
  )
  if (env.fault === 'badsig') sc.sig[0] ^= 0x01
  return { ...it, claim: serializeSignedClaim(sc) }
}

/** The signed list `authority` publishes at `now` (the hour it falls in starts its validity). */
export function riskAreaListFor(authority: string, now: number, fault: MockEnv['fault'] = 'none') {
  const key = demoKeyFor(authority)
  const hour = Math.floor(now / H) * H
  const list: RiskAreaList = {
    authority,
    version: Math.floor(hour / H),
    issuedAt: hour,
    validFrom: hour,
    validUntil: hour + RISK_LIST_VALIDITY_MS,
    areas: riskAreasOf(authority, now),
  }
  const s = signRiskAreaList(list, key.secretKey, key.kid)
  return fault === 'badsig' ? { ...s, sig: `${s.sig[0] === 'A' ? 'B' : 'A'}${s.sig.slice(1)}` } : s
}

function personOf(req: MockRequest): DemoPerson | undefined {
  const body = jsonBody(req)
  return findPerson({ name: str(body, 'name'), idNumber: str(body, 'idNumber'), phone: str(body, 'phone') })
}

/** The national platform's mock backend. */
export const nationalBackend: MockBackend = {
  slug: NATIONAL_SLUG,
  province: NATIONAL_AUTHORITY,
  handle(req, env) {
    const route = `${req.method} ${req.path}`
    const now = env.now()
    if (route === 'POST /api/v1/health-code') {
      const person = personOf(req)
      if (!person) return fail(4004, '未查询到该人员 · no such person')
      const s = person.code(NATIONAL_AUTHORITY, now)
      const hc: HealthCode = {
        province: NATIONAL_AUTHORITY,
        issuer: '国家政务服务平台 (防疫健康信息码)',
        colour: s.colour,
        ...(s.reason !== undefined ? { reason: s.reason } : {}),
        issuedAt: now,
        validUntil: now + HEALTH_CODE_VALIDITY_MS,
        history: s.history,
        popUps: s.popUps,
      }
      return ok(new ClaimSigner(env, NATIONAL_AUTHORITY).healthCode(hc, person))
    }
    if (route === 'POST /api/v1/itinerary') {
      const person = personOf(req)
      if (!person) return fail(4004, '未查询到该号码的行程 · no itinerary for this phone')
      return ok(signed(env, itineraryFor(person, now), person))
    }
    if (route === 'GET /api/v1/risk-areas') {
      const authority = req.query.get('authority') ?? NATIONAL_AUTHORITY
      try {
        return ok(riskAreaListFor(authority, now, env.fault))
      } catch {
        // demoKeyFor throws for an authority with no DEMO key.
        return fail(4040, `no risk-area list for ${authority}`)
      }
    }
    return { status: 404, body: { code: 404, msg: `no route ${route}` } }
  },
}
