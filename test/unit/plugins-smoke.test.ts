/**
 * Smoke test of every plugin against its mock backend, without the host: a
 * minimal ctx (Node axios bound to the plugin's base URL, crypto-js crypto,
 * the real clock, a live AbortSignal, a no-op log) and the DEMO people.
 */
import axios from 'axios'
import { createHmac } from 'node:crypto'
import { parseSignedClaim, decodeClaim } from '../../src/core/claims'
import { decodePlaceCodeClaim, parsePlaceCodePayload, placeCodeVersion } from '../../src/core/placeCode'
import type { Identity, IdentityField } from '../../src/core/model'
import { HealthCodeSchema, parseDomain, TestResultSchema, VenueRefSchema } from '../../src/core/schemas'
import { createPluginCrypto } from '../../src/sdk/context'
import { createNodeHttp } from '../../src/sdk/http'
import type { AnyProvincePlugin } from '../../src/sdk/registry'
import type { PluginContext } from '../../src/sdk/types'
import { demoPerson } from '../../mock/data/people'
import { venuesOf, wuxiDoorbellVenue } from '../../mock/data/venues'
import { startMockServer, type MockServer } from '../../mock/lib/server'
import { allBackends } from '../../mock/provinces'
import { demoPluginConfig, plugins } from '../../plugins'

jest.setTimeout(30_000)

let server: MockServer
let configs: ReturnType<typeof demoPluginConfig>

beforeAll(async () => {
  server = await startMockServer({ backends: allBackends })
  configs = demoPluginConfig(server.url)
})
afterAll(() => server.close())
beforeEach(() => {
  for (const b of allBackends) b.reset?.()
})

/** A session token of `personKey` with the plugin's province, as the host would hold after sign-in. */
function tokenFor(plugin: AnyProvincePlugin, personKey: string): string {
  const now = Date.now()
  const { credential } = server.auth.issueCredential(demoPerson(personKey), now)
  const answer = server.auth.grant(plugin.id, { grant_type: 'authorization_code', code: credential }, now)
  if (!('access_token' in answer)) throw new Error(`no session: ${answer.detail}`)
  return answer.access_token
}

/** A ctx signed in as `personKey` (the host adds the token; here the test does). */
function ctxFor(plugin: AnyProvincePlugin, personKey = 'green'): PluginContext {
  const config = configs[plugin.id]
  const http = createNodeHttp(config)
  http.defaults.headers.common.Authorization = `Bearer ${tokenFor(plugin, personKey)}`
  return {
    http,
    clock: { now: Date.now },
    signal: new AbortController().signal,
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined },
    crypto: createPluginCrypto(),
    config,
  }
}

/** Only the identity fields the plugin declared, as the host hands them. */
function personFor(plugin: AnyProvincePlugin, key: string): Identity {
  const id = demoPerson(key).identity
  const fields: readonly IdentityField[] = plugin.identityFields ?? []
  return Object.fromEntries(fields.map((f) => [f, id[f]])) as unknown as Identity
}

const bySlug = (slug: string): AnyProvincePlugin => {
  const p = plugins.find((x) => x.slug === slug)
  if (!p) throw new Error(`no plugin ${slug}`)
  return p
}

describe('registry', () => {
  it('has all 31 provinces, sorted by code, each with a backend', () => {
    expect(plugins).toHaveLength(31)
    expect(plugins.map((p) => p.id)).toEqual([...plugins.map((p) => p.id)].sort())
    expect(new Set(allBackends.map((b) => b.slug))).toEqual(new Set(plugins.map((p) => p.slug)))
  })
})

describe.each(plugins.map((p) => [p.slug, p] as const))('%s', (_slug, plugin) => {
  it('getHealthCode returns a valid green health code for the green person', async () => {
    const hc = await plugin.getHealthCode!(ctxFor(plugin, 'green'), personFor(plugin, 'green'))
    const parsed = parseDomain(HealthCodeSchema, hc, { plugin: plugin.slug, hook: 'getHealthCode' })
    expect(parsed).toMatchObject({ province: plugin.id, colour: 'green' })
    if (plugin.signs === false) expect(parsed.claim).toBeUndefined()
    else expect(decodeClaim(parseSignedClaim(parsed.claim!).bytes)).toMatchObject({ typ: 'hc', iss: plugin.id })
  })
})

