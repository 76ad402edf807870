/**
 * Beijing (北京市, 北京健康宝). WeChat-style `{ errcode, errmsg }` answers,
 * pinyin field names, times in epoch seconds. A code may carry one pop-up
 * (弹窗) of a numbered kind with how to clear it; today's test may be pending.
 */
import { NpError } from '../../src/core/errors'
import type { Colour, PopUp, TestOutcome } from '../../src/core/model'
import { defineProvincePlugin, type PluginContext } from '../../src/sdk/types'
import { manifest } from './manifest'
import { oauthSignIn, proxyRecords } from '../oauth'
import { passBundles } from '../bundle'

const COLOURS: Record<string, Colour> = { lv: 'green', huang: 'yellow', hong: 'red' }
const OUTCOMES: Record<string, TestOutcome> = { yin: 'negative', yang: 'positive', dai: 'pending' }
/** 健康宝 pop-up kinds: 1号 test required, 2号 travel history, 3号 risk contact. */
const POPUP_TYPES: Record<number, string> = { 1: 'test-required', 2: 'travel-history', 3: 'risk-contact' }

interface JkbReply {
  errcode: number
  errmsg: string
}

interface JkbStatus extends JkbReply {
  zt: { ys: string; wz: string; yy: string; gxsj: number; yxq: number }
  tanchuang: { lx: number; ts: string; jiechu: string } | null
  lishi: Array<{ ys: string; sj: number; yy: string }>
  qm: string
}

interface JkbTest {
  ybid: string
  lx: 'hs' | 'kt'
  jg: string
  cysj: number
  bgsj: number
  hunjian: boolean
  jigou: string
  diqu: string
  qm: string
}

interface JkbVaccine {
  zc: number
  ym: string
  cj: string
  sj: number
  dq: string
  qm: string
}

const ms = (seconds: number): number => seconds * 1000
const sec = (epochMs: number): number => Math.floor(epochMs / 1000)
const claimOf = (qm: string): { claim?: string } => (qm ? { claim: qm } : {})

async function jkb<T extends JkbReply>(
  ctx: PluginContext,
  method: 'GET' | 'POST',
  path: string,
  data?: object,
): Promise<T> {
  const res = await ctx.http.request<T>({ method, url: path, data, signal: ctx.signal })
  if (typeof res.data?.errcode !== 'number')
    throw new NpError('NP_ERR_RESPONSE_INVALID', { params: { detail: `${path}: no errcode` } })
  if (res.data.errcode !== 0)
    throw new NpError('NP_ERR_BACKEND', { params: { detail: `${res.data.errcode} ${res.data.errmsg}` } })
  return res.data
}

function popUp(t: NonNullable<JkbStatus['tanchuang']>): PopUp {
  return { type: POPUP_TYPES[t.lx] ?? 'other', message: t.ts, ...(t.jiechu ? { howToClear: t.jiechu } : {}) }
}

export default defineProvincePlugin({
  id: '110000',
  slug: 'beijing',
  name: { zh: '北京市', en: 'Beijing' },
  manifest,
  codeApp: '北京健康宝',
  identityFields: ['name', 'idNumber'],
  contact: {
    hotline: '010-12320',
    serviceHotline: '12345',
    appeal: { zh: '北京健康宝 → 健康宝弹窗申诉', en: 'Beijing Health Kit → pop-up appeal' },
    where: {
      zh: '北京任一核酸采样点；旅居史弹窗向所在社区报备',
      en: 'any Beijing test site; for travel history, report to your community',
    },
  },
  ...oauthSignIn(),
  // One signature over its claims for the compact pass QR (docs/formats.md, "Pass bundle").
  ...passBundles(),
  ...proxyRecords(),

  async getHealthCode(ctx, person) {
    const d = await jkb<JkbStatus>(ctx, 'POST', '/jkb/api/v3/zhuangtai', { xm: person.name, zjhm: person.idNumber })
    return {
      province: '110000',
      issuer: '北京市卫生健康委员会 (北京健康宝)',
      colour: COLOURS[d.zt.ys],
      ...(d.zt.yy ? { reason: d.zt.yy } : {}),
      issuedAt: ms(d.zt.gxsj),
      validUntil: ms(d.zt.yxq),
      history: d.lishi.map((h) => ({ colour: COLOURS[h.ys], at: ms(h.sj), ...(h.yy ? { reason: h.yy } : {}) })),
      popUps: d.tanchuang ? [popUp(d.tanchuang)] : [],
      ...claimOf(d.qm),
    }
  },

  async getTestResults(ctx, person, { since }) {
    const d = await jkb<JkbReply & { jl: JkbTest[] }>(ctx, 'POST', '/jkb/api/v3/hesuan', {
      xm: person.name,
      zjhm: person.idNumber,
      qssj: sec(since),
    })
    return d.jl.map((t) => ({
      sampleId: t.ybid,
      kind: t.lx === 'hs' ? 'pcr' : 'antigen',
      outcome: OUTCOMES[t.jg],
      sampledAt: ms(t.cysj),
      ...(t.bgsj > 0 ? { reportedAt: ms(t.bgsj) } : {}),
      pooled: t.hunjian,
      lab: t.jigou,
      province: t.diqu,
      ...claimOf(t.qm),
    }))
  },

  async getVaccinations(ctx, person) {
    const d = await jkb<JkbReply & { jl: JkbVaccine[] }>(ctx, 'POST', '/jkb/api/v3/yimiao', {
      xm: person.name,
      zjhm: person.idNumber,
    })
    return d.jl.map((v) => ({
      dose: v.zc,
      product: v.ym,
      manufacturer: v.cj,
      at: ms(v.sj),
      province: v.dq,
      ...claimOf(v.qm),
    }))
  },

  async checkIn(ctx, venue, person, { idempotencyKey, at }) {
    const r = await jkb<JkbReply & { pzh: string; sj: number; chongfu: boolean }>(ctx, 'POST', '/jkb/api/v3/saoma', {
      xm: person.name,
      zjhm: person.idNumber,
      csid: venue.venueId,
      sj: sec(at),
      qqid: idempotencyKey,
    })
    return { receiptId: r.pzh, at: ms(r.sj), duplicate: r.chongfu }
  },

  async entryRules(ctx) {
    return (await jkb<JkbReply & { guize: unknown }>(ctx, 'GET', '/jkb/api/v3/guize')).guize
  },

  async registerVenue(ctx, venue) {
    const r = await jkb<JkbReply & { csid: string; qm: string }>(ctx, 'POST', '/jkb/api/v3/changsuo/zhuce', {
      mc: venue.name,
      dz: venue.address,
    })
    return { venueId: r.csid, claim: r.qm }
  },
})
