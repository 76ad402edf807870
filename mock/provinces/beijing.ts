/**
 * Mock 北京健康宝 (Beijing) API. WeChat-style answers `{ errcode, errmsg, ... }`
 * (errcode 0 = ok), pinyin field names, times in epoch **seconds**. A code is
 * "未见异常" or a colour, plus at most one pop-up (弹窗) with its kind (1: test
 * required, 2: travel history, 3: risk contact) and how to clear it. Pending
 * tests come back with `bgsj: 0`; each test carries `ts`, days since sampling,
 * which is how 健康宝 itself counts validity ("阴性 1 天").
 */
import type { DemoPerson } from '../data/people'
import {
  findPerson,
  jsonBody,
  provinceStores,
  recordsFor,
  registerVenue,
  rulesFor,
  storeCheckIn,
  str,
  num,
} from '../lib/province'
import type { MockBackend, MockEnv, MockRequest, MockResponse } from '../lib/types'

const PROVINCE = '110000'
const POPUP_KIND: Record<string, number> = { 'test-required': 1, 'travel-history': 2, 'risk-contact': 3 }
const YS = { green: 'lv', yellow: 'huang', red: 'hong' } as const
const JG = { negative: 'yin', positive: 'yang', pending: 'dai' } as const

const sec = (ms: number): number => Math.floor(ms / 1000)
const ok = (fields: Record<string, unknown>): MockResponse => ({
  status: 200,
  body: { errcode: 0, errmsg: 'ok', ...fields },
})
const err = (errcode: number, errmsg: string): MockResponse => ({ status: 200, body: { errcode, errmsg } })

function createBackend(): MockBackend {
  const stores = provinceStores(PROVINCE, 'BJ')

  function personal(req: MockRequest, p: DemoPerson, body: Record<string, unknown>, env: MockEnv): MockResponse {
    const now = env.now()
    switch (req.path) {
      case '/jkb/api/v3/zhuangtai': {
        const hc = recordsFor(env, PROVINCE, p).healthCode
        const popup = hc.popUps[0]
        return ok({
          zt: {
            ys: YS[hc.colour],
            wz: popup ? '弹窗' : hc.colour === 'green' ? '未见异常' : hc.colour === 'yellow' ? '黄码' : '红码',
            yy: hc.reason ?? '',
            gxsj: sec(hc.issuedAt),
            yxq: sec(hc.validUntil),
          },
          tanchuang: popup
            ? { lx: POPUP_KIND[popup.type] ?? 9, ts: popup.message, jiechu: popup.howToClear ?? '' }
            : null,
          lishi: hc.history.map((h) => ({ ys: YS[h.colour], sj: sec(h.at), yy: h.reason ?? '' })),
          qm: hc.claim ?? '',
        })
      }
      case '/jkb/api/v3/hesuan': {
        const since = (num(body, 'qssj') ?? 0) * 1000
        const jl = recordsFor(env, PROVINCE, p, { since }).tests.map((t) => ({
          ybid: t.sampleId,
          lx: t.kind === 'pcr' ? 'hs' : 'kt',
          jg: JG[t.outcome],
          cysj: sec(t.sampledAt),
          bgsj: t.reportedAt === undefined ? 0 : sec(t.reportedAt),
          ts: Math.floor((now - t.sampledAt) / 86_400_000),
          hunjian: t.pooled,
          jigou: t.lab,
          diqu: t.province,
          qm: t.claim ?? '',
        }))
        return ok({ jl })
      }
      case '/jkb/api/v3/yimiao': {
        const jl = recordsFor(env, PROVINCE, p).vaccinations.map((v) => ({
          zc: v.dose,
          ym: v.product,
          cj: v.manufacturer,
          sj: sec(v.at),
          dq: v.province,
          qm: v.claim ?? '',
        }))
        return ok({ jl })
      }
      case '/jkb/api/v3/saoma': {
        const qqid = str(body, 'qqid')
        const sj = num(body, 'sj')
        if (!qqid || sj === undefined) return err(40001, '参数缺失: qqid, sj')
        const r = storeCheckIn(stores, p, str(body, 'csid') ?? '', qqid, sj * 1000, now)
        if (!r) return err(40404, '场所不存在')
        return ok({ pzh: r.receiptId, sj: sec(r.at), chongfu: r.duplicate })
      }
      default:
        return { status: 404, body: { errcode: 40400, errmsg: `no route ${req.path}` } }
    }
  }

  return {
    slug: 'beijing',
    province: PROVINCE,
    reset: stores.reset,
    handle(req, env) {
      const admin = stores.admin(req)
      if (admin) return admin
      if (req.method === 'GET' && req.path === '/jkb/api/v3/guize') return ok({ guize: rulesFor(PROVINCE) })
      if (req.method !== 'POST')
        return { status: 404, body: { errcode: 40400, errmsg: `no route ${req.method} ${req.path}` } }
      const body = jsonBody(req)
      if (!body) return err(40000, '请求体须为 JSON')
      if (req.path === '/jkb/api/v3/changsuo/zhuce') {
        const v = registerVenue(env, PROVINCE, stores, str(body, 'mc'), str(body, 'dz'))
        return v ? ok({ csid: v.venueId, qm: v.claim }) : err(40001, '参数缺失: mc, dz')
      }
      const p = findPerson({ name: str(body, 'xm'), idNumber: str(body, 'zjhm') })
      if (!p) return err(40401, '未查询到该人员')
      return personal(req, p, body, env)
    },
  }
}

/** The Beijing mock backend. */
export const beijingBackend: MockBackend = createBackend()
