/**
 * Mock Hainan (海南省) health-code API: slow and flaky on purpose. Every
 * request takes {@link HAINAN_DELAY_MS}; every {@link HAINAN_503_EVERY}th
 * request (counted since the last reset, admin routes excluded) answers
 * HTTP 503 without doing anything. Answers `{ retCode, retMsg, retData }`
 * (retCode 0 = ok); camelCase fields, ISO times with +08:00.
 */
import type { DemoPerson } from '../data/people'
import {
  delay,
  findPerson,
  jsonBody,
  provinceStores,
  recordsFor,
  registerVenue,
  rulesFor,
  storeCheckIn,
  str,
} from '../lib/province'
import { isoBeijing } from '../lib/standardBackend'
import type { MockBackend, MockEnv, MockRequest, MockResponse } from '../lib/types'

const PROVINCE = '460000'
/** Latency of every Hainan request. */
export const HAINAN_DELAY_MS = 800
/** Every how many requests one is answered 503. */
export const HAINAN_503_EVERY = 3

const ok = (retData: unknown): MockResponse => ({ status: 200, body: { retCode: 0, retMsg: 'OK', retData } })
const fail = (retCode: number, retMsg: string): MockResponse => ({
  status: 200,
  body: { retCode, retMsg, retData: null },
})
const unavailable: MockResponse = {
  status: 503,
  headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '1' },
  body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>',
}

function createBackend(): MockBackend {
  const stores = provinceStores(PROVINCE, 'HI')
  let requests = 0

  function answer(req: MockRequest, env: MockEnv): MockResponse {
    if (req.method === 'GET' && req.path === '/hnjkm/api/policy/entry') return ok(rulesFor(PROVINCE))
    if (req.method !== 'POST')
      return { status: 404, body: { retCode: 404, retMsg: `no route ${req.path}`, retData: null } }
    const b = jsonBody(req)
    if (!b) return fail(400, '请求体须为 JSON')
    if (req.path === '/hnjkm/api/place/apply') {
      const v = registerVenue(env, PROVINCE, stores, str(b, 'placeName'), str(b, 'placeAddress'))
      return v ? ok({ placeNo: v.venueId, placeSign: v.claim }) : fail(401, 'placeName/placeAddress 必填')
    }
    const p = findPerson({ name: str(b, 'realName'), idNumber: str(b, 'certNo') })
    return p ? personal(req.path, p, b, env) : fail(404, '用户未申领海南健康码')
  }

  function personal(path: string, p: DemoPerson, b: Record<string, unknown>, env: MockEnv): MockResponse {
    switch (path) {
      case '/hnjkm/api/code/status': {
        const hc = recordsFor(env, PROVINCE, p).healthCode
        return ok({
          healthColor: hc.colour,
          colorCause: hc.reason ?? '',
          validFrom: isoBeijing(hc.issuedAt),
          validTo: isoBeijing(hc.validUntil),
          colorLog: hc.history.map((h) => ({
            healthColor: h.colour,
            logTime: isoBeijing(h.at),
            colorCause: h.reason ?? '',
          })),
          tips: hc.popUps,
          codeSign: hc.claim ?? '',
        })
      }
      case '/hnjkm/api/nat/records': {
        const since = Date.parse(str(b, 'startTime') ?? '')
        return ok(
          recordsFor(env, PROVINCE, p, { since }).tests.map((t) => ({
            sampleCode: t.sampleId,
            natType: t.kind,
            natResult: t.outcome,
            sampleTime: isoBeijing(t.sampledAt),
            resultTime: t.reportedAt === undefined ? '' : isoBeijing(t.reportedAt),
            poolFlag: t.pooled,
            labName: t.lab,
            sampleProvince: t.province,
            recordSign: t.claim ?? '',
          })),
        )
      }
      case '/hnjkm/api/vaccine/records':
        return ok(
          recordsFor(env, PROVINCE, p).vaccinations.map((v) => ({
            doseNo: v.dose,
            vaccineName: v.product,
            producer: v.manufacturer,
            vaccinateTime: isoBeijing(v.at),
            vaccinateProvince: v.province,
            recordSign: v.claim ?? '',
          })),
        )
      case '/hnjkm/api/place/scan': {
        const scanId = str(b, 'scanId')
        const scanTime = Date.parse(str(b, 'scanTime') ?? '')
        if (!scanId || Number.isNaN(scanTime)) return fail(401, 'scanId/scanTime 必填')
        const r = storeCheckIn(stores, p, str(b, 'placeNo') ?? '', scanId, scanTime, env.now())
        return r
          ? ok({ scanNo: r.receiptId, serverTime: isoBeijing(r.at), repeated: r.duplicate })
          : fail(404, '场所不存在')
      }
      default:
        return { status: 404, body: { retCode: 404, retMsg: `no route ${path}`, retData: null } }
    }
  }

  return {
    slug: 'hainan',
    province: PROVINCE,
    reset() {
      stores.reset()
      requests = 0
    },
    async handle(req, env) {
      const admin = stores.admin(req)
      if (admin) return admin
      // Number the request on arrival: concurrent requests share the counter during the delay.
      requests += 1
      const n = requests
      await delay(HAINAN_DELAY_MS)
      if (n % HAINAN_503_EVERY === 0) return unavailable
      return answer(req, env)
    },
  }
}

/** The Hainan mock backend. */
export const hainanBackend: MockBackend = createBackend()
