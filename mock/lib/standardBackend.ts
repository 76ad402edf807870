/**
 * A configurable mock of the one standard province API shape (modelled on the
 * national standard's query and verification interfaces). Provinces without
 * their own API use it with configuration alone; `plugins/standard.ts` is
 * its client.
 *
 * Every answer is `{ success: true, data }` or
 * `{ success: false, errorCode, errorMessage }` with HTTP 200, except unknown
 * routes (404). Times are ISO 8601 with the +08:00 offset.
 *
 * | route                          | body                                             |
 * |--------------------------------|--------------------------------------------------|
 * | POST /v1/health-code/query     | identity fields                                  |
 * | POST /v1/nucleic-acid/query    | identity fields, `since` (ISO)                   |
 * | POST /v1/vaccination/query     | identity fields                                  |
 * | POST /v1/place/checkin         | identity fields, placeId, checkedInAt, idempotencyKey |
 * | GET  /v1/entry-rules           |                                                  |
 * | POST /v1/place/register        | name, address                                    |
 * | GET  /v1/declaration/form      |                                                  |
 * | POST /v1/declaration/submit    | identity fields, answers, idempotencyKey         |
 */
import type { DeclarationForm, HealthCode, ProvinceCode, TestResult, Vaccination } from '../../src/core/model'
import type { DemoPerson } from '../data/people'
import {
  findPerson,
  jsonBody,
  provinceInfo,
  provinceStores,
  recordsFor,
  registerVenue,
  rulesFor,
  storeCheckIn,
  str,
} from './province'
import type { MockBackend, MockEnv, MockRequest, MockResponse } from './types'

/** Configuration of one standard backend. */
export interface StandardBackendOptions {
  slug: string
  province: ProvinceCode
  /** Whether the backend signs claims. @default true */
  signs?: boolean
  /** The arrival declaration form, when the province requires one. */
  declaration?: DeclarationForm
}

const DAY = 86_400_000

