/**
 * Jiangsu (江苏省, 苏康码). Bank-style `{ head, body }` envelopes, snake_case
 * fields, ISO times. Also recognises Wuxi's city-level 门铃码 and Jiangsu's
 * own legacy 场所码 (formats in ./placeCodes.ts) and checks in there.
 */
import { NpError } from '../../src/core/errors'
import type { Colour, PersonFor, TestOutcome } from '../../src/core/model'
import { defineProvincePlugin, type PluginContext } from '../../src/sdk/types'
import { recognizeJiangsuLegacyCode } from './placeCodes'
import { manifest } from './manifest'
import { oauthSignIn, proxyRecords } from '../oauth'
import { passBundles } from '../bundle'

const OUTCOMES: Record<string, TestOutcome> = { 阴性: 'negative', 阳性: 'positive', 待出: 'pending' }

type SkmReply<T> = { head?: { rspcode: string; rspmsg: string }; body: T }

interface SkmCode {
  code_color: Colour
  color_reason: string
  issue_time: string
  expire_time: string
  history: Array<{ color: Colour; change_time: string; reason: string }>
  alerts: Array<{ alert_type: string; alert_text: string; clear_guide: string }>
  signed_claim: string
}

interface SkmTest {
  sample_id: string
  test_type: 'nat' | 'antigen'
  test_result: string
  sample_time: string
  report_time: string | null
  is_mixed: '0' | '1'
  lab_name: string
  sample_area: string
  signed_claim: string
}

interface SkmVaccine {
  dose_no: number
  vaccine_name: string
  manufacturer: string
  inoculate_time: string
  inoculate_area: string
  signed_claim: string
}

const t = (iso: string): number => Date.parse(iso)
const who = (p: PersonFor<'name' | 'idNumber'>) => ({ xm: p.name, sfzh: p.idNumber })
const claimOf = (c: string): { claim?: string } => (c ? { claim: c } : {})

async function skm<T>(ctx: PluginContext, path: string, body: object): Promise<T> {
  const reqtime = new Date(ctx.clock.now()).toISOString()
  const head = { appid: ctx.config.appKey ?? 'national-pass', reqid: ctx.crypto.nonce(8), reqtime }
  const res = await ctx.http.post<SkmReply<T>>(path, { head, body }, { signal: ctx.signal })
  const h = res.data?.head
  if (typeof h?.rspcode !== 'string')
    throw new NpError('NP_ERR_RESPONSE_INVALID', { params: { detail: `${path}: no { head, body } envelope` } })
  if (h.rspcode !== '000000') throw new NpError('NP_ERR_BACKEND', { params: { detail: `${h.rspcode} ${h.rspmsg}` } })
  return res.data.body
}

export default defineProvincePlugin({
  id: '320000',
  slug: 'jiangsu',
  name: { zh: '江苏省', en: 'Jiangsu' },
  manifest,
  codeApp: '苏康码',
  identityFields: ['name', 'idNumber'],
  ...oauthSignIn(),
  // One signature over its claims for the compact pass QR (docs/formats.md, "Pass bundle").
  ...passBundles(),
  ...proxyRecords(),

  async getHealthCode(ctx, person) {
    const d = await skm<SkmCode>(ctx, '/skm/v1/code', who(person))
    return {
      province: '320000',
      issuer: '江苏省卫生健康委员会 (苏康码)',
      colour: d.code_color,
      ...(d.color_reason ? { reason: d.color_reason } : {}),
      issuedAt: t(d.issue_time),
      validUntil: t(d.expire_time),
      history: d.history.map((h) => ({
        colour: h.color,
        at: t(h.change_time),
        ...(h.reason ? { reason: h.reason } : {}),
      })),
      popUps: d.alerts.map((a) => ({
        type: a.alert_type,
        message: a.alert_text,
        ...(a.clear_guide ? { howToClear: a.clear_guide } : {}),
      })),
      ...claimOf(d.signed_claim),
    }
  },

  async getTestResults(ctx, person, { since }) {
    const d = await skm<{ items: SkmTest[] }>(ctx, '/skm/v1/nat', {
      ...who(person),
      since: new Date(since).toISOString(),
    })
    return d.items.map((x) => ({
      sampleId: x.sample_id,
      kind: x.test_type === 'nat' ? 'pcr' : 'antigen',
      outcome: OUTCOMES[x.test_result],
      sampledAt: t(x.sample_time),
      ...(x.report_time ? { reportedAt: t(x.report_time) } : {}),
      pooled: x.is_mixed === '1',
      lab: x.lab_name,
      province: x.sample_area,
      ...claimOf(x.signed_claim),
    }))
  },

  async getVaccinations(ctx, person) {
    const d = await skm<{ items: SkmVaccine[] }>(ctx, '/skm/v1/vaccine', who(person))
    return d.items.map((v) => ({
      dose: v.dose_no,
      product: v.vaccine_name,
      manufacturer: v.manufacturer,
      at: t(v.inoculate_time),
      province: v.inoculate_area,
      ...claimOf(v.signed_claim),
    }))
  },

  recognizePlaceCode: recognizeJiangsuLegacyCode,

  async checkIn(ctx, venue, person, { idempotencyKey, at }) {
    const body = {
      ...who(person),
      place_id: venue.venueId,
      scan_time: new Date(at).toISOString(),
      req_id: idempotencyKey,
    }
    const r = await skm<{ receipt_no: string; receive_time: string; is_repeat: '0' | '1' }>(
      ctx,
      '/skm/v1/place/checkin',
      body,
    )
    return { receiptId: r.receipt_no, at: t(r.receive_time), duplicate: r.is_repeat === '1' }
  },

  async entryRules(ctx) {
    return (await skm<{ rules: unknown }>(ctx, '/skm/v1/rules', {})).rules
  },

  async registerVenue(ctx, venue) {
    const body = { place_name: venue.name, place_address: venue.address }
    const r = await skm<{ place_id: string; signed_claim: string }>(ctx, '/skm/v1/place/register', body)
    return { venueId: r.place_id, claim: r.signed_claim }
  },
})
