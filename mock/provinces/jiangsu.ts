/**
 * Mock 苏康码 (Jiangsu) API, in the bank-style head/body envelope:
 * request `{ head: { appid, reqid, reqtime }, body }`, answer
 * `{ head: { rspcode, rspmsg }, body }` (rspcode `000000` = ok). snake_case
 * fields, ISO 8601 times. Check-ins accept national venue ids and the legacy
 * ones: Wuxi 门铃码 (`WX…`) and Jiangsu 场所码 (`JS…`).
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
} from '../lib/province'
import type { MockBackend, MockEnv, MockRequest, MockResponse } from '../lib/types'

const PROVINCE = '320000'
const iso = (ms: number): string => new Date(ms).toISOString()

const answer = (rspcode: string, rspmsg: string, body: unknown = {}): MockResponse => ({
  status: 200,
  body: { head: { rspcode, rspmsg }, body },
})
const ok = (body: unknown): MockResponse => answer('000000', '交易成功', body)

function createBackend(): MockBackend {
  const stores = provinceStores(PROVINCE, 'JS')

  function personal(path: string, p: DemoPerson, b: Record<string, unknown>, env: MockEnv): MockResponse {
    switch (path) {
      case '/skm/v1/code': {
        const hc = recordsFor(env, PROVINCE, p).healthCode
        return ok({
          code_color: hc.colour,
          color_reason: hc.reason ?? '',
          issue_time: iso(hc.issuedAt),
          expire_time: iso(hc.validUntil),
          history: hc.history.map((h) => ({ color: h.colour, change_time: iso(h.at), reason: h.reason ?? '' })),
          alerts: hc.popUps.map((u) => ({
            alert_type: u.type,
            alert_text: u.message,
            clear_guide: u.howToClear ?? '',
          })),
          signed_claim: hc.claim ?? '',
        })
      }
      case '/skm/v1/nat': {
        const since = Date.parse(str(b, 'since') ?? '')
        const items = recordsFor(env, PROVINCE, p, { since }).tests.map((t) => ({
          sample_id: t.sampleId,
          test_type: t.kind === 'pcr' ? 'nat' : 'antigen',
          test_result: { negative: '阴性', positive: '阳性', pending: '待出' }[t.outcome],
          sample_time: iso(t.sampledAt),
          report_time: t.reportedAt === undefined ? null : iso(t.reportedAt),
          is_mixed: t.pooled ? '1' : '0',
          lab_name: t.lab,
          sample_area: t.province,
          signed_claim: t.claim ?? '',
        }))
        return ok({ items })
      }
      case '/skm/v1/vaccine': {
        const items = recordsFor(env, PROVINCE, p).vaccinations.map((v) => ({
          dose_no: v.dose,
          vaccine_name: v.product,
          manufacturer: v.manufacturer,
          inoculate_time: iso(v.at),
          inoculate_area: v.province,
          signed_claim: v.claim ?? '',
        }))
        return ok({ items })
      }
      case '/skm/v1/place/checkin': {
        const reqId = str(b, 'req_id')
        const scanTime = Date.parse(str(b, 'scan_time') ?? '')
        if (!reqId || Number.isNaN(scanTime)) return answer('100001', 'req_id/scan_time 缺失')
        const r = storeCheckIn(stores, p, str(b, 'place_id') ?? '', reqId, scanTime, env.now())
        if (!r) return answer('200404', '场所不存在')
        return ok({ receipt_no: r.receiptId, receive_time: iso(r.at), is_repeat: r.duplicate ? '1' : '0' })
      }
      default:
        return answer('404000', `no route ${path}`)
    }
  }

  return {
    slug: 'jiangsu',
    province: PROVINCE,
    reset: stores.reset,
    handle(req: MockRequest, env: MockEnv) {
      const admin = stores.admin(req)
      if (admin) return admin
      if (req.method !== 'POST')
        return { status: 404, body: { head: { rspcode: '404000', rspmsg: 'POST only' }, body: {} } }
      const envelope = jsonBody(req)
      const head = envelope?.head
      const b = envelope?.body
      if (typeof head !== 'object' || head === null || typeof b !== 'object' || b === null) {
        return answer('100000', '报文格式错误: 需要 { head, body }')
      }
      const body = b as Record<string, unknown>
      if (req.path === '/skm/v1/rules') return ok({ rules: rulesFor(PROVINCE) })
      if (req.path === '/skm/v1/place/register') {
        const v = registerVenue(env, PROVINCE, stores, str(body, 'place_name'), str(body, 'place_address'))
        return v
          ? ok({ place_id: v.venueId, signed_claim: v.claim })
          : answer('100001', 'place_name/place_address 缺失')
      }
      const p = findPerson({ name: str(body, 'xm'), idNumber: str(body, 'sfzh') })
      return p ? personal(req.path, p, body, env) : answer('300001', '查无此人')
    },
  }
}

/** The Jiangsu mock backend. */
export const jiangsuBackend: MockBackend = createBackend()
