/**
 * The national platform end to end against its mock backend over real HTTP:
 * the national code, the itinerary card and risk-area lists are fetched
 * through the host, validated and verified against the demo trust list; the
 * itinerary travels in a pass QR as an `it` claim a guard can read; rules
 * facts map it; a demo rule refuses a stay in a listed area within 7 days.
 */
import { type CertLogicExpression, evaluate as certlogic } from 'certlogic-js'
import { demoPerson } from '../../mock/data/people'
import { buildDemoTrustList, demoKeyFor } from '../../mock/keys'
import { nationalBackend, riskAreaListFor } from '../../mock/national/backend'
import { type MockServer, startMockServer } from '../../mock/lib/server'
import national from '../../plugins/national'
import { authorities, demoAuthorityConfig } from '../../plugins/authorities'
import { prefectureName } from '../../src/core/authorities'
import {
  decodeClaim,
  type ItineraryClaim,
  parseSignedClaim,
  serializeSignedClaim,
  signClaim,
} from '../../src/core/claims'
import {
  claimFromItinerary,
  type Itinerary,
  itineraryFacts,
  itineraryFromClaim,
  itineraryStays,
  NATIONAL_AUTHORITY,
  riskAreaRuleValueSets,
  verifyItinerary,
} from '../../src/core/itinerary'
import type { Identity } from '../../src/core/model'
import { decodePass, encodePass, verifyPass } from '../../src/core/passCodec'
import { ROOT_PUBLIC_KEY } from '../../src/core/rootKey'
import {
  type RiskAreaList,
  riskAreaValueSet,
  signRiskAreaList,
  staysInRiskAreas,
  verifyRiskAreaList,
} from '../../src/core/riskAreas'
import { buildFacts } from '../../src/core/rules/facts'
import { verifyTrustList } from '../../src/core/trustList'
import { createHost, createRegistry, type Host, memorySessionStore } from '../../src/sdk/host'
import { createNodeHttp } from '../../src/sdk/http'
import { codeOf } from './codeOf'

const H = 3_600_000
const D = 24 * H
let server: MockServer
let host: Host
let fault = ''
const trustList = () => verifyTrustList(buildDemoTrustList(Date.now()), ROOT_PUBLIC_KEY)
const sessions = memorySessionStore()
let signedIn = 'green'
/**
 * The person `key`, signed in as them: the national platform, like the
 * provinces, answers personal requests only with that person's session token
 * (the host signs in through the plugin's `signIn` with a DEMO credential).
 */
