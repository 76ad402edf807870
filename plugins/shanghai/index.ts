/**
 * Shanghai (上海市, 随申码). The open API (`POST /ssm/gateway/<service>`)
 * AES-encrypts every body under a key Shanghai issued; National Pass calls
 * `POST /ssm/gw/<service>` on Shanghai's gateway instead, which holds that key.
 * Answers are `{ rtnCode, rtnMsg, bizData }`; times are epoch ms.
 */
import { NpError } from '../../src/core/errors'
import type { Colour, PersonFor, TestOutcome } from '../../src/core/model'
import { defineProvincePlugin, type PluginContext } from '../../src/sdk/types'
import { manifest } from './manifest'
import { oauthSignIn, proxyRecords } from '../oauth'
import { passBundles } from '../bundle'

const COLOURS: Colour[] = ['green', 'yellow', 'red']

interface SsmColor {
  color: number
  reasonText: string | null
  genTime: number
  validTime: number
  colorHistory: Array<{ color: number; time: number; reasonText: string | null }>
  notices: Array<{ noticeType: string; content: string; guide: string | null }>
  sign: string | null
}

interface SsmNat {
  barcode: string
  method: 'PCR' | 'AG'
  resultText: TestOutcome
  samplingTime: number
  reportTime: number | null
  mixed: boolean
  agency: string
  regionCode: string
  sign: string | null
}

interface SsmDose {
  seq: number
  name: string
  maker: string
  time: number
  regionCode: string
  sign: string | null
}

const who = (p: PersonFor<'name' | 'idNumber'>) => ({ userName: p.name, certNo: p.idNumber })
const claimOf = (sign: string | null): { claim?: string } => (sign ? { claim: sign } : {})

/**
 * Calls one service through Shanghai's gateway for National Pass and returns
 * its `bizData`. The open API encrypts every body under the AES key Shanghai
 * issued; that key lives on the gateway, never in the app.
 */
async function ssm<T>(ctx: PluginContext, service: string, request: object): Promise<T> {
  const res = await ctx.http.post<unknown>(`/ssm/gw/${service}`, request, { signal: ctx.signal })
  const reply = res.data as { rtnCode?: unknown; rtnMsg?: unknown; bizData?: T } | undefined
  if (typeof reply?.rtnCode !== 'string') {
    throw new NpError('NP_ERR_RESPONSE_INVALID', {
      params: { detail: `${service}: answer is not { rtnCode, bizData }` },
    })
  }
  if (reply.rtnCode !== '0000')
    throw new NpError('NP_ERR_BACKEND', { params: { detail: `${reply.rtnCode} ${String(reply.rtnMsg)}` } })
  return reply.bizData as T
}

export default defineProvincePlugin({
  id: '310000',
  slug: 'shanghai',
  name: { zh: '上海市', en: 'Shanghai' },
  manifest,
  codeApp: '随申码',
  identityFields: ['name', 'idNumber'],
  ...oauthSignIn(),
  // One signature over its claims for the compact pass QR (docs/formats.md, "Pass bundle").
  ...passBundles(),
  ...proxyRecords(),

  async getHealthCode(ctx, person) {
    const d = await ssm<SsmColor>(ctx, 'color.query', who(person))
    return {
      province: '310000',
      issuer: '上海市卫生健康委员会 (随申码)',
      colour: COLOURS[d.color],
      ...(d.reasonText ? { reason: d.reasonText } : {}),
      issuedAt: d.genTime,
      validUntil: d.validTime,
      history: d.colorHistory.map((h) => ({
        colour: COLOURS[h.color],
        at: h.time,
        ...(h.reasonText ? { reason: h.reasonText } : {}),
      })),
      popUps: d.notices.map((n) => ({
        type: n.noticeType,
        message: n.content,
        ...(n.guide ? { howToClear: n.guide } : {}),
      })),
      ...claimOf(d.sign),
    }
  },

  async getTestResults(ctx, person, { since }) {
    const body = { ...who(person), fromTime: since }
    const d = await ssm<{ natList: SsmNat[] }>(ctx, 'nat.list', body)
    return d.natList.map((t) => ({
      sampleId: t.barcode,
      kind: t.method === 'PCR' ? 'pcr' : 'antigen',
      outcome: t.resultText,
      sampledAt: t.samplingTime,
      ...(t.reportTime !== null ? { reportedAt: t.reportTime } : {}),
      pooled: t.mixed,
      lab: t.agency,
      province: t.regionCode,
      ...claimOf(t.sign),
    }))
  },

  async getVaccinations(ctx, person) {
    const d = await ssm<{ doses: SsmDose[] }>(ctx, 'vaccine.list', who(person))
    return d.doses.map((v) => ({
      dose: v.seq,
      product: v.name,
      manufacturer: v.maker,
      at: v.time,
      province: v.regionCode,
      ...claimOf(v.sign),
    }))
  },

  async checkIn(ctx, venue, person, { idempotencyKey, at }) {
    const body = { ...who(person), placeId: venue.venueId, time: at, serialNo: idempotencyKey }
    const r = await ssm<{ ticket: string; time: number; repeated: boolean }>(ctx, 'place.checkin', body)
    return { receiptId: r.ticket, at: r.time, duplicate: r.repeated }
  },

  entryRules: (ctx) => ssm<unknown>(ctx, 'rules.get', {}),

  async registerVenue(ctx, venue) {
    const body = { placeName: venue.name, placeAddress: venue.address }
    const r = await ssm<{ placeId: string; sign: string }>(ctx, 'place.register', body)
    return { venueId: r.placeId, claim: r.sign }
  },
})
