/**
 * Mock Hunan (湖南省) 居民健康码 API. Requests are form-encoded
 * (`application/x-www-form-urlencoded`) and name the person by name, ID
 * number and phone; answers are `{ resultCode, resultMsg, resultData }`
 * (`0000` = ok), colours are codes (`01` green, `02` yellow, `03` red) and
 * times are `YYYY/MM/DD HH:mm:ss` Beijing time. Hunan shows the `conflicted`
 * person yellow, with its reason, when every other province shows green.
 */
import type { DemoPerson } from '../data/people'
import {
  beijingTime,
  findPerson,
  provinceStores,
  recordsFor,
  registerVenue,
  rulesFor,
  storeCheckIn,
} from '../lib/province'
import type { MockBackend, MockEnv, MockRequest, MockResponse } from '../lib/types'

const PROVINCE = '430000'
const COLOR_CODE = { green: '01', yellow: '02', red: '03' } as const

const slash = (ms: number): string => beijingTime(ms).replace(/-/g, '/')
const parseSlash = (s: string): number => Date.parse(`${s.replace(/\//g, '-').replace(' ', 'T')}+08:00`)
const ok = (resultData: unknown): MockResponse => ({
  status: 200,
  body: { resultCode: '0000', resultMsg: '成功', resultData },
})
const fail = (resultCode: string, resultMsg: string): MockResponse => ({
  status: 200,
  body: { resultCode, resultMsg, resultData: null },
})

function createBackend(): MockBackend {
  const stores = provinceStores(PROVINCE, 'HN')

  function personal(path: string, p: DemoPerson, form: URLSearchParams, env: MockEnv): MockResponse {
    switch (path) {
      case '/hnjkm/open/code/info': {
        const hc = recordsFor(env, PROVINCE, p).healthCode
        return ok({
          colorCode: COLOR_CODE[hc.colour],
          riskReason: hc.reason ?? '',
          createTime: slash(hc.issuedAt),
          expireTime: slash(hc.validUntil),
          changeRecords: hc.history.map((h) => ({
            colorCode: COLOR_CODE[h.colour],
            changeTime: slash(h.at),
            riskReason: h.reason ?? '',
          })),
          popups: hc.popUps.map((u) => ({ popupType: u.type, popupText: u.message, removeWay: u.howToClear ?? '' })),
          signData: hc.claim ?? '',
        })
      }
      case '/hnjkm/open/nat/list': {
        const since = parseSlash(form.get('startTime') ?? '')
        return ok({
          rows: recordsFor(env, PROVINCE, p, { since }).tests.map((t) => ({
            barCode: t.sampleId,
            checkType: t.kind === 'pcr' ? '1' : '2',
            checkResult: { negative: '1', positive: '2', pending: '0' }[t.outcome],
            collectTime: slash(t.sampledAt),
            resultTime: t.reportedAt === undefined ? '' : slash(t.reportedAt),
            mixedFlag: t.pooled ? '1' : '0',
            checkOrg: t.lab,
            collectProvince: t.province,
            signData: t.claim ?? '',
          })),
        })
      }
      case '/hnjkm/open/vaccine/list':
        return ok({
          rows: recordsFor(env, PROVINCE, p).vaccinations.map((v) => ({
            doseNum: String(v.dose),
            vaccineName: v.product,
            company: v.manufacturer,
            injectTime: slash(v.at),
            injectProvince: v.province,
            signData: v.claim ?? '',
          })),
        })
      case '/hnjkm/open/place/sign': {
        const serialNo = form.get('serialNo')
        const signTime = parseSlash(form.get('signTime') ?? '')
        if (!serialNo || Number.isNaN(signTime)) return fail('1001', 'serialNo/signTime 不能为空')
        const r = storeCheckIn(stores, p, form.get('placeCode') ?? '', serialNo, signTime, env.now())
        return r
          ? ok({ signNo: r.receiptId, signTime: slash(r.at), repeatFlag: r.duplicate ? '1' : '0' })
          : fail('2004', '场所码无效')
      }
      default:
        return { status: 404, body: { resultCode: '4040', resultMsg: `no route ${path}`, resultData: null } }
    }
  }

  return {
    slug: 'hunan',
    province: PROVINCE,
    reset: stores.reset,
    handle(req: MockRequest, env: MockEnv) {
      const admin = stores.admin(req)
      if (admin) return admin
      if (req.method !== 'POST')
        return { status: 405, body: { resultCode: '4050', resultMsg: 'POST only', resultData: null } }
      if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        return fail('1000', '请使用 application/x-www-form-urlencoded 提交')
      }
      const form = new URLSearchParams(req.body)
      if (req.path === '/hnjkm/open/policy') return ok({ policy: rulesFor(PROVINCE) })
      if (req.path === '/hnjkm/open/place/register') {
        const v = registerVenue(env, PROVINCE, stores, form.get('placeName'), form.get('placeAddress'))
        return v ? ok({ placeCode: v.venueId, signData: v.claim }) : fail('1001', 'placeName/placeAddress 不能为空')
      }
      const p = findPerson({
        name: form.get('name') ?? undefined,
        idNumber: form.get('idCard') ?? undefined,
        phone: form.get('mobile') ?? undefined,
      })
      return p ? personal(req.path, p, form, env) : fail('3001', '未找到该用户，请核对姓名、证件号和手机号')
    },
  }
}

/** The Hunan mock backend. */
export const hunanBackend: MockBackend = createBackend()