const person = (key: string): Identity => {
  if (key !== signedIn) sessions.map.clear()
  signedIn = key
  return demoPerson(key).identity
}
/** The DEMO super-app credential of whoever is signed in. */
async function credential() {
  const res = await fetch(`${server.url}/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `demo-${signedIn}` }),
  })
  const body = (await res.json()) as { credential: string; expiresAt: number }
  return { kind: 'super-app' as const, code: String(body.credential), expiresAt: Number(body.expiresAt) }
}

beforeAll(async () => {
  server = await startMockServer({ backends: [] })
  const configs = demoAuthorityConfig(server.url)
  host = createHost({
    registry: createRegistry([national]),
    httpFactory: (config) => {
      const http = createNodeHttp(config)
      http.interceptors.request.use((r) => {
        if (fault) r.headers.set('x-np-fault', fault)
        return r
      })
      return http
    },
    clock: { now: () => Date.now() },
    configFor: (id) => configs[id],
    consent: () => true,
    auth: { sessions, credential },
  })
})
afterAll(() => server?.close())
afterEach(() => {
  fault = ''
})

const data = <T>(r: { data: T } | { error: { code: string; message: string } }): T => {
  if ('error' in r) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.data
}

describe('the national platform plugin', () => {
  test('is registered beside the 31 provinces as kind national, with a contact', () => {
    expect(authorities).toHaveLength(32)
    expect(authorities[31]).toMatchObject({
      id: NATIONAL_AUTHORITY,
      kind: 'national',
      contact: { serviceHotline: '12345' },
    })
    expect(() => createRegistry(authorities)).not.toThrow()
    expect(nationalBackend.province).toBe(NATIONAL_AUTHORITY)
  })

  test('the registry refuses a malformed kind or contact', () => {
    expect(codeOf(() => createRegistry([{ ...national, kind: 'county' as never }]))).toBe('NP_ERR_PLUGIN_INVALID')
    expect(codeOf(() => createRegistry([{ ...national, contact: { hotline: '1' } as never }]))).toBe(
      'NP_ERR_PLUGIN_INVALID',
    )
  })

  test('the national code verifies against the trust list (key cn1) and disagrees with the province', async () => {
    const code = data(await host.call(NATIONAL_AUTHORITY, 'getHealthCode', person('national-yellow')))
    expect(code).toMatchObject({ province: NATIONAL_AUTHORITY, colour: 'yellow' })
    expect(code.reason).toMatch(/长沙/)
    expect(host.verifyClaims(NATIONAL_AUTHORITY, 'getHealthCode', code, trustList())).toEqual([
      { status: 'verified', kid: 'cn1' },
    ])
    const green = data(await host.call(NATIONAL_AUTHORITY, 'getHealthCode', person('green')))
    expect(green.colour).toBe('green')
  })

  test('a forged national code is invalid', async () => {
    fault = 'badsig'
    const code = data(await host.call(NATIONAL_AUTHORITY, 'getHealthCode', person('green')))
    expect(host.verifyClaims(NATIONAL_AUTHORITY, 'getHealthCode', code, trustList())[0]).toMatchObject({
      status: 'invalid',
      code: 'NP_ERR_SIGNATURE_INVALID',
    })
  })

  test('the itinerary card: cities with prefecture codes, a starred city, issued now, signed and verified', async () => {
    const before = Date.now()
    const it = data(await host.call(NATIONAL_AUTHORITY, 'getItinerary', person('conflicted')))
    expect(it.phone).toBe('139****0202')
    expect(it.issuedAt).toBeGreaterThanOrEqual(before - 1000)
    expect(it.cities.map((c) => [c.code, c.name, c.starred])).toEqual([
      ['350100', '福建省福州市', false],
      ['430100', '湖南省长沙市', true],
    ])
    for (const c of it.cities) {
      expect(c.firstSeen).toBeLessThanOrEqual(c.lastSeen)
      expect(it.issuedAt - c.firstSeen).toBeLessThanOrEqual(14 * D)
    }
    expect(verifyItinerary(it, trustList(), Date.now())).toEqual({ status: 'verified', kid: 'cn1' })
  })

  test('an itinerary that says something else than its claim, or a forged one, is invalid', async () => {
    const it = data(await host.call(NATIONAL_AUTHORITY, 'getItinerary', person('conflicted')))
    const unstarred = { ...it, cities: it.cities.map((c) => ({ ...c, starred: false })) }
    expect(verifyItinerary(unstarred, trustList(), Date.now())).toMatchObject({
      status: 'invalid',
      code: 'NP_ERR_CLAIM_MISMATCH',
    })
    expect(verifyItinerary({ ...it, claim: undefined }, trustList(), Date.now())).toMatchObject({
      code: 'NP_ERR_CLAIM_MISSING',
    })
    fault = 'badsig'
    const forged = data(await host.call(NATIONAL_AUTHORITY, 'getItinerary', person('conflicted')))
    expect(verifyItinerary(forged, trustList(), Date.now())).toMatchObject({ code: 'NP_ERR_SIGNATURE_INVALID' })
  })

  test('someone the signed-in person may not see is a typed refusal, not an empty itinerary', async () => {
    const r = await host.call(NATIONAL_AUTHORITY, 'getItinerary', {
      ...person('green'),
      idNumber: '110101199001011237',
    })
    expect('error' in r && r.error.code).toBe('NP_ERR_AUTH_FORBIDDEN')
  })

  test('personal requests need the person’s session token, like the provinces’; risk-area lists are public', async () => {
    const post = (path: string, body: object) =>
      fetch(`${server.url}/national-platform${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const { name, idNumber, phone } = demoPerson('conflicted').identity
    expect((await post('/api/v1/itinerary', { name, idNumber, phone })).status).toBe(401)
    expect((await post('/api/v1/health-code', { name, idNumber })).status).toBe(401)
    const lists = await fetch(`${server.url}/national-platform/api/v1/risk-areas?authority=430000`)
    expect(lists.status).toBe(200)
  })

  test('risk-area lists: one per authority, signed by that authority’s key, dated', async () => {
    const tl = trustList()
    const hunan = verifyRiskAreaList(
      data(await host.call(NATIONAL_AUTHORITY, 'getRiskAreas', { authority: '430000' })),
      tl,
    )
    expect(hunan.authority).toBe('430000')
    expect(hunan.validFrom).toBeLessThanOrEqual(Date.now())
    expect(hunan.validUntil).toBeGreaterThan(Date.now())
    expect(hunan.areas.map((a) => [a.code, a.level])).toEqual([
      ['430102', 'high'],
      ['430104', 'medium'],
    ])
    const nationalList = data(await host.call(NATIONAL_AUTHORITY, 'getRiskAreas', { authority: NATIONAL_AUTHORITY }))
    expect(nationalList.kid).toBe('cn1')
    expect(verifyRiskAreaList(nationalList, tl).areas).toHaveLength(1)
    fault = 'badsig'
    const forged = data(await host.call(NATIONAL_AUTHORITY, 'getRiskAreas', { authority: '430000' }))
    expect(codeOf(() => verifyRiskAreaList(forged, tl))).toBe('NP_ERR_SIGNATURE_INVALID')
  })

  test('a list signed by another authority’s key, or by an unknown key, is refused', () => {
    const list = JSON.parse(riskAreaListFor('430000', Date.now()).payload) as RiskAreaList
    const byHubei = signRiskAreaList(list, demoKeyFor('420000').secretKey, demoKeyFor('420000').kid)
    expect(codeOf(() => verifyRiskAreaList(byHubei, trustList()))).toBe('NP_ERR_KEY_WRONG_PROVINCE')
    expect(codeOf(() => verifyRiskAreaList({ ...byHubei, kid: 'zz9' }, trustList()))).toBe('NP_ERR_KEY_UNKNOWN')
    const garbage = signRiskAreaList(
      { ...list, areas: [{ code: 'x' }] } as never,
      demoKeyFor('430000').secretKey,
      'hn1',
    )
    expect(codeOf(() => verifyRiskAreaList(garbage, trustList()))).toBe('NP_ERR_VALIDATION')
  })
})

