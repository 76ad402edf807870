/**
 * Guangdong (广东省, 粤康码). Open API with a `{ code, msg, data }` envelope,
 * reached through Guangdong's gateway for National Pass, which holds the app
 * secret and signs for the open API (HMAC-SHA256) on the server side.
 */
import { NpError } from '../../src/core/errors'
import type { Colour, PersonFor, TestOutcome } from '../../src/core/model'
import { defineProvincePlugin, type PluginContext } from '../../src/sdk/types'
import { manifest } from './manifest'
import { oauthSignIn, proxyRecords } from '../oauth'
import { passBundles } from '../bundle'

const COLOURS: Record<string, Colour> = { '1': 'green', '2': 'yellow', '3': 'red' }
const OUTCOMES: Record<string, TestOutcome> = { 阴性: 'negative', 阳性: 'positive', 检测中: 'pending' }

type GdEnvelope<T> = { code: number; msg: string; data: T }

interface GdCode {
  codeColor: string
  colorReason: string
  createTime: string
  expireTime: string
  changeList: Array<{ codeColor: string; changeTime: string; changeReason: string }>
  popList: Array<{ popType: string; popMsg: string; solution: string }>
  signedClaim?: string
}

interface GdTest {
  sampleNo: string
  detectType: 1 | 2
  detectResult: string
  collectTime: string
  reportTime: string
  mixFlag: 'Y' | 'N'
  orgName: string
  collectArea: string
  signedClaim?: string
}

interface GdVaccine {
  injectNo: number
  vaccineName: string
  manufacturer: string
  injectTime: string
  injectArea: string
  signedClaim?: string
}

/** `YYYY-MM-DD HH:mm:ss` in Beijing time → epoch ms. */
const bj = (s: string): number => Date.parse(`${s.replace(' ', 'T')}+08:00`)
const who = (p: PersonFor<'name' | 'idNumber'>) => ({ name: p.name, idCard: p.idNumber })
const claimOf = (c: string | undefined): { claim?: string } => (c ? { claim: c } : {})

/**
 * One call through Guangdong's gateway for National Pass. The open API wants
 * every request HMAC-signed with the app secret Guangdong issued; that secret
 * lives on the gateway, never in the app. The app sends the user's session
 * token (the host adds it) and the gateway signs and forwards.
 */
async function gd<T>(ctx: PluginContext, path: string, payload: object): Promise<T> {
  const body = JSON.stringify(payload)
  const headers = { 'content-type': 'application/json' }
  const res = await ctx.http.post<GdEnvelope<T>>(path.replace('/ykm/open/', '/ykm/gw/'), body, {
    headers,
    signal: ctx.signal,
  })
  const { code, msg, data } = res.data
  if (typeof code !== 'number')
    throw new NpError('NP_ERR_RESPONSE_INVALID', { params: { detail: `${path}: no { code, msg, data } envelope` } })
  if (code !== 0) throw new NpError('NP_ERR_BACKEND', { params: { detail: `${code} ${msg}` } })
  return data
}

export default defineProvincePlugin({
  id: '440000',
  slug: 'guangdong',
  name: { zh: '广东省', en: 'Guangdong' },
  manifest,
  codeApp: '粤康码',
  identityFields: ['name', 'idNumber'],
  ...oauthSignIn(),
  // One signature over its claims for the compact pass QR (docs/formats.md, "Pass bundle").
  ...passBundles(),
  ...proxyRecords(),

  async getHealthCode(ctx, person) {
    const d = await gd<GdCode>(ctx, '/ykm/open/v2/code/query', who(person))
    return {
      province: '440000',
      issuer: '广东省卫生健康委员会 (粤康码)',
      colour: COLOURS[d.codeColor],
      ...(d.colorReason ? { reason: d.colorReason } : {}),
      issuedAt: bj(d.createTime),
      validUntil: bj(d.expireTime),
      history: d.changeList.map((h) => ({
        colour: COLOURS[h.codeColor],
        at: bj(h.changeTime),
        ...(h.changeReason ? { reason: h.changeReason } : {}),
      })),
      popUps: d.popList.map((u) => ({
        type: u.popType,
        message: u.popMsg,
        ...(u.solution ? { howToClear: u.solution } : {}),
      })),
      ...claimOf(d.signedClaim),
    }
  },

  async getTestResults(ctx, person, { since }) {
    const d = await gd<{ list: GdTest[] }>(ctx, '/ykm/open/v2/nucleic/list', {
      ...who(person),
      beginTime: String(since),
    })
    return d.list.map((t) => ({
      sampleId: t.sampleNo,
      kind: t.detectType === 1 ? 'pcr' : 'antigen',
      outcome: OUTCOMES[t.detectResult],
      sampledAt: bj(t.collectTime),
      ...(t.reportTime ? { reportedAt: bj(t.reportTime) } : {}),
      pooled: t.mixFlag === 'Y',
      lab: t.orgName,
      province: t.collectArea,
      ...claimOf(t.signedClaim),
    }))
  },

  async getVaccinations(ctx, person) {
    const d = await gd<{ list: GdVaccine[] }>(ctx, '/ykm/open/v2/vaccine/list', who(person))
    return d.list.map((v) => ({
      dose: v.injectNo,
      product: v.vaccineName,
      manufacturer: v.manufacturer,
      at: bj(v.injectTime),
      province: v.injectArea,
      ...claimOf(v.signedClaim),
    }))
  },

  async checkIn(ctx, venue, person, { idempotencyKey, at }) {
    const body = { ...who(person), placeCode: venue.venueId, scanTime: String(at), requestId: idempotencyKey }
    const r = await gd<{ recordId: string; recordTime: string; repeat: boolean }>(
      ctx,
      '/ykm/open/v2/place/checkin',
      body,
    )
    return { receiptId: r.recordId, at: bj(r.recordTime), duplicate: r.repeat }
  },

  entryRules: (ctx) => gd<unknown>(ctx, '/ykm/open/v2/rules', {}),

  async registerVenue(ctx, venue) {
    const body = { placeName: venue.name, placeAddr: venue.address }
    const r = await gd<{ placeCode: string; signedClaim: string }>(ctx, '/ykm/open/v2/place/register', body)
    return { venueId: r.placeCode, claim: r.signedClaim }
  },
})