describe('stories', () => {
  it('Hunan shows the conflicted person yellow with its reason; Fujian green', async () => {
    const hunan = bySlug('hunan')
    const hc = await hunan.getHealthCode!(ctxFor(hunan, 'conflicted'), personFor(hunan, 'conflicted'))
    expect(hc.colour).toBe('yellow')
    expect(hc.reason).toMatch(/时空交集/)
    const fujian = bySlug('fujian')
    expect((await fujian.getHealthCode!(ctxFor(fujian, 'conflicted'), personFor(fujian, 'conflicted'))).colour).toBe(
      'green',
    )
  })

  it('Henan shows the depositor red, and the change to red states no reason', async () => {
    const henan = bySlug('henan')
    const hc = await henan.getHealthCode!(ctxFor(henan, 'henan-depositor'), personFor(henan, 'henan-depositor'))
    expect(hc.colour).toBe('red')
    expect(hc.reason).toBeUndefined()
    expect(hc.history.at(-1)).toEqual({ colour: 'red', at: expect.any(Number) })
  })

  it('Sichuan follows pages to collect all four tests of the green person', async () => {
    const sichuan = bySlug('sichuan')
    const tests = await sichuan.getTestResults!(ctxFor(sichuan, 'green'), personFor(sichuan, 'green'), { since: 0 })
    expect(tests.map((t) => t.sampleId).sort()).toEqual([
      'SC510104-1001',
      'SC510104-1002',
      'SC510104-1003',
      'SC510104-1004',
    ])
    for (const t of tests) parseDomain(TestResultSchema, t, { plugin: 'sichuan', hook: 'getTestResults' })
  })

  it('Beijing reports a pending test without a report time, and a pop-up for the pooled person', async () => {
    const beijing = bySlug('beijing')
    const tests = await beijing.getTestResults!(
      ctxFor(beijing, 'beijing-pending'),
      personFor(beijing, 'beijing-pending'),
      { since: 0 },
    )
    expect(tests.find((t) => t.outcome === 'pending')).not.toHaveProperty('reportedAt')
    expect(tests.filter((t) => t.outcome === 'negative')).toHaveLength(1)
    const hc = await beijing.getHealthCode!(ctxFor(beijing, 'pooled'), personFor(beijing, 'pooled'))
    expect(hc.popUps).toEqual([expect.objectContaining({ type: 'test-required', howToClear: expect.any(String) })])
  })

  it('the pooled sample is reported by Jiangsu and Shanghai under the same sampleId', async () => {
    const [js, sh] = [bySlug('jiangsu'), bySlug('shanghai')]
    const a = await js.getTestResults!(ctxFor(js, 'pooled'), personFor(js, 'pooled'), { since: 0 })
    const b = await sh.getTestResults!(ctxFor(sh, 'pooled'), personFor(sh, 'pooled'), { since: 0 })
    expect(a).toHaveLength(1)
    expect(b.map((t) => [t.sampleId, t.pooled, t.province])).toEqual(a.map((t) => [t.sampleId, true, '320000']))
  })

  it('late-report: sampled 25.5 h before, reported 1.5 h before', async () => {
    const gd = bySlug('guangdong')
    const now = Date.now()
    const [t] = await gd.getTestResults!(ctxFor(gd, 'late-report'), personFor(gd, 'late-report'), {
      since: now - 48 * 3_600_000,
    })
    expect((now - t.sampledAt) / 3_600_000).toBeCloseTo(25.5, 1)
    expect((now - t.reportedAt!) / 3_600_000).toBeCloseTo(1.5, 1)
  })

  it('Jiangsu recognises the Wuxi 门铃码 and its own legacy 场所码, and checks in there once', async () => {
    const js = bySlug('jiangsu')
    const venue = js.recognizePlaceCode!(wuxiDoorbellVenue.legacyCode!)
    expect(venue).toEqual({
      province: '320000',
      venueId: wuxiDoorbellVenue.venueId,
      name: wuxiDoorbellVenue.name,
      source: 'legacy',
    })
    parseDomain(VenueRefSchema, venue, { plugin: 'jiangsu', hook: 'recognizePlaceCode' })
    const legacy = venuesOf('320000').find((v) => v.venueId.startsWith('JS3'))!
    expect(js.recognizePlaceCode!(legacy.legacyCode!)).toMatchObject({ venueId: legacy.venueId, name: legacy.name })
    expect(js.recognizePlaceCode!('https://example.com/not-a-place')).toBeNull()

    const options = { idempotencyKey: 'smoke-wuxi-1', at: Date.now() }
    const first = await js.checkIn!(ctxFor(js), venue!, personFor(js, 'green'), options)
    const again = await js.checkIn!(ctxFor(js), venue!, personFor(js, 'green'), options)
    expect([first.duplicate, again.duplicate, again.receiptId]).toEqual([false, true, first.receiptId])
    const admin = await axios.get(`${server.url}/jiangsu/__admin/checkins`)
    expect(admin.data.count).toBe(1)
  })

  it('Guangdong rejects a replayed nonce and a stale timestamp', async () => {
    const post = (timestamp: number, nonce: string) => {
      const body = JSON.stringify({})
      const sign = createHmac('sha256', 'np-demo-guangdong-secret').update(`${timestamp}${nonce}${body}`).digest('hex')
      const headers = {
        'content-type': 'application/json',
        'x-gd-appid': 'x',
        'x-gd-timestamp': String(timestamp),
        'x-gd-nonce': nonce,
        'x-gd-sign': sign,
      }
      return axios.post(`${server.url}/guangdong/ykm/open/v2/rules`, body, { headers })
    }
    expect((await post(Date.now(), 'n-1')).data.code).toBe(0)
    expect((await post(Date.now(), 'n-1')).data.code).toBe(10003)
    expect((await post(Date.now() - 6 * 60_000, 'n-2')).data.code).toBe(10002)
  })

  it('Hainan retries once on its deterministic 503 and still answers within its deadline', async () => {
    const hainan = bySlug('hainan')
    const ctx = ctxFor(hainan)
    const started = Date.now()
    for (let i = 0; i < 3; i++) await hainan.getHealthCode!(ctx, personFor(hainan, 'green'))
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 800)
    expect(hainan.timeoutMs).toBeGreaterThanOrEqual(2 * 800)
  })

  it('Hainan answers three concurrent calls (a pass refresh): only one request in three is a 503', async () => {
    const hainan = bySlug('hainan')
    const person = personFor(hainan, 'green')
    const [code, tests, doses] = await Promise.all([
      hainan.getHealthCode!(ctxFor(hainan), person),
      hainan.getTestResults!(ctxFor(hainan), person, { since: 0 }),
      hainan.getVaccinations!(ctxFor(hainan), person),
    ])
    expect(code.colour).toBe('green')
    expect(Array.isArray(tests)).toBe(true)
    expect(Array.isArray(doses)).toBe(true)
  })

  it('Shandong takes an arrival declaration once per idempotency key', async () => {
    const sd = bySlug('shandong')
    const form = await sd.declarationForm!(ctxFor(sd))
    expect(form.fields.map((f) => f.key)).toContain('arrivalDate')
    const answers = {
      arrivalDate: '2026-12-01',
      fromCity: '北京',
      transport: 'train',
      destinationAddress: '济南市历下区',
      contactPhone: '13900000101',
      symptoms: 'false',
    }
    const person = personFor(sd, 'green')
    const a = await sd.submitDeclaration!(ctxFor(sd), person, answers, { idempotencyKey: 'decl-1' })
    const b = await sd.submitDeclaration!(ctxFor(sd), person, answers, { idempotencyKey: 'decl-1' })
    expect([a.duplicate, b.duplicate, b.receiptId]).toEqual([false, true, a.receiptId])
    await expect(
      sd.submitDeclaration!(ctxFor(sd), person, { ...answers, transport: 'boat' }, { idempotencyKey: 'decl-2' }),
    ).rejects.toMatchObject({
      code: 'NP_ERR_BACKEND',
    })
  })

  it('registerVenue returns a signed venue claim from hand-written and standard backends; the unsigned one has none', async () => {
    for (const slug of ['guangdong', 'shanghai', 'zhejiang']) {
      const p = bySlug(slug)
      const r = await p.registerVenue!(ctxFor(p), { name: '测试场所', address: '测试路1号' })
      // What provinces sign now: a v2 place-code (id and name, no address).
      expect(placeCodeVersion(parsePlaceCodePayload(r.claim).bytes)).toBe(2)
      expect(decodePlaceCodeClaim(parsePlaceCodePayload(r.claim).bytes)).toMatchObject({
        typ: 'venue',
        iss: p.id,
        body: { venueId: r.venueId },
      })
    }
    expect(bySlug('tibet').registerVenue).toBeUndefined()
  })

  it("an unknown person is refused like any person not one's own (403: nothing revealed)", async () => {
    const gd = bySlug('guangdong')
    const stranger = { name: '无名氏', idNumber: '11010519491231002X' } as Identity
    await expect(gd.getHealthCode!(ctxFor(gd), stranger)).rejects.toMatchObject({
      code: 'NP_ERR_HTTP_STATUS',
      params: { status: 403 },
    })
  })

  it('without a session token every hand-written and standard backend refuses personal data with 401', async () => {
    for (const p of plugins) {
      const bare = { ...ctxFor(p), http: createNodeHttp(configs[p.id]) }
      await expect(p.getHealthCode!(bare, personFor(p, 'green'))).rejects.toMatchObject({
        code: 'NP_ERR_HTTP_STATUS',
        params: { status: 401 },
      })
    }
  })
})
