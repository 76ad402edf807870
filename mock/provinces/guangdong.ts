/**
 * Mock 粤康码 (Guangdong) open API. Every answer is `{ code, msg, data }`
 * (code 0 = ok). Every request carries `x-gd-appid`, `x-gd-timestamp` (epoch
 * ms), `x-gd-nonce` and `x-gd-sign` = hex HMAC-SHA256(appSecret, timestamp +
 * nonce + body). Stale timestamps (> 5 min) and reused nonces are rejected.
 * Times are `YYYY-MM-DD HH:mm:ss` Beijing time.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { DemoPerson } from '../data/people'
import {
  beijingTime,
  findPerson,
  jsonBody,
  recordsFor,
  registerVenue,
  rulesFor,
  storeCheckIn,
  provinceStores,
  str,
} from '../lib/province'
import type { MockBackend, MockEnv, MockRequest, MockResponse } from '../lib/types'

/** The DEMO app secret Guangdong issued to National Pass. */
export const GUANGDONG_DEMO_SECRET = 'np-demo-guangdong-secret'
const PROVINCE = '440000'
const MAX_SKEW_MS = 5 * 60_000
const COLOUR_CODE = { green: '1', yellow: '2', red: '3' } as const

const reply = (code: number, msg: string, data: unknown = null): MockResponse => ({
  status: 200,
  body: { code, msg, data },
})

