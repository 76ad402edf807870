/**
 * Sichuan (四川省, 天府健康通). `{ flag, errMsg, result }` answers, pinyin
 * field names (cyrq 采样日期, bgsj 报告时间, jcjg 检测结果 …), compact
 * `YYYYMMDDHHmmss` Beijing times. Test results are paginated; the server may
 * return fewer per page than asked, so this plugin follows pages to `total`.
 */
import { NpError } from '../../src/core/errors'
import type { Colour, PersonFor, TestOutcome, TestResult } from '../../src/core/model'
import { defineProvincePlugin, type PluginContext } from '../../src/sdk/types'
import { manifest } from './manifest'
import { oauthSignIn, proxyRecords } from '../oauth'
import { passBundles } from '../bundle'

const COLOURS: Record<string, Colour> = { 绿: 'green', 黄: 'yellow', 红: 'red' }
const OUTCOMES: Record<string, TestOutcome> = { 阴性: 'negative', 阳性: 'positive', 待出: 'pending' }
/** Stop following pages after this many, whatever `total` says. */
const MAX_PAGES = 50

interface TfCode {
  mys: string
  yy: string
  qfsj: string
  yxq: string
  lsjl: Array<{ mys: string; bgsj: string; yy: string }>
  tc: Array<{ lx: string; nr: string; jcfs: string }>
  qm: string
}

interface TfTest {
  ybbh: string
  jclx: '核酸' | '抗原'
  jcjg: string
  cyrq: string
  bgsj: string
  hj: '是' | '否'
  jgmc: string
  cydq: string
  qm: string
}

interface TfPage<T> {
  total: number
  page: number
  pageSize: number
  list: T[]
}

interface TfVaccine {
  jzzc: number
  ymmc: string
  sccj: string
  jzrq: string
  jzdq: string
  qm: string
}

/** `YYYYMMDDHHmmss` Beijing time → epoch ms. */
const t = (s: string): number =>
  Date.parse(`${s.replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/, '$1-$2-$3T$4:$5:$6')}+08:00`)
/** Epoch ms → `YYYYMMDDHHmmss` Beijing time. */
const compact = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace(/\D/g, '')
const who = (p: PersonFor<'name' | 'idNumber'>) => ({ xm: p.name, zjhm: p.idNumber })
const claimOf = (qm: string): { claim?: string } => (qm ? { claim: qm } : {})

async function tf<T>(ctx: PluginContext, method: 'GET' | 'POST', path: string, data?: object): Promise<T> {
  const res = await ctx.http.request<{ flag?: boolean; errMsg?: string; result: T }>({
    method,
    url: path,
    data,
    signal: ctx.signal,
  })
  if (typeof res.data?.flag !== 'boolean')
    throw new NpError('NP_ERR_RESPONSE_INVALID', { params: { detail: `${path}: no flag` } })
  if (!res.data.flag) throw new NpError('NP_ERR_BACKEND', { params: { detail: res.data.errMsg ?? '' } })
  return res.data.result
}

function toTest(x: TfTest): TestResult {
  return {
    sampleId: x.ybbh,
    kind: x.jclx === '核酸' ? 'pcr' : 'antigen',
    outcome: OUTCOMES[x.jcjg],
    sampledAt: t(x.cyrq),
    ...(x.bgsj ? { reportedAt: t(x.bgsj) } : {}),
    pooled: x.hj === '是',
    lab: x.jgmc,
    province: x.cydq,
    ...claimOf(x.qm),
  }
}

export default defineProvincePlugin({
  id: '510000',
  slug: 'sichuan',
  name: { zh: '四川省', en: 'Sichuan' },
  manifest,
  codeApp: '天府健康通',
  identityFields: ['name', 'idNumber'],
  ...oauthSignIn(),
  // One signature over its claims for the compact pass QR (docs/formats.md, "Pass bundle").
  ...passBundles(),
  ...proxyRecords(),

  async getHealthCode(ctx, person) {
    const d = await tf<TfCode>(ctx, 'POST', '/tfjkt/api/jkm/cx', who(person))
    return {
      province: '510000',
      issuer: '四川省卫生健康委员会 (天府健康通)',
      colour: COLOURS[d.mys],
      ...(d.yy ? { reason: d.yy } : {}),
      issuedAt: t(d.qfsj),
      validUntil: t(d.yxq),
      history: d.lsjl.map((h) => ({ colour: COLOURS[h.mys], at: t(h.bgsj), ...(h.yy ? { reason: h.yy } : {}) })),
      popUps: d.tc.map((u) => ({ type: u.lx, message: u.nr, ...(u.jcfs ? { howToClear: u.jcfs } : {}) })),
      ...claimOf(d.qm),
    }
  },

  async getTestResults(ctx, person, { since }) {
    const tests: TestResult[] = []
    for (let page = 1; page <= MAX_PAGES; page++) {
      const query = { xm: person.name, zjhm: person.idNumber, kssj: compact(since), page, pageSize: 20 }
      const d = await tf<TfPage<TfTest>>(ctx, 'POST', '/tfjkt/api/hsjc/fy', query)
      tests.push(...d.list.map(toTest))
      if (d.list.length === 0 || tests.length >= d.total) return tests
    }
    ctx.log.warn('stopped following test pages', { pages: MAX_PAGES, received: tests.length })
    return tests
  },

  async getVaccinations(ctx, person) {
    const body = { ...who(person) }
    const d = await tf<{ list: TfVaccine[] }>(ctx, 'POST', '/tfjkt/api/ymjz/cx', body)
    return d.list.map((v) => ({
      dose: v.jzzc,
      product: v.ymmc,
      manufacturer: v.sccj,
      at: t(v.jzrq),
      province: v.jzdq,
      ...claimOf(v.qm),
    }))
  },

  async checkIn(ctx, venue, person, { idempotencyKey, at }) {
    const body = { ...who(person), csbh: venue.venueId, smsj: compact(at), qqbh: idempotencyKey }
    const r = await tf<{ pzbh: string; jssj: string; cf: 0 | 1 }>(ctx, 'POST', '/tfjkt/api/csm/dj', body)
    return { receiptId: r.pzbh, at: t(r.jssj), duplicate: r.cf === 1 }
  },

  entryRules: (ctx) => tf<unknown>(ctx, 'GET', '/tfjkt/api/rjgz'),

  async registerVenue(ctx, venue) {
    const body = { csmc: venue.name, csdz: venue.address }
    const r = await tf<{ csbh: string; qm: string }>(ctx, 'POST', '/tfjkt/api/csm/zc', body)
    return { venueId: r.csbh, claim: r.qm }
  },
})
