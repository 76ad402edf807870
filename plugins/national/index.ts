/**
 * The national platform (国家政务服务平台, authority 100000): the national
 * code (防疫健康信息码), through which provinces recognised each other's
 * codes; the itinerary card (通信行程卡) for the person's phone; and every
 * authority's signed list of medium/high-risk areas. Answers are
 * `{ code: 0, msg, data }`; see mock/national/backend.ts. Personal requests
 * carry the person's session token (OAuth sign-in, ../oauth.ts); risk-area
 * lists are public.
 */
import { NpError } from '../../src/core/errors'
import type { HealthCode } from '../../src/core/model'
import type { Itinerary } from '../../src/core/itinerary'
import type { SignedRiskAreaList } from '../../src/core/riskAreas'
import { defineProvincePlugin, type PluginContext } from '../../src/sdk/types'
import { oauthSignIn } from '../oauth'
import { passBundles } from '../bundle'
import { manifest } from './manifest'

interface Reply<T> {
  code: number
  msg: string
  data?: T
}

async function call<T>(ctx: PluginContext, method: 'GET' | 'POST', url: string, data?: object, params?: object) {
  const res = await ctx.http.request<Reply<T>>({ method, url, data, params, signal: ctx.signal })
  if (typeof res.data?.code !== 'number')
    throw new NpError('NP_ERR_RESPONSE_INVALID', { params: { detail: `${url}: no code` } })
  if (res.data.code !== 0)
    throw new NpError('NP_ERR_BACKEND', { params: { detail: `${res.data.code} ${res.data.msg}` } })
  return res.data.data as T
}

export default defineProvincePlugin({
  id: '100000',
  slug: 'national-platform',
  kind: 'national',
  manifest,
  name: { zh: '国家政务服务平台', en: 'National Government Service Platform' },
  codeApp: '防疫健康信息码',
  identityFields: ['name', 'idNumber', 'phone'],
  contact: {
    hotline: '12320',
    serviceHotline: '12345',
    appeal: {
      zh: '国家政务服务平台小程序 → 防疫健康信息码 → 异议申诉',
      en: 'National Government Service Platform mini-program → health code → appeal',
    },
  },
  // Personal answers (national code, itinerary) need the person's session, like the provinces'.
  ...oauthSignIn(),
  // One signature over its claims for the compact pass QR (docs/formats.md, "Pass bundle").
  ...passBundles(),

  async getHealthCode(ctx, person) {
    return call<HealthCode>(ctx, 'POST', '/api/v1/health-code', { name: person.name, idNumber: person.idNumber })
  },

  async getItinerary(ctx, person) {
    return call<Itinerary>(ctx, 'POST', '/api/v1/itinerary', {
      name: person.name,
      idNumber: person.idNumber,
      phone: person.phone,
    })
  },

  async getRiskAreas(ctx, { authority }) {
    return call<SignedRiskAreaList>(ctx, 'GET', '/api/v1/risk-areas', undefined, { authority })
  },
})
