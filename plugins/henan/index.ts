/**
 * Henan (河南省, 豫康码). REST resources under `/ykm/v1`; the person is named by
 * `pid`, the SHA-256 of the ID number, so the number itself is never sent.
 * The colour history is a separate resource, and a change may state no
 * reason: it is passed on as such, never filled in.
 */
import { NpError } from '../../src/core/errors'
import type { Colour, PersonFor, PopUp } from '../../src/core/model'
import { defineProvincePlugin, type PluginContext } from '../../src/sdk/types'
import { manifest } from './manifest'
import { oauthSignIn, proxyRecords } from '../oauth'
import { passBundles } from '../bundle'

interface YkmCode {
  code: { color: string; reason: string | null; issuedAt: string; expiresAt: string }
  prompts: PopUp[]
  signature: string | null
}

interface YkmTest {
  specimenId: string
  method: 'PCR' | 'ANTIGEN'
  status: 'PENDING' | 'REPORTED'
  positive: boolean
  collectedAt: string
  reportedAt: string | null
  pooled: boolean
  laboratory: string
  region: string
  signature: string | null
}

interface YkmDose {
  doseNumber: number
  vaccine: string
  manufacturer: string
  administeredAt: string
  region: string
  signature: string | null
}

const colour = (c: string): Colour => c.toLowerCase() as Colour
const claimOf = (s: string | null): { claim?: string } => (s ? { claim: s } : {})
const pid = (ctx: PluginContext, person: PersonFor<'idNumber'>): string =>
  ctx.crypto.sha256Hex(person.idNumber.trim().toUpperCase())

type YkmReply = { ok?: boolean; error?: { code: string; message: string } }
type YkmRequest = { params?: object; data?: object; headers?: Record<string, string> }

async function ykm<T>(ctx: PluginContext, method: 'GET' | 'POST', url: string, extra: YkmRequest = {}): Promise<T> {
  const res = await ctx.http.request<YkmReply & T>({ method, url, ...extra, signal: ctx.signal })
  const { ok, error } = res.data ?? {}
  if (typeof ok !== 'boolean')
    throw new NpError('NP_ERR_RESPONSE_INVALID', { params: { detail: `${url}: no ok flag` } })
  if (!ok) throw new NpError('NP_ERR_BACKEND', { params: { detail: `${error?.code ?? '?'} ${error?.message ?? ''}` } })
  return res.data
}

export default defineProvincePlugin({
  id: '410000',
  slug: 'henan',
  name: { zh: '河南省', en: 'Henan' },
  manifest,
  codeApp: '豫康码',
  identityFields: ['idNumber'],
  ...oauthSignIn(),
  // One signature over its claims for the compact pass QR (docs/formats.md, "Pass bundle").
  ...passBundles(),
  ...proxyRecords(),

  async getHealthCode(ctx, person) {
    const params = { pid: pid(ctx, person) }
    const [d, h] = await Promise.all([
      ykm<YkmCode>(ctx, 'GET', '/ykm/v1/person/code', { params }),
      ykm<{ changes: Array<{ color: string; changedAt: string; reason: string | null }> }>(
        ctx,
        'GET',
        '/ykm/v1/person/code/history',
        { params },
      ),
    ])
    return {
      province: '410000',
      issuer: '河南省卫生健康委员会 (豫康码)',
      colour: colour(d.code.color),
      ...(d.code.reason ? { reason: d.code.reason } : {}),
      issuedAt: Date.parse(d.code.issuedAt),
      validUntil: Date.parse(d.code.expiresAt),
      history: h.changes.map((c) => ({
        colour: colour(c.color),
        at: Date.parse(c.changedAt),
        ...(c.reason ? { reason: c.reason } : {}),
      })),
      popUps: d.prompts,
      ...claimOf(d.signature),
    }
  },

  async getTestResults(ctx, person, { since }) {
    const d = await ykm<{ tests: YkmTest[] }>(ctx, 'GET', '/ykm/v1/person/tests', {
      params: { pid: pid(ctx, person), since },
    })
    return d.tests.map((t) => ({
      sampleId: t.specimenId,
      kind: t.method === 'PCR' ? 'pcr' : 'antigen',
      outcome: t.status === 'PENDING' ? 'pending' : t.positive ? 'positive' : 'negative',
      sampledAt: Date.parse(t.collectedAt),
      ...(t.reportedAt ? { reportedAt: Date.parse(t.reportedAt) } : {}),
      pooled: t.pooled,
      lab: t.laboratory,
      province: t.region,
      ...claimOf(t.signature),
    }))
  },

  async getVaccinations(ctx, person) {
    const d = await ykm<{ doses: YkmDose[] }>(ctx, 'GET', '/ykm/v1/person/vaccinations', {
      params: { pid: pid(ctx, person) },
    })
    return d.doses.map((v) => ({
      dose: v.doseNumber,
      product: v.vaccine,
      manufacturer: v.manufacturer,
      at: Date.parse(v.administeredAt),
      province: v.region,
      ...claimOf(v.signature),
    }))
  },

  async checkIn(ctx, venue, person, { idempotencyKey, at }) {
    const d = await ykm<{ checkin: { id: string; receivedAt: string; replayed: boolean } }>(
      ctx,
      'POST',
      '/ykm/v1/checkins',
      {
        data: { pid: pid(ctx, person), venueId: venue.venueId, at: new Date(at).toISOString() },
        headers: { 'idempotency-key': idempotencyKey },
      },
    )
    return { receiptId: d.checkin.id, at: Date.parse(d.checkin.receivedAt), duplicate: d.checkin.replayed }
  },

  async entryRules(ctx) {
    return (await ykm<{ rules: unknown }>(ctx, 'GET', '/ykm/v1/rules')).rules
  },

  async registerVenue(ctx, venue) {
    const d = await ykm<{ venue: { id: string }; signature: string }>(ctx, 'POST', '/ykm/v1/venues', { data: venue })
    return { venueId: d.venue.id, claim: d.signature }
  },
})
