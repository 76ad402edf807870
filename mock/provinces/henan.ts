/**
 * Mock 豫康码 (Henan) REST API. The person is named by `pid`, the SHA-256
 * (hex) of the upper-case ID number, so the number itself never travels.
 * Answers `{ ok: true, ... }` or `{ ok: false, error: { code, message } }`;
 * times are ISO 8601 UTC. The colour history is a separate resource, and a
 * change may carry no reason at all (`reason: null`), as it did for the bank
 * depositors in 2022.
 */
import { createHash } from 'node:crypto'
import { demoPeople, type DemoPerson } from '../data/people'
import { jsonBody, num, provinceStores, recordsFor, registerVenue, rulesFor, storeCheckIn, str } from '../lib/province'
import { authorise } from '../lib/sessions'
import type { MockBackend, MockEnv, MockRequest, MockResponse } from '../lib/types'

const PROVINCE = '410000'
const iso = (ms: number): string => new Date(ms).toISOString()
const ok = (fields: Record<string, unknown>): MockResponse => ({ status: 200, body: { ok: true, ...fields } })
const fail = (code: string, message: string): MockResponse => ({
  status: 200,
  body: { ok: false, error: { code, message } },
})

/** The pid Henan uses for an ID number. */
export function henanPid(idNumber: string): string {
  return createHash('sha256').update(idNumber.trim().toUpperCase()).digest('hex')
}

function byPid(pid: string | undefined): DemoPerson | undefined {
  return authorise(pid ? demoPeople.find((p) => henanPid(p.identity.idNumber) === pid.toLowerCase()) : undefined)
}

function createBackend(): MockBackend {
  const stores = provinceStores(PROVINCE, 'HA')

  function personal(req: MockRequest, p: DemoPerson, env: MockEnv): MockResponse {
    const route = `${req.method} ${req.path}`
    switch (route) {
      case 'GET /ykm/v1/person/code': {
        const hc = recordsFor(env, PROVINCE, p).healthCode
        const code = {
          color: hc.colour.toUpperCase(),
          reason: hc.reason ?? null,
          issuedAt: iso(hc.issuedAt),
          expiresAt: iso(hc.validUntil),
        }
        return ok({ code, prompts: hc.popUps, signature: hc.claim ?? null })
      }
      case 'GET /ykm/v1/person/code/history': {
        const { history } = recordsFor(env, PROVINCE, p, { signs: false }).healthCode
        return ok({
          changes: history.map((h) => ({
            color: h.colour.toUpperCase(),
            changedAt: iso(h.at),
            reason: h.reason ?? null,
          })),
        })
      }
      case 'GET /ykm/v1/person/tests': {
        const since = num(Object.fromEntries(req.query), 'since') ?? 0
        const tests = recordsFor(env, PROVINCE, p, { since }).tests.map((t) => ({
          specimenId: t.sampleId,
          method: t.kind.toUpperCase(),
          status: t.outcome === 'pending' ? 'PENDING' : 'REPORTED',
          positive: t.outcome === 'positive',
          collectedAt: iso(t.sampledAt),
          reportedAt: t.reportedAt === undefined ? null : iso(t.reportedAt),
          pooled: t.pooled,
          laboratory: t.lab,
          region: t.province,
          signature: t.claim ?? null,
        }))
        return ok({ tests })
      }
      case 'GET /ykm/v1/person/vaccinations':
        return ok({
          doses: recordsFor(env, PROVINCE, p).vaccinations.map((v) => ({
            doseNumber: v.dose,
            vaccine: v.product,
            manufacturer: v.manufacturer,
            administeredAt: iso(v.at),
            region: v.province,
            signature: v.claim ?? null,
          })),
        })
      default:
        return { status: 404, body: { ok: false, error: { code: 'NOT_FOUND', message: `no route ${route}` } } }
    }
  }

  return {
    slug: 'henan',
    province: PROVINCE,
    reset: stores.reset,
    handle(req, env) {
      const admin = stores.admin(req)
      if (admin) return admin
      const route = `${req.method} ${req.path}`
      if (route === 'GET /ykm/v1/rules') return ok({ rules: rulesFor(PROVINCE) })
      if (route === 'POST /ykm/v1/venues') {
        const b = jsonBody(req)
        const v = registerVenue(env, PROVINCE, stores, str(b, 'name'), str(b, 'address'))
        return v
          ? ok({ venue: { id: v.venueId }, signature: v.claim })
          : fail('BAD_REQUEST', 'name and address are required')
      }
      if (route === 'POST /ykm/v1/checkins') {
        const b = jsonBody(req)
        const p = byPid(str(b, 'pid'))
        const key = req.headers['idempotency-key']
        const at = Date.parse(str(b, 'at') ?? '')
        if (!p) return fail('PERSON_NOT_FOUND', '未找到该人员')
        if (!key || Number.isNaN(at)) return fail('BAD_REQUEST', 'Idempotency-Key header and at are required')
        const r = storeCheckIn(stores, p, str(b, 'venueId') ?? '', key, at, env.now())
        return r
          ? ok({ checkin: { id: r.receiptId, receivedAt: iso(r.at), replayed: r.duplicate } })
          : fail('VENUE_NOT_FOUND', '场所不存在')
      }
      const p = byPid(req.query.get('pid') ?? undefined)
      return p ? personal(req, p, env) : fail('PERSON_NOT_FOUND', '未找到该人员')
    },
  }
}

/** The Henan mock backend. */
export const henanBackend: MockBackend = createBackend()