/** ISO 8601 with the +08:00 offset, as the standard interface writes times. */
export function isoBeijing(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 23)}+08:00`
}

const ok = (data: unknown): MockResponse => ({ status: 200, body: { success: true, data } })
const fail = (errorCode: string, errorMessage: string): MockResponse => ({
  status: 200,
  body: { success: false, errorCode, errorMessage },
})

function healthCodeDto(hc: HealthCode): Record<string, unknown> {
  return {
    codeColor: hc.colour,
    reason: hc.reason,
    issuer: hc.issuer,
    issuedAt: isoBeijing(hc.issuedAt),
    validUntil: isoBeijing(hc.validUntil),
    history: hc.history.map((h) => ({ codeColor: h.colour, changedAt: isoBeijing(h.at), reason: h.reason })),
    popUps: hc.popUps,
    claim: hc.claim,
  }
}

function testDto(t: TestResult): Record<string, unknown> {
  return {
    sampleId: t.sampleId,
    testType: t.kind === 'pcr' ? 'PCR' : 'ANTIGEN',
    result: t.outcome.toUpperCase(),
    sampledAt: isoBeijing(t.sampledAt),
    reportedAt: t.reportedAt === undefined ? null : isoBeijing(t.reportedAt),
    pooled: t.pooled,
    lab: t.lab,
    province: t.province,
    claim: t.claim,
  }
}

function vaccinationDto(v: Vaccination): Record<string, unknown> {
  return {
    dose: v.dose,
    product: v.product,
    manufacturer: v.manufacturer,
    vaccinatedAt: isoBeijing(v.at),
    province: v.province,
    claim: v.claim,
  }
}

/** Checks answers against a declaration form; the first problem, or `undefined`. */
export function checkAnswers(form: DeclarationForm, answers: Record<string, unknown>): string | undefined {
  for (const f of form.fields) {
    const v = answers[f.key]
    if (v === undefined || v === '') {
      if (f.required) return `${f.key} (${f.label.zh}) is required`
      continue
    }
    if (typeof v !== 'string') return `${f.key} must be a string`
    if (f.type === 'boolean' && v !== 'true' && v !== 'false') return `${f.key} must be true or false`
    if (f.options && !f.options.some((o) => o.value === v))
      return `${f.key} must be one of ${f.options.map((o) => o.value).join(', ')}`
    if (f.pattern && !new RegExp(f.pattern).test(v)) return `${f.key} does not match ${f.pattern}`
  }
  return undefined
}

/** A mock backend speaking the standard interface for one province. */
export function standardBackend(options: StandardBackendOptions): MockBackend {
  const { slug, province, signs = true, declaration } = options
  const prefix = provinceInfo(province).slug.slice(0, 3).toUpperCase()
  const stores = provinceStores(province, prefix)

  function person(body: Record<string, unknown> | undefined): DemoPerson | undefined {
    return findPerson({
      name: str(body, 'name'),
      idNumber: str(body, 'idNumber'),
      phone: str(body, 'phone'),
      birthDate: str(body, 'birthDate'),
    })
  }

  function handle(req: MockRequest, env: MockEnv): MockResponse {
    const admin = stores.admin(req)
    if (admin) return admin
    const route = `${req.method} ${req.path}`
    if (route === 'GET /v1/entry-rules') return ok(rulesFor(province))
    if (route === 'GET /v1/declaration/form')
      return declaration ? ok(declaration) : fail('E4040', '本省无需入境申报 · no declaration required')
    if (req.method !== 'POST')
      return { status: 404, body: { success: false, errorCode: 'E4040', errorMessage: `no route ${route}` } }
    const body = jsonBody(req)
    if (!body) return fail('E4000', '请求体不是 JSON 对象 · body must be a JSON object')
    const now = env.now()

    if (req.path === '/v1/place/register') {
      if (!signs) return fail('E5010', '本省暂不支持场所码登记 · venue registration not supported')
      const v = registerVenue(env, province, stores, str(body, 'name'), str(body, 'address'))
      if (!v) return fail('E4001', 'name 和 address 必填 · name and address are required')
      return ok({ placeId: v.venueId, claim: v.claim })
    }

    const p = person(body)
    if (!p) return fail('E4041', '未找到该人员信息 · person not found')
    switch (req.path) {
      case '/v1/health-code/query':
        return ok(healthCodeDto(recordsFor(env, province, p, { signs }).healthCode))
      case '/v1/nucleic-acid/query': {
        const since = Date.parse(str(body, 'since') ?? '')
        const records = recordsFor(env, province, p, { signs, since }).tests
        return ok({ records: records.map(testDto) })
      }
      case '/v1/vaccination/query':
        return ok({ records: recordsFor(env, province, p, { signs }).vaccinations.map(vaccinationDto) })
      case '/v1/place/checkin': {
        const key = str(body, 'idempotencyKey')
        const at = Date.parse(str(body, 'checkedInAt') ?? '')
        if (!key || Number.isNaN(at))
          return fail('E4001', 'idempotencyKey 和 checkedInAt 必填 · idempotencyKey and checkedInAt are required')
        const r = storeCheckIn(stores, p, str(body, 'placeId') ?? '', key, at, now)
        if (!r) return fail('E4042', '场所不存在 · unknown place')
        return ok({ receiptId: r.receiptId, receivedAt: isoBeijing(r.at), duplicate: r.duplicate })
      }
      case '/v1/declaration/submit': {
        if (!declaration) return fail('E4040', '本省无需入境申报 · no declaration required')
        const key = str(body, 'idempotencyKey')
        const answers = body.answers
        if (!key) return fail('E4001', 'idempotencyKey 必填 · idempotencyKey is required')
        if (typeof answers !== 'object' || answers === null) return fail('E4001', 'answers 必填 · answers are required')
        const problem = checkAnswers(declaration, answers as Record<string, unknown>)
        if (problem) return fail('E4002', problem)
        const r = stores.declarations.put(key, now, { idTail: p.identity.idNumber.slice(-4) })
        return ok({
          receiptId: r.receiptId,
          receivedAt: isoBeijing(r.at),
          validUntil: isoBeijing(r.at + 7 * DAY),
          duplicate: r.duplicate,
        })
      }
      default:
        return { status: 404, body: { success: false, errorCode: 'E4040', errorMessage: `no route ${route}` } }
    }
  }

  return {
    slug,
    province,
    handle,
    reset: stores.reset,
  }
}

/** The arrival declaration form of the standard interface, with province-specific extra fields. */
export function arrivalDeclarationForm(
  province: ProvinceCode,
  title: { zh: string; en: string },
  extra: DeclarationForm['fields'] = [],
): DeclarationForm {
  return {
    province,
    version: '2022.07-demo',
    title,
    fields: [
      {
        key: 'arrivalDate',
        type: 'date',
        label: { zh: '抵达日期', en: 'Arrival date' },
        required: true,
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      },
      { key: 'fromCity', type: 'text', label: { zh: '出发城市', en: 'Departure city' }, required: true },
      {
        key: 'transport',
        type: 'select',
        label: { zh: '交通方式', en: 'Transport' },
        required: true,
        options: [
          { value: 'train', label: { zh: '火车', en: 'Train' } },
          { value: 'plane', label: { zh: '飞机', en: 'Plane' } },
          { value: 'car', label: { zh: '自驾', en: 'Car' } },
          { value: 'bus', label: { zh: '客车', en: 'Coach' } },
        ],
      },
      { key: 'tripNumber', type: 'text', label: { zh: '车次/航班号', en: 'Train or flight number' }, required: false },
      {
        key: 'destinationAddress',
        type: 'text',
        label: { zh: '目的地详细地址', en: 'Address at destination' },
        required: true,
      },
      {
        key: 'contactPhone',
        type: 'phone',
        label: { zh: '联系电话', en: 'Contact phone' },
        required: true,
        pattern: '^1[3-9]\\d{9}$',
      },
      {
        key: 'symptoms',
        type: 'boolean',
        label: { zh: '近14天有无发热、咳嗽等症状', en: 'Fever, cough or similar in the last 14 days' },
        required: true,
      },
      ...extra,
    ],
  }
}
