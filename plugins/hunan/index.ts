/**
 * Hunan (湖南省, 居民健康码). Form-encoded requests naming the person by name,
 * ID number and phone; `{ resultCode, resultMsg, resultData }` answers;
 * colour codes `01`/`02`/`03`; `YYYY/MM/DD HH:mm:ss` Beijing times. A yellow
 * code comes with Hunan's stated reason, which is passed on verbatim.
 */
import { NpError } from '../../src/core/errors'
import type { Colour, PersonFor, TestOutcome } from '../../src/core/model'
import { defineProvincePlugin, type PluginContext } from '../../src/sdk/types'
import { manifest } from './manifest'
import { oauthSignIn, proxyRecords } from '../oauth'
import { passBundles } from '../bundle'

const COLOURS: Record<string, Colour> = { '01': 'green', '02': 'yellow', '03': 'red' }
const OUTCOMES: Record<string, TestOutcome> = { '0': 'pending', '1': 'negative', '2': 'positive' }

interface HnCode {
  colorCode: string
  riskReason: string
  createTime: string
  expireTime: string
  changeRecords: Array<{ colorCode: string; changeTime: string; riskReason: string }>
  popups: Array<{ popupType: string; popupText: string; removeWay: string }>
  signData: string
}

interface HnNat {
  barCode: string
  checkType: '1' | '2'
  checkResult: string
  collectTime: string
  resultTime: string
  mixedFlag: '0' | '1'
  checkOrg: string
  collectProvince: string
  signData: string
}

interface HnVaccine {
  doseNum: string
  vaccineName: string
  company: string
  injectTime: string
  injectProvince: string
  signData: string
}

/** `YYYY/MM/DD HH:mm:ss` Beijing time ⇄ epoch ms. */
const t = (s: string): number => Date.parse(`${s.replace(/\//g, '-').replace(' ', 'T')}+08:00`)
const slash = (ms: number): string =>
  new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/')
const who = (p: PersonFor<'name' | 'idNumber' | 'phone'>) => ({ name: p.name, idCard: p.idNumber, mobile: p.phone })
const claimOf = (s: string): { claim?: string } => (s ? { claim: s } : {})

async function hn<T>(ctx: PluginContext, path: string, fields: Record<string, string>): Promise<T> {
  const res = await ctx.http.post<{ resultCode?: string; resultMsg?: string; resultData: T }>(
    path,
    new URLSearchParams(fields).toString(),
    {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      signal: ctx.signal,
    },
  )
  if (typeof res.data?.resultCode !== 'string')
    throw new NpError('NP_ERR_RESPONSE_INVALID', { params: { detail: `${path}: no resultCode` } })
  if (res.data.resultCode !== '0000')
    throw new NpError('NP_ERR_BACKEND', { params: { detail: `${res.data.resultCode} ${res.data.resultMsg ?? ''}` } })
  return res.data.resultData
}

export default defineProvincePlugin({
  id: '430000',
  slug: 'hunan',
  name: { zh: '湖南省', en: 'Hunan' },
  manifest,
  identityFields: ['name', 'idNumber', 'phone'],
  ...oauthSignIn(),
  // One signature over its claims for the compact pass QR (docs/formats.md, "Pass bundle").
  ...passBundles(),
  ...proxyRecords(),

  async getHealthCode(ctx, person) {
    const body = { ...who(person) }
    const d = await hn<HnCode>(ctx, '/hnjkm/open/code/info', body)
    return {
      province: '430000',
      issuer: '湖南省卫生健康委员会',
      colour: COLOURS[d.colorCode],
      ...(d.riskReason ? { reason: d.riskReason } : {}),
      issuedAt: t(d.createTime),
      validUntil: t(d.expireTime),
      history: d.changeRecords.map((h) => ({
        colour: COLOURS[h.colorCode],
        at: t(h.changeTime),
        ...(h.riskReason ? { reason: h.riskReason } : {}),
      })),
      popUps: d.popups.map((u) => ({
        type: u.popupType,
        message: u.popupText,
        ...(u.removeWay ? { howToClear: u.removeWay } : {}),
      })),
      ...claimOf(d.signData),
    }
  },

  async getTestResults(ctx, person, { since }) {
    const body = { ...who(person), startTime: slash(since) }
    const d = await hn<{ rows: HnNat[] }>(ctx, '/hnjkm/open/nat/list', body)
    return d.rows.map((x) => ({
      sampleId: x.barCode,
      kind: x.checkType === '1' ? 'pcr' : 'antigen',
      outcome: OUTCOMES[x.checkResult],
      sampledAt: t(x.collectTime),
      ...(x.resultTime ? { reportedAt: t(x.resultTime) } : {}),
      pooled: x.mixedFlag === '1',
      lab: x.checkOrg,
      province: x.collectProvince,
      ...claimOf(x.signData),
    }))
  },

  async getVaccinations(ctx, person) {
    const body = { ...who(person) }
    const d = await hn<{ rows: HnVaccine[] }>(ctx, '/hnjkm/open/vaccine/list', body)
    return d.rows.map((v) => ({
      dose: Number(v.doseNum),
      product: v.vaccineName,
      manufacturer: v.company,
      at: t(v.injectTime),
      province: v.injectProvince,
      ...claimOf(v.signData),
    }))
  },

  async checkIn(ctx, venue, person, { idempotencyKey, at }) {
    const body = { ...who(person), placeCode: venue.venueId, signTime: slash(at), serialNo: idempotencyKey }
    const r = await hn<{ signNo: string; signTime: string; repeatFlag: '0' | '1' }>(ctx, '/hnjkm/open/place/sign', body)
    return { receiptId: r.signNo, at: t(r.signTime), duplicate: r.repeatFlag === '1' }
  },

  async entryRules(ctx) {
    return (await hn<{ policy: unknown }>(ctx, '/hnjkm/open/policy', {})).policy
  },

  async registerVenue(ctx, venue) {
    const body = { placeName: venue.name, placeAddress: venue.address }
    const r = await hn<{ placeCode: string; signData: string }>(ctx, '/hnjkm/open/place/register', body)
    return { venueId: r.placeCode, claim: r.signData }
  },
})
