/**
 * The files `npm run plugin:new` writes: a small hand-written plugin and the
 * mock backend it talks to. They pass conformance as generated; a province
 * engineer then replaces the endpoints and field mapping with their own.
 */

/** What the templates are filled with. */
export interface TemplateVars {
  slug: string
  code: string
  zh: string
  en: string
  /** Upper-case prefix for receipt/venue ids and legacy codes, e.g. `TP`. */
  prefix: string
  /** camelCase identifier, e.g. `testProvince`. */
  ident: string
}

/** The hooks the plugin template provides, in contract order (its manifest lists them). */
export const TEMPLATE_HOOKS = [
  'getHealthCode',
  'getTestResults',
  'getVaccinations',
  'recognizePlaceCode',
  'checkIn',
  'registerVenue',
  'signIn',
  'refreshSession',
  'requestProxy',
  'revokeProxy',
] as const

/** plugins/<slug>/manifest.ts: what the plugin declares (origins, fields, hooks, versions). */
export function manifestTemplate(t: TemplateVars & { contract: string; origin: string }): string {
  return `import type { PluginManifest } from '../../src/sdk/manifest'

/**
 * ${t.en} (${t.zh}): what the plugin declares (plugins/README.md, "Manifest").
 * \`origins\`: your production API origin(s), https, no path; the host refuses
 * any other (the mock and the H5 proxy base are allowed by configuration).
 * Keep \`identityFields\` and \`hooks\` equal to the plugin's: the registry checks.
 * After changing origins run \`npm run domains -- --write\`.
 */
export const manifest: PluginManifest = {
  contract: '${t.contract}',
  version: '0.1.0',
  origins: ['${t.origin}'],
  identityFields: ['name', 'idNumber'],
  hooks: [
${TEMPLATE_HOOKS.map((h) => `    '${h}',\n`).join('')}  ],
}
`
}

/** plugins/<slug>/index.ts */
export function pluginTemplate(t: TemplateVars): string {
  return `/**
 * ${t.en} (${t.zh}), scaffolded by \`npm run plugin:new\`. The backend answers
 * \`{ ok, data }\` or \`{ ok: false, error }\` and signs its claims. Replace the
 * paths and the field mapping with your backend's; keep the hooks' contract
 * (see plugins/README.md) and run \`npx jest test/conformance\`. Sign-in:
 * \`oauthSignIn()\` redeems the person's credential at \`POST /oauth/token\`;
 * the host then sends the session token on every request. Never put an app
 * secret here: anything in the app is public.
 */
import { NpError } from '../../src/core/errors'
import type { Colour, PopUp, TestKind, TestOutcome, VenueRef } from '../../src/core/model'
import { defineProvincePlugin, type PluginContext } from '../../src/sdk/types'
import { manifest } from './manifest'
import { oauthSignIn, proxyRecords } from '../oauth'

const ID = '${t.code}'
/** This province's legacy place-code: \`${t.prefix}:<venueId>:<name>\`. */
const LEGACY_CODE = /^${t.prefix}:([A-Za-z0-9-]{1,32}):(.{1,60})$/

interface Envelope {
  ok?: boolean
  data?: unknown
  error?: { code?: string; message?: string }
}

interface CodeDto {
  colour: Colour
  reason?: string
  issuer: string
  issuedAt: number
  validUntil: number
  history: Array<{ colour: Colour; at: number; reason?: string }>
  popUps: PopUp[]
  claim?: string
}

interface TestDto {
  sampleId: string
  kind: TestKind
  outcome: TestOutcome
  sampledAt: number
  reportedAt?: number
  pooled: boolean
  lab: string
  province: string
  claim?: string
}

interface VaccinationDto {
  dose: number
  product: string
  manufacturer: string
  at: number
  province: string
  claim?: string
}

/** POST to the backend and unwrap \`{ ok, data }\`; anything else is a typed error. */
async function api<T>(ctx: PluginContext, path: string, body: object): Promise<T> {
  const res = await ctx.http.post<unknown>(path, body, { signal: ctx.signal })
  const envelope = res.data as Envelope
  if (typeof envelope !== 'object' || envelope === null || typeof envelope.ok !== 'boolean') {
    throw new NpError('NP_ERR_RESPONSE_INVALID', { params: { detail: \`\${path} did not answer { ok, data }\` } })
  }
  if (!envelope.ok) {
    throw new NpError('NP_ERR_BACKEND', { params: { detail: \`\${envelope.error?.code ?? '?'} \${envelope.error?.message ?? ''}\`.trim() } })
  }
  return envelope.data as T
}

export default defineProvincePlugin({
  id: ID,
  slug: '${t.slug}',
  name: { zh: '${t.zh}', en: '${t.en}' },
  manifest,
  identityFields: ['name', 'idNumber'],
  // Exchange the person's credential for a session with this province (replace if your token endpoint differs).
  ...oauthSignIn(),
  // Who may see whose codes: the gateway's proxy records (代查授权).
  ...proxyRecords(),

  async getHealthCode(ctx, person) {
    const d = await api<CodeDto>(ctx, '/api/code', person)
    ctx.log.debug('health code', { colour: d.colour })
    return {
      province: ID,
      issuer: d.issuer,
      colour: d.colour,
      ...(d.reason ? { reason: d.reason } : {}),
      issuedAt: d.issuedAt,
      validUntil: d.validUntil,
      history: d.history.map((h) => ({ colour: h.colour, at: h.at, ...(h.reason ? { reason: h.reason } : {}) })),
      popUps: d.popUps,
      ...(d.claim ? { claim: d.claim } : {}),
    }
  },

  async getTestResults(ctx, person, { since }) {
    const list = await api<TestDto[]>(ctx, '/api/tests', { ...person, since })
    return list.map((t) => ({ ...t }))
  },

  async getVaccinations(ctx, person) {
    const list = await api<VaccinationDto[]>(ctx, '/api/vaccinations', person)
    return list.map((v) => ({ ...v }))
  },

  recognizePlaceCode(text): VenueRef | null {
    const m = LEGACY_CODE.exec(text.trim())
    return m ? { province: ID, venueId: m[1], name: m[2], source: 'legacy' } : null
  },

  async checkIn(ctx, venue, person, { idempotencyKey, at }) {
    return api<{ receiptId: string; at: number; duplicate: boolean }>(ctx, '/api/check-in', { ...person, venueId: venue.venueId, at, idempotencyKey })
  },

  async registerVenue(ctx, venue) {
    return api<{ venueId: string; claim: string }>(ctx, '/api/venues', venue)
  },
})
`
}

