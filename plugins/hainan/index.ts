/**
 * Hainan (海南省). `{ retCode, retMsg, retData }` answers, ISO times. The
 * backend is slow (about 800 ms a request) and now and then answers HTTP 503;
 * every call is retried up to twice on 503, so the deadline allows three slow requests.
 */
import { NpError, isNpError } from '../../src/core/errors'
import type { Colour, PersonFor, PopUp, TestKind, TestOutcome } from '../../src/core/model'
import { defineProvincePlugin, type PluginContext } from '../../src/sdk/types'
import { manifest } from './manifest'
import { oauthSignIn, proxyRecords } from '../oauth'
import { passBundles } from '../bundle'

interface HnCode {
  healthColor: Colour
  colorCause: string
  validFrom: string
  validTo: string
  colorLog: Array<{ healthColor: Colour; logTime: string; colorCause: string }>
  tips: PopUp[]
  codeSign: string
}

interface HnNat {
  sampleCode: string
  natType: TestKind
  natResult: TestOutcome
  sampleTime: string
  resultTime: string
  poolFlag: boolean
  labName: string
  sampleProvince: string
  recordSign: string
}

interface HnVaccine {
  doseNo: number
  vaccineName: string
  producer: string
  vaccinateTime: string
  vaccinateProvince: string
  recordSign: string
}

const who = (p: PersonFor<'name' | 'idNumber'>) => ({ realName: p.name, certNo: p.idNumber })
const claimOf = (s: string): { claim?: string } => (s ? { claim: s } : {})
const is503 = (e: unknown): boolean => isNpError(e) && e.code === 'NP_ERR_HTTP_STATUS' && e.params.status === 503

async function once<T>(ctx: PluginContext, method: 'GET' | 'POST', url: string, data?: object): Promise<T> {
  const res = await ctx.http.request<{ retCode?: number; retMsg?: string; retData: T }>({
    method,
    url,
    data,
    signal: ctx.signal,
  })
  if (typeof res.data?.retCode !== 'number')
    throw new NpError('NP_ERR_RESPONSE_INVALID', { params: { detail: `${url}: no retCode` } })
  if (res.data.retCode !== 0)
    throw new NpError('NP_ERR_BACKEND', { params: { detail: `${res.data.retCode} ${res.data.retMsg ?? ''}` } })
  return res.data.retData
}

/** One call, retried up to twice when the server answers 503, while the deadline has not passed. */
async function hn<T>(ctx: PluginContext, method: 'GET' | 'POST', url: string, data?: object): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await once<T>(ctx, method, url, data)
    } catch (e) {
      if (!is503(e) || ctx.signal.aborted || attempt >= 2) throw e
      ctx.log.info('retrying after 503', { url, attempt: attempt + 1 })
    }
  }
}

export default defineProvincePlugin({
  id: '460000',
  slug: 'hainan',
  name: { zh: '海南省', en: 'Hainan' },
  manifest,
  identityFields: ['name', 'idNumber'],
  ...oauthSignIn(),
  // One signature over its claims for the compact pass QR (docs/formats.md, "Pass bundle").
  ...passBundles(),
  ...proxyRecords(),
  timeoutMs: 4000,

  async getHealthCode(ctx, person) {
    const body = { ...who(person) }
    const d = await hn<HnCode>(ctx, 'POST', '/hnjkm/api/code/status', body)
    return {
      province: '460000',
      issuer: '海南省卫生健康委员会',
      colour: d.healthColor,
      ...(d.colorCause ? { reason: d.colorCause } : {}),
      issuedAt: Date.parse(d.validFrom),
      validUntil: Date.parse(d.validTo),
      history: d.colorLog.map((h) => ({
        colour: h.healthColor,
        at: Date.parse(h.logTime),
        ...(h.colorCause ? { reason: h.colorCause } : {}),
      })),
      popUps: d.tips,
      ...claimOf(d.codeSign),
    }
  },

  async getTestResults(ctx, person, { since }) {
    const body = { ...who(person), startTime: new Date(since).toISOString() }
    const list = await hn<HnNat[]>(ctx, 'POST', '/hnjkm/api/nat/records', body)
    return list.map((t) => ({
      sampleId: t.sampleCode,
      kind: t.natType,
      outcome: t.natResult,
      sampledAt: Date.parse(t.sampleTime),
      ...(t.resultTime ? { reportedAt: Date.parse(t.resultTime) } : {}),
      pooled: t.poolFlag,
      lab: t.labName,
      province: t.sampleProvince,
      ...claimOf(t.recordSign),
    }))
  },

  async getVaccinations(ctx, person) {
    const list = await hn<HnVaccine[]>(ctx, 'POST', '/hnjkm/api/vaccine/records', who(person))
    return list.map((v) => ({
      dose: v.doseNo,
      product: v.vaccineName,
      manufacturer: v.producer,
      at: Date.parse(v.vaccinateTime),
      province: v.vaccinateProvince,
      ...claimOf(v.recordSign),
    }))
  },

  async checkIn(ctx, venue, person, { idempotencyKey, at }) {
    const r = await hn<{ scanNo: string; serverTime: string; repeated: boolean }>(
      ctx,
      'POST',
      '/hnjkm/api/place/scan',
      {
        realName: person.name,
        certNo: person.idNumber,
        placeNo: venue.venueId,
        scanTime: new Date(at).toISOString(),
        scanId: idempotencyKey,
      },
    )
    return { receiptId: r.scanNo, at: Date.parse(r.serverTime), duplicate: r.repeated }
  },

  entryRules: (ctx) => hn<unknown>(ctx, 'GET', '/hnjkm/api/policy/entry'),

  async registerVenue(ctx, venue) {
    const body = { placeName: venue.name, placeAddress: venue.address }
    const r = await hn<{ placeNo: string; placeSign: string }>(ctx, 'POST', '/hnjkm/api/place/apply', body)
    return { venueId: r.placeNo, claim: r.placeSign }
  },
})