function signatureOk(req: MockRequest): boolean {
  const expected = createHmac('sha256', GUANGDONG_DEMO_SECRET)
    .update((req.headers['x-gd-timestamp'] ?? '') + (req.headers['x-gd-nonce'] ?? '') + req.body)
    .digest()
  const given = Buffer.from(req.headers['x-gd-sign'] ?? '', 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/**
 * The gateway National Pass calls (`POST /ykm/gw/v2/...`, the user's token in
 * `Authorization`): it signs the request with the app secret, as the open API
 * (`/ykm/open/v2/...`) wants. The secret stays on this server.
 */
function gatewayRequest(req: MockRequest, now: number): MockRequest {
  const timestamp = String(now)
  const nonce = randomBytes(16).toString('hex')
  const sign = createHmac('sha256', GUANGDONG_DEMO_SECRET)
    .update(timestamp + nonce + req.body)
    .digest('hex')
  return {
    ...req,
    path: req.path.replace('/ykm/gw/', '/ykm/open/'),
    headers: {
      ...req.headers,
      'x-gd-appid': 'np-gateway',
      'x-gd-timestamp': timestamp,
      'x-gd-nonce': nonce,
      'x-gd-sign': sign,
    },
  }
}

function createBackend(): MockBackend {
  const stores = provinceStores(PROVINCE, 'GD')
  const nonces = new Map<string, number>()

  /** A code and message when the request is not properly signed, fresh and new. */
  function authenticate(req: MockRequest, now: number): MockResponse | undefined {
    if (!req.headers['x-gd-appid']) return reply(10000, '缺少 appid')
    if (!signatureOk(req)) return reply(10001, '签名错误 (signature mismatch)')
    const ts = Number(req.headers['x-gd-timestamp'])
    if (!Number.isFinite(ts) || Math.abs(now - ts) > MAX_SKEW_MS)
      return reply(10002, '时间戳过期 (timestamp outside 5 min)')
    for (const [n, at] of nonces) if (now - at > 2 * MAX_SKEW_MS) nonces.delete(n)
    const nonce = req.headers['x-gd-nonce'] ?? ''
    if (!nonce || nonces.has(nonce)) return reply(10003, '重复请求 (nonce already used)')
    nonces.set(nonce, now)
    return undefined
  }

  function personal(path: string, p: DemoPerson, body: Record<string, unknown>, env: MockEnv): MockResponse {
    const now = env.now()
    switch (path) {
      case '/ykm/open/v2/code/query': {
        const hc = recordsFor(env, PROVINCE, p).healthCode
        return reply(0, 'success', {
          codeColor: COLOUR_CODE[hc.colour],
          colorReason: hc.reason ?? '',
          createTime: beijingTime(hc.issuedAt),
          expireTime: beijingTime(hc.validUntil),
          changeList: hc.history.map((h) => ({
            codeColor: COLOUR_CODE[h.colour],
            changeTime: beijingTime(h.at),
            changeReason: h.reason ?? '',
          })),
          popList: hc.popUps.map((u) => ({ popType: u.type, popMsg: u.message, solution: u.howToClear ?? '' })),
          signedClaim: hc.claim,
        })
      }
      case '/ykm/open/v2/nucleic/list': {
        const since = Number(str(body, 'beginTime') ?? 0)
        const list = recordsFor(env, PROVINCE, p, { since }).tests.map((t) => ({
          sampleNo: t.sampleId,
          detectType: t.kind === 'pcr' ? 1 : 2,
          detectResult: { negative: '阴性', positive: '阳性', pending: '检测中' }[t.outcome],
          collectTime: beijingTime(t.sampledAt),
          reportTime: t.reportedAt === undefined ? '' : beijingTime(t.reportedAt),
          mixFlag: t.pooled ? 'Y' : 'N',
          orgName: t.lab,
          collectArea: t.province,
          signedClaim: t.claim,
        }))
        return reply(0, 'success', { list })
      }
      case '/ykm/open/v2/vaccine/list': {
        const list = recordsFor(env, PROVINCE, p).vaccinations.map((v) => ({
          injectNo: v.dose,
          vaccineName: v.product,
          manufacturer: v.manufacturer,
          injectTime: beijingTime(v.at),
          injectArea: v.province,
          signedClaim: v.claim,
        }))
        return reply(0, 'success', { list })
      }
      case '/ykm/open/v2/place/checkin': {
        const requestId = str(body, 'requestId')
        const scanTime = Number(str(body, 'scanTime'))
        if (!requestId || !Number.isFinite(scanTime)) return reply(20001, 'requestId/scanTime 必填')
        const r = storeCheckIn(stores, p, str(body, 'placeCode') ?? '', requestId, scanTime, now)
        if (!r) return reply(20004, '场所码不存在 (unknown place)')
        return reply(0, 'success', { recordId: r.receiptId, recordTime: beijingTime(r.at), repeat: r.duplicate })
      }
      default:
        return reply(40400, `接口不存在 ${path}`)
    }
  }

  const self: MockBackend = {
    slug: 'guangdong',
    province: PROVINCE,
    reset() {
      stores.reset()
      nonces.clear()
    },
    handle(req, env) {
      const admin = stores.admin(req)
      if (admin) return admin
      if (req.method === 'POST' && req.path.startsWith('/ykm/gw/'))
        return self.handle(gatewayRequest(req, env.now()), env)
      if (req.method !== 'POST') return { status: 405, body: { code: 40500, msg: 'POST only', data: null } }
      const denied = authenticate(req, env.now())
      if (denied) return denied
      const body = jsonBody(req)
      if (!body) return reply(20000, '请求体不是 JSON')
      if (req.path === '/ykm/open/v2/rules') return reply(0, 'success', rulesFor(PROVINCE))
      if (req.path === '/ykm/open/v2/place/register') {
        const v = registerVenue(env, PROVINCE, stores, str(body, 'placeName'), str(body, 'placeAddr'))
        return v
          ? reply(0, 'success', { placeCode: v.venueId, signedClaim: v.claim })
          : reply(20001, 'placeName/placeAddr 必填')
      }
      const p = findPerson({ name: str(body, 'name'), idNumber: str(body, 'idCard') })
      if (!p) return reply(30001, '查无此人 (no such person)')
      return personal(req.path, p, body, env)
    },
  }
  return self
}

/** The Guangdong mock backend. */
export const guangdongBackend: MockBackend = createBackend()