/** mock/provinces/<slug>.ts */
export function backendTemplate(t: TemplateVars): string {
  return `/**
 * DEMO mock backend of ${t.en} (${t.zh}), scaffolded by \`npm run plugin:new\`.
 * POST JSON to /api/code, /api/tests, /api/vaccinations, /api/check-in,
 * /api/venues; answers \`{ ok, data }\` or \`{ ok: false, error }\`; times are
 * epoch ms; claims are signed with the DEMO key the mock server hands over.
 */
import { ClaimSigner, findPerson, jsonBody, num, provinceStores, storeCheckIn, str, testsFor, vaccinationsFor } from '../lib/province'
import type { MockBackend, MockRequest, MockResponse, MockEnv } from '../lib/types'

const PROVINCE = '${t.code}'
const ISSUER = '${t.zh}卫生健康委员会'
const DAY = 86_400_000

const ok = (data: unknown): MockResponse => ({ status: 200, body: { ok: true, data } })
const fail = (code: string, message: string): MockResponse => ({ status: 200, body: { ok: false, error: { code, message } } })

function createBackend(): MockBackend {
  const stores = provinceStores(PROVINCE, '${t.prefix}')

  function handle(req: MockRequest, env: MockEnv): MockResponse {
    const admin = stores.admin(req)
    if (admin) return admin
    if (req.method !== 'POST') return { status: 404, body: { ok: false, error: { code: 'NO_ROUTE', message: \`\${req.method} \${req.path}\` } } }
    const body = jsonBody(req)
    if (!body) return fail('BAD_REQUEST', 'body must be a JSON object')
    const now = env.now()
    const signer = new ClaimSigner(env, PROVINCE)

    if (req.path === '/api/venues') {
      const name = str(body, 'name')
      const address = str(body, 'address')
      if (!name || !address) return fail('BAD_REQUEST', 'name and address are required')
      const venue = stores.venues.register(name, address)
      return ok({ venueId: venue.venueId, claim: signer.venue(venue) })
    }

    const person = findPerson({ name: str(body, 'name'), idNumber: str(body, 'idNumber') })
    if (!person) return fail('NOT_FOUND', 'person not found')
    switch (req.path) {
      case '/api/code': {
        const state = person.code(PROVINCE, now)
        const code = { province: PROVINCE, issuer: ISSUER, ...state, issuedAt: now, validUntil: now + DAY }
        return ok(signer.healthCode(code, person))
      }
      case '/api/tests':
        return ok(testsFor(person, PROVINCE, now, num(body, 'since') ?? 0).map((t) => signer.test(t, person)))
      case '/api/vaccinations':
        return ok(vaccinationsFor(person, PROVINCE, now).map((v) => signer.vaccination(v, person)))
      case '/api/check-in': {
        const key = str(body, 'idempotencyKey')
        const at = num(body, 'at')
        if (!key || at === undefined) return fail('BAD_REQUEST', 'idempotencyKey and at are required')
        const receipt = storeCheckIn(stores, person, str(body, 'venueId') ?? '', key, at, now)
        return receipt ? ok(receipt) : fail('UNKNOWN_VENUE', 'no such venue')
      }
      default:
        return { status: 404, body: { ok: false, error: { code: 'NO_ROUTE', message: req.path } } }
    }
  }

  return { slug: '${t.slug}', province: PROVINCE, handle, reset: () => stores.reset() }
}

/** The ${t.en} DEMO backend. */
export const ${t.ident}Backend: MockBackend = createBackend()
`
}
