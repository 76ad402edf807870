/**
 * Mock 天府健康通 (Sichuan) API. Answers `{ flag, errMsg, result }`; field
 * names are pinyin abbreviations (xm 姓名, zjhm 证件号码, mys 码颜色, cyrq 采样日期,
 * bgsj 报告时间, jcjg 检测结果 …); times are compact `YYYYMMDDHHmmss` Beijing
 * time. Test results are paginated (`page`, `pageSize`, `total`) and the
 * server caps `pageSize` at 2, so clients must follow pages.
 */
import type { DemoPerson } from '../data/people'
import {
  beijingTime,
  findPerson,
  jsonBody,
  num,
  provinceStores,
  recordsFor,
  registerVenue,
  rulesFor,
  storeCheckIn,
  str,
} from '../lib/province'
import type { MockBackend, MockEnv, MockRequest, MockResponse } from '../lib/types'

const PROVINCE = '510000'
/** The server's page-size cap (small on purpose: the demo people have more tests than one page). */
export const SICHUAN_MAX_PAGE_SIZE = 2
const MYS = { green: '绿', yellow: '黄', red: '红' } as const
const JCJG = { negative: '阴性', positive: '阳性', pending: '待出' } as const

/** `YYYYMMDDHHmmss` Beijing time. */
const compact = (ms: number): string => beijingTime(ms).replace(/\D/g, '')
/** Inverse of {@link compact}; NaN when malformed. */
const parseCompact = (s: string): number =>
  Date.parse(`${s.replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/, '$1-$2-$3T$4:$5:$6')}+08:00`)
const ok = (result: unknown): MockResponse => ({ status: 200, body: { flag: true, errMsg: '', result } })
const fail = (errMsg: string): MockResponse => ({ status: 200, body: { flag: false, errMsg, result: null } })

function createBackend(): MockBackend {
  const stores = provinceStores(PROVINCE, 'SC')

  function personal(path: string, p: DemoPerson, b: Record<string, unknown>, env: MockEnv): MockResponse {
    switch (path) {
      case '/tfjkt/api/jkm/cx': {
        const hc = recordsFor(env, PROVINCE, p).healthCode
        return ok({
          mys: MYS[hc.colour],
          yy: hc.reason ?? '',
          qfsj: compact(hc.issuedAt),
          yxq: compact(hc.validUntil),
          lsjl: hc.history.map((h) => ({ mys: MYS[h.colour], bgsj: compact(h.at), yy: h.reason ?? '' })),
          tc: hc.popUps.map((u) => ({ lx: u.type, nr: u.message, jcfs: u.howToClear ?? '' })),
          qm: hc.claim ?? '',
        })
      }
      case '/tfjkt/api/hsjc/fy': {
        const kssj = str(b, 'kssj')
        const since = kssj ? parseCompact(kssj) : 0
        const all = recordsFor(env, PROVINCE, p, { since }).tests.sort((x, y) => y.sampledAt - x.sampledAt)
        const page = Math.max(1, Math.floor(num(b, 'page') ?? 1))
        const pageSize = Math.min(
          SICHUAN_MAX_PAGE_SIZE,
          Math.max(1, Math.floor(num(b, 'pageSize') ?? SICHUAN_MAX_PAGE_SIZE)),
        )
        const list = all.slice((page - 1) * pageSize, page * pageSize).map((t) => ({
          ybbh: t.sampleId,
          jclx: t.kind === 'pcr' ? '核酸' : '抗原',
          jcjg: JCJG[t.outcome],
          cyrq: compact(t.sampledAt),
          bgsj: t.reportedAt === undefined ? '' : compact(t.reportedAt),
          hj: t.pooled ? '是' : '否',
          jgmc: t.lab,
          cydq: t.province,
          qm: t.claim ?? '',
        }))
        return ok({ total: all.length, page, pageSize, list })
      }
      case '/tfjkt/api/ymjz/cx':
        return ok({
          list: recordsFor(env, PROVINCE, p).vaccinations.map((v) => ({
            jzzc: v.dose,
            ymmc: v.product,
            sccj: v.manufacturer,
            jzrq: compact(v.at),
            jzdq: v.province,
            qm: v.claim ?? '',
          })),
        })
      case '/tfjkt/api/csm/dj': {
        const qqbh = str(b, 'qqbh')
        const smsj = str(b, 'smsj')
        if (!qqbh || !smsj || Number.isNaN(parseCompact(smsj))) return fail('参数缺失或格式错误: qqbh, smsj')
        const r = storeCheckIn(stores, p, str(b, 'csbh') ?? '', qqbh, parseCompact(smsj), env.now())
        return r ? ok({ pzbh: r.receiptId, jssj: compact(r.at), cf: r.duplicate ? 1 : 0 }) : fail('场所编号不存在')
      }
      default:
        return { status: 404, body: { flag: false, errMsg: `no route ${path}`, result: null } }
    }
  }

  return {
    slug: 'sichuan',
    province: PROVINCE,
    reset: stores.reset,
    handle(req: MockRequest, env: MockEnv) {
      const admin = stores.admin(req)
      if (admin) return admin
      if (req.method === 'GET' && req.path === '/tfjkt/api/rjgz') return ok(rulesFor(PROVINCE))
      if (req.method !== 'POST')
        return { status: 404, body: { flag: false, errMsg: `no route ${req.path}`, result: null } }
      const b = jsonBody(req)
      if (!b) return fail('请求体须为 JSON')
      if (req.path === '/tfjkt/api/csm/zc') {
        const v = registerVenue(env, PROVINCE, stores, str(b, 'csmc'), str(b, 'csdz'))
        return v ? ok({ csbh: v.venueId, qm: v.claim }) : fail('参数缺失: csmc, csdz')
      }
      const p = findPerson({ name: str(b, 'xm'), idNumber: str(b, 'zjhm') })
      return p ? personal(req.path, p, b, env) : fail('未查询到该人员信息')
    },
  }
}

/** The Sichuan mock backend. */
export const sichuanBackend: MockBackend = createBackend()