describe('the itinerary claim (`it`)', () => {
  const T = Date.UTC(2022, 2, 15, 2, 0, 0)
  const it: Itinerary = {
    issuer: 'x',
    phone: '139****0202',
    issuedAt: T,
    validUntil: T + D,
    cities: [
      { code: '350100', name: '福州', firstSeen: T - 36 * H, lastSeen: T - 10 * 60_000, starred: false },
      { code: '430100', name: '长沙', firstSeen: T - 4 * D, lastSeen: T - 2 * D, starred: true },
    ],
  }
  const holder = { maskedName: '周*静', idTail: '026X' }

  test('round-trips at minute precision and costs a few bytes per city', () => {
    const claim = claimFromItinerary(it, { kid: 'cn1', iss: NATIONAL_AUTHORITY, holder })
    const sc = signClaim(claim, demoKeyFor(NATIONAL_AUTHORITY).secretKey)
    const back = decodeClaim(sc.bytes) as ItineraryClaim
    expect(back).toEqual(claim)
    const empty = signClaim({ ...claim, body: { cities: [] } }, demoKeyFor(NATIONAL_AUTHORITY).secretKey)
    expect((sc.bytes.length - empty.bytes.length) / 2).toBeLessThanOrEqual(9)
    expect(itineraryFromClaim(back, (c) => prefectureName(c, 'zh')).cities.map((c) => [c.name, c.starred])).toEqual([
      ['福建省福州市', false],
      ['湖南省长沙市', true],
    ])
  })

  test('a last-seen after issue, or a stay that ends before it starts, cannot be encoded', () => {
    const later = { ...it, cities: [{ ...it.cities[0], lastSeen: T + H }] }
    expect(
      codeOf(() => signClaim(claimFromItinerary(later, { kid: 'cn1', iss: NATIONAL_AUTHORITY }), new Uint8Array(32))),
    ).toBe('NP_ERR_VALIDATION')
    const backwards = { ...it, cities: [{ ...it.cities[0], firstSeen: T - 5 * 60_000, lastSeen: T - 10 * 60_000 }] }
    expect(
      codeOf(() =>
        signClaim(claimFromItinerary(backwards, { kid: 'cn1', iss: NATIONAL_AUTHORITY }), new Uint8Array(32)),
      ),
    ).toBe('NP_ERR_VALIDATION')
  })

  test('travels in the pass QR (format unchanged) and verifies for a guard', async () => {
    const live = data(await host.call(NATIONAL_AUTHORITY, 'getItinerary', person('conflicted')))
    const code = data(await host.call(NATIONAL_AUTHORITY, 'getHealthCode', person('conflicted')))
    const h = { maskedName: '周*静', idTail: person('conflicted').idNumber.slice(-4) }
    const text = encodePass({ v: 1, holder: h, claims: [parseSignedClaim(code.claim!), parseSignedClaim(live.claim!)] })
    expect(text.startsWith('NP1:')).toBe(true)
    const check = verifyPass(text, trustList(), Date.now())
    expect(check.valid).toBe(true)
    const itClaim = decodePass(text).decoded.find((c): c is ItineraryClaim => c.typ === 'it')!
    expect(itClaim.body.cities.filter((c) => c.starred).map((c) => c.code)).toEqual(['430100'])
    // The claim round-trips byte for byte inside the pass.
    expect(serializeSignedClaim(check.claims[1].signed)).toBe(live.claim)
  })
})

