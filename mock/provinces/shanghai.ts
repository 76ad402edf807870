/**
 * Mock 随申码 (Shanghai) API: every request and response body is encrypted.
 * `POST /ssm/gateway/<service>` with `{ appId, iv, payload }` where `payload`
 * is base64 AES-256-CBC/PKCS7 of the JSON request under the DEMO key and a
 * fresh random `iv` (hex). The answer is `{ iv, payload }` of
 * `{ rtnCode, rtnMsg, bizData }` (rtnCode `0000` = ok). Times are epoch ms.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { DemoPerson } from '../data/people'
import {
  findPerson,
  num,
  provinceStores,
  recordsFor,
  registerVenue,
  rulesFor,
  storeCheckIn,
  str,
} from '../lib/province'
import type { MockBackend, MockEnv, MockRequest, MockResponse } from '../lib/types'

/** The DEMO AES-256 key (hex) Shanghai shares with National Pass. */
export const SHANGHAI_DEMO_AES_KEY = '6e702d64656d6f2d7368616e676861692d6165732d6b65792d32303232212121'
const PROVINCE = '310000'
const KEY = Buffer.from(SHANGHAI_DEMO_AES_KEY, 'hex')
const COLOR = { green: 0, yellow: 1, red: 2 } as const

function encrypt(value: unknown): MockResponse {
  const iv = randomBytes(16)
  const c = createCipheriv('aes-256-cbc', KEY, iv)
  const payload = Buffer.concat([c.update(JSON.stringify(value), 'utf8'), c.final()]).toString('base64')
  return { status: 200, body: { iv: iv.toString('hex'), payload } }
}

function decrypt(req: MockRequest): Record<string, unknown> | undefined {
  try {
    const outer = JSON.parse(req.body) as { iv?: unknown; payload?: unknown }
    if (typeof outer.iv !== 'string' || typeof outer.payload !== 'string') return undefined
    const d = createDecipheriv('aes-256-cbc', KEY, Buffer.from(outer.iv, 'hex'))
    const text = Buffer.concat([d.update(outer.payload, 'base64'), d.final()]).toString('utf8')
    const v: unknown = JSON.parse(text)
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined
  } catch {
    // Undecryptable or non-JSON bodies are answered with rtnCode 9001 by the caller.
    return undefined
  }
}

/**
 * The gateway National Pass calls (`POST /ssm/gw/<service>`, plain JSON, the
 * user's token in `Authorization`): it encrypts the request under the app key
 * Shanghai issued, as the open API wants. The key stays on this server.
 */
function gatewayRequest(req: MockRequest): MockRequest | undefined {
  if (req.method !== 'POST') return undefined
  const service = req.path.slice('/ssm/gw/'.length)
  const iv = randomBytes(16)
  const c = createCipheriv('aes-256-cbc', KEY, iv)
  const payload = Buffer.concat([c.update(req.body || '{}', 'utf8'), c.final()]).toString('base64')
  return {
    ...req,
    path: `/ssm/gateway/${service}`,
    body: JSON.stringify({ appId: 'np-gateway', iv: iv.toString('hex'), payload }),
  }
}

/** The gateway's answer: the open API's encrypted answer, decrypted. */
function gatewayAnswer(body: unknown): unknown {
  const outer = body as { iv?: unknown; payload?: unknown }
  if (typeof outer?.iv !== 'string' || typeof outer.payload !== 'string') return body
  const d = createDecipheriv('aes-256-cbc', KEY, Buffer.from(outer.iv, 'hex'))
  return JSON.parse(Buffer.concat([d.update(outer.payload, 'base64'), d.final()]).toString('utf8'))
}

const biz = (bizData: unknown): MockResponse => encrypt({ rtnCode: '0000', rtnMsg: '成功', bizData })
const fail = (rtnCode: string, rtnMsg: string): MockResponse => encrypt({ rtnCode, rtnMsg, bizData: null })

function createBackend(): MockBackend {
  const stores = provinceStores(PROVINCE, 'SH')

  function personal(service: string, p: DemoPerson, q: Record<string, unknown>, env: MockEnv): MockResponse {
    switch (service) {
      case 'color.query': {
        const hc = recordsFor(env, PROVINCE, p).healthCode
        return biz({
          color: COLOR[hc.colour],
          reasonText: hc.reason ?? null,
          genTime: hc.issuedAt,
          validTime: hc.validUntil,
          colorHistory: hc.history.map((h) => ({ color: COLOR[h.colour], time: h.at, reasonText: h.reason ?? null })),
          notices: hc.popUps.map((u) => ({ noticeType: u.type, content: u.message, guide: u.howToClear ?? null })),
          sign: hc.claim ?? null,
        })
      }
      case 'nat.list':
        return biz({
          natList: recordsFor(env, PROVINCE, p, { since: num(q, 'fromTime') ?? 0 }).tests.map((t) => ({
            barcode: t.sampleId,
            method: t.kind === 'pcr' ? 'PCR' : 'AG',
            resultText: t.outcome,
            samplingTime: t.sampledAt,
            reportTime: t.reportedAt ?? null,
            mixed: t.pooled,
            agency: t.lab,
            regionCode: t.province,
            sign: t.claim ?? null,
          })),
        })
      case 'vaccine.list':
        return biz({
          doses: recordsFor(env, PROVINCE, p).vaccinations.map((v) => ({
            seq: v.dose,
            name: v.product,
            maker: v.manufacturer,
            time: v.at,
            regionCode: v.province,
            sign: v.claim ?? null,
          })),
        })
      case 'place.checkin': {
        const serialNo = str(q, 'serialNo')
        const time = num(q, 'time')
        if (!serialNo || time === undefined) return fail('1001', 'serialNo/time 缺失')
        const r = storeCheckIn(stores, p, str(q, 'placeId') ?? '', serialNo, time, env.now())
        return r ? biz({ ticket: r.receiptId, time: r.at, repeated: r.duplicate }) : fail('2004', '场所不存在')
      }
      default:
        return fail('4040', `未知服务 ${service}`)
    }
  }

  const self: MockBackend = {
    slug: 'shanghai',
    province: PROVINCE,
    reset: stores.reset,
    handle(req, env) {
      const admin = stores.admin(req)
      if (admin) return admin
      const open = req.path.startsWith('/ssm/gw/') ? gatewayRequest(req) : undefined
      if (open) {
        // The app's gateway: plain JSON in, plain JSON out; the AES key never leaves the server.
        const answer = self.handle(open, env) as MockResponse
        return { status: answer.status, body: gatewayAnswer(answer.body) }
      }
      const service = req.path.startsWith('/ssm/gateway/') ? req.path.slice('/ssm/gateway/'.length) : ''
      if (req.method !== 'POST' || !service)
        return { status: 404, body: { error: `no route ${req.method} ${req.path}` } }
      const q = decrypt(req)
      if (!q) return fail('9001', '报文解密失败 (cannot decrypt)')
      if (service === 'rules.get') return biz(rulesFor(PROVINCE))
      if (service === 'place.register') {
        const v = registerVenue(env, PROVINCE, stores, str(q, 'placeName'), str(q, 'placeAddress'))
        return v ? biz({ placeId: v.venueId, sign: v.claim }) : fail('1001', 'placeName/placeAddress 缺失')
      }
      const p = findPerson({ name: str(q, 'userName'), idNumber: str(q, 'certNo') })
      return p ? personal(service, p, q, env) : fail('3001', '用户不存在')
    },
  }
  return self
}

/** The Shanghai mock backend. */
export const shanghaiBackend: MockBackend = createBackend()