describe('rule facts: itinerary and risk areas', () => {
  const now = Date.now()
  const lists = ['430000', '110000', NATIONAL_AUTHORITY].map((a) =>
    verifyRiskAreaList(riskAreaListFor(a, now), trustList()),
  )

  test('itineraryFacts is plain JSON with ISO times, the province of each city, starred codes', async () => {
    const it = data(await host.call(NATIONAL_AUTHORITY, 'getItinerary', person('conflicted')))
    const facts = itineraryFacts(it, true)
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts)
    expect(facts).toMatchObject({
      verified: true,
      starred: ['430100'],
      cities: [
        { code: '350100', province: '350000', starred: false },
        { code: '430100', province: '430000', starred: true, name: '湖南省长沙市' },
      ],
    })
    expect(facts.cities[1].lastSeen).toBe(new Date(it.cities[1].lastSeen).toISOString())
    expect(facts.riskStays).toBeUndefined()
  })

  test('riskAreaValueSet lists areas in force at the instant; a lifted or not-yet-listed area is out', () => {
    const vs = riskAreaValueSet(lists, now)
    expect(vs.codes.sort()).toEqual(['110105', '430102', '430104'])
    expect(vs.cities.sort()).toEqual(['110100', '430100'])
    // Beijing's Panjiayuan is lifted in 3 days; Hunan's lists stop being in force after a day.
    expect(riskAreaValueSet(lists, now + 3 * D + H).codes).toEqual([])
    expect(riskAreaValueSet(lists, now - 6 * D).codes).toEqual([])
  })

  test('buildFacts carries the itinerary as stays (payload.itinerary) and the riskAreas value set', async () => {
    const it = data(await host.call(NATIONAL_AUTHORITY, 'getItinerary', person('conflicted')))
    const facts = buildFacts({
      codes: [],
      tests: [],
      vaccinations: [],
      declarations: [],
      itinerary: itineraryStays(it),
      person: { birthDate: '1990-01-01' },
      destination: '110000',
      at: now,
      valueSets: riskAreaRuleValueSets(lists, now),
    })
    expect(facts.external.valueSets.riskAreas).toEqual(['110100', '110105', '430100', '430102', '430104'])
    const stays = facts.payload.itinerary as Array<{ province: string; area: string | null }>
    expect(stays.map((x) => x.area)).toEqual(expect.arrayContaining(['430100']))
    expect(stays.find((x) => x.area === '430100')?.province).toBe('430000')
    // A rule can ask whether a stay was in a city with a listed area.
    const i = stays.findIndex((x) => x.area === '430100')
    const listed: CertLogicExpression = {
      in: [{ var: `payload.itinerary.${i}.area` }, { var: 'external.valueSets.riskAreas' }],
    }
    expect(certlogic(listed, facts)).toBe(true)
    expect(certlogic(listed, { ...facts, external: { ...facts.external, valueSets: { riskAreas: [] } } })).toBe(false)
  })

  const rule: CertLogicExpression = {
    if: [
      {
        reduce: [
          { var: 'payload.itinerary.riskStays' },
          { if: [{ var: 'accumulator' }, true, { '<': [{ var: 'current.hoursAgo' }, 168] }] },
          false,
        ],
      },
      false,
      true,
    ],
  }

  test('demo rule "no stay in a listed area within 7 days" refuses the Changsha stay and names the area and until when', async () => {
    const it = data(await host.call(NATIONAL_AUTHORITY, 'getItinerary', person('conflicted')))
    const facts = { payload: { itinerary: itineraryFacts(it, true, { lists, at: now }) } }
    expect(certlogic(rule, facts)).toBe(false)
    const [stay] = staysInRiskAreas(it.cities, lists, now, 7 * D)
    expect(stay.area.name.zh).toBe('湖南省长沙市芙蓉区五一广场街道')
    expect(stay.countsUntil).toBe(it.cities[1].lastSeen + 7 * D)
    // After those 7 days the same itinerary passes (judged with the lists in force then).
    const later = stay.countsUntil + H
    const laterLists = ['430000', NATIONAL_AUTHORITY].map((a) =>
      verifyRiskAreaList(riskAreaListFor(a, later), trustList()),
    )
    expect(
      certlogic(rule, { payload: { itinerary: itineraryFacts(it, true, { lists: laterLists, at: later }) } }),
    ).toBe(true)
  })

  test('the same rule admits a traveller who stayed only at home', async () => {
    const it = data(await host.call(NATIONAL_AUTHORITY, 'getItinerary', person('green')))
    expect(it.cities.map((c) => c.code)).toEqual(['510100'])
    expect(certlogic(rule, { payload: { itinerary: itineraryFacts(it, true, { lists, at: now }) } })).toBe(true)
  })
})
