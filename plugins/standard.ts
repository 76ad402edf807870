/**
 * The client for the one standard province API shape (see
 * mock/lib/standardBackend.ts for the routes). A province whose backend
 * follows it needs only configuration:
 *
 * ```ts
 * export default standardProvincePlugin({ id: '120000', slug: 'tianjin', name: { zh: '天津市', en: 'Tianjin' } })
 * ```
 */
import { NpError } from '../src/core/errors'
import type {
  Colour,
  DeclarationForm,
  IdentityField,
  PopUp,
  ProvinceCode,
  TestKind,
  TestOutcome,
} from '../src/core/model'
import type { PluginManifest } from '../src/sdk/manifest'
import { HOOK_NAMES } from '../src/sdk/registry'
import { defineProvincePlugin, type PluginContext, type ProvincePlugin } from '../src/sdk/types'
import { oauthSignIn, proxyRecords } from './oauth'
import { passBundles } from './bundle'

/**
 * The part of a manifest a standard-interface plugin writes by hand (in
 * `plugins/<slug>/manifest.ts`); `standardProvincePlugin` derives
 * `identityFields` and `hooks` from its options.
 */
export type StandardManifest = Omit<PluginManifest, 'identityFields' | 'hooks'>

/** Configuration of a standard-interface plugin. */
export interface StandardPluginOptions<F extends IdentityField> {
  id: ProvinceCode
  slug: string
  name: { zh: string; en: string }
  codeApp?: string
  /** Identity fields the backend is sent. @default ['name', 'idNumber'] */
  identityFields?: readonly F[]
  /** Whether the backend signs claims; an unsigned backend cannot register venues. @default true */
  signs?: boolean
  /** Whether the province requires an arrival declaration. @default false */
  declarations?: boolean
  /** Deadline per hook call in ms. @default the host's */
  timeoutMs?: number
  /** Origins, contract and version; identity fields and hooks are derived from the options above. */
  manifest: StandardManifest
}

interface Envelope {
  success: boolean
  data?: unknown
  errorCode?: string
  errorMessage?: string
}

interface HealthCodeDto {
  codeColor: Colour
  reason?: string
  issuer: string
  issuedAt: string
  validUntil: string
  history: Array<{ codeColor: Colour; changedAt: string; reason?: string }>
  popUps: PopUp[]
  claim?: string
}

interface TestDto {
  sampleId: string
  testType: 'PCR' | 'ANTIGEN'
  result: 'NEGATIVE' | 'POSITIVE' | 'PENDING'
  sampledAt: string
  reportedAt: string | null
  pooled: boolean
  lab: string
  province: ProvinceCode
  claim?: string
}

interface VaccinationDto {
  dose: number
  product: string
  manufacturer: string
  vaccinatedAt: string
  province: ProvinceCode
  claim?: string
}

interface ReceiptDto {
  receiptId: string
  receivedAt: string
  validUntil?: string
  duplicate: boolean
}

function isEnvelope(x: unknown): x is Envelope {
  return typeof x === 'object' && x !== null && typeof (x as { success?: unknown }).success === 'boolean'
}

/** One call of the standard interface; unwraps `{ success, data }` or throws `NP_ERR_BACKEND`. */
async function call<T>(ctx: PluginContext, method: 'GET' | 'POST', url: string, data?: object): Promise<T> {
  const res = await ctx.http.request<unknown>({ method, url, data, signal: ctx.signal })
  const body = res.data
  if (!isEnvelope(body))
    throw new NpError('NP_ERR_RESPONSE_INVALID', { params: { detail: `${url} did not answer { success, data }` } })
  if (!body.success)
    throw new NpError('NP_ERR_BACKEND', {
      params: { detail: `${body.errorCode ?? '?'} ${body.errorMessage ?? ''}`.trim() },
    })
  return body.data as T
}

const DEFAULT_FIELDS: readonly IdentityField[] = ['name', 'idNumber']
const time = (iso: string): number => Date.parse(iso)
const optionalClaim = (claim: string | undefined): { claim?: string } => (claim ? { claim } : {})

/** A plugin for a province whose backend speaks the standard interface. */
export function standardProvincePlugin<F extends IdentityField = 'name' | 'idNumber'>(
  options: StandardPluginOptions<F>,
): ProvincePlugin<F> {
  const { id, slug, name, codeApp, identityFields, signs = true, declarations = false, timeoutMs } = options
  const fields = identityFields ?? (DEFAULT_FIELDS as readonly F[])
  const plugin = defineProvincePlugin<F>({
    id,
    slug,
    name,
    ...(codeApp ? { codeApp } : {}),
    // F defaults to exactly these fields when none are given.
    identityFields: fields,
    signs,
    ...(timeoutMs ? { timeoutMs } : {}),
    // Sign-in at the province's token endpoint; the host sends the session token on every request.
    ...oauthSignIn(),
    // One signature over its claims for the compact pass QR (docs/formats.md, "Pass bundle").
    ...passBundles(),
    // The province's records of who may see whose codes (代查授权).
    ...proxyRecords(),

    async getHealthCode(ctx, person) {
      const d = await call<HealthCodeDto>(ctx, 'POST', '/v1/health-code/query', person)
      return {
        province: id,
        issuer: d.issuer,
        colour: d.codeColor,
        ...(d.reason ? { reason: d.reason } : {}),
        issuedAt: time(d.issuedAt),
        validUntil: time(d.validUntil),
        history: d.history.map((h) => ({
          colour: h.codeColor,
          at: time(h.changedAt),
          ...(h.reason ? { reason: h.reason } : {}),
        })),
        popUps: d.popUps,
        ...optionalClaim(d.claim),
      }
    },

    async getTestResults(ctx, person, { since }) {
      const d = await call<{ records: TestDto[] }>(ctx, 'POST', '/v1/nucleic-acid/query', {
        ...person,
        since: new Date(since).toISOString(),
      })
      return d.records.map((t) => ({
        sampleId: t.sampleId,
        kind: t.testType.toLowerCase() as TestKind,
        outcome: t.result.toLowerCase() as TestOutcome,
        sampledAt: time(t.sampledAt),
        ...(t.reportedAt ? { reportedAt: time(t.reportedAt) } : {}),
        pooled: t.pooled,
        lab: t.lab,
        province: t.province,
        ...optionalClaim(t.claim),
      }))
    },

    async getVaccinations(ctx, person) {
      const d = await call<{ records: VaccinationDto[] }>(ctx, 'POST', '/v1/vaccination/query', person)
      return d.records.map((v) => ({
        dose: v.dose,
        product: v.product,
        manufacturer: v.manufacturer,
        at: time(v.vaccinatedAt),
        province: v.province,
        ...optionalClaim(v.claim),
      }))
    },

    async checkIn(ctx, venue, person, { idempotencyKey, at }) {
      const body = { ...person, placeId: venue.venueId, checkedInAt: new Date(at).toISOString(), idempotencyKey }
      const r = await call<ReceiptDto>(ctx, 'POST', '/v1/place/checkin', body)
      return { receiptId: r.receiptId, at: time(r.receivedAt), duplicate: r.duplicate }
    },

    entryRules: (ctx) => call<unknown>(ctx, 'GET', '/v1/entry-rules'),

    ...(signs
      ? {
          async registerVenue(ctx: PluginContext, venue: { name: string; address: string }) {
            const r = await call<{ placeId: string; claim: string }>(ctx, 'POST', '/v1/place/register', venue)
            return { venueId: r.placeId, claim: r.claim }
          },
        }
      : {}),

    ...(declarations
      ? {
          declarationForm: (ctx: PluginContext) => call<DeclarationForm>(ctx, 'GET', '/v1/declaration/form'),
          async submitDeclaration(
            ctx: PluginContext,
            person: object,
            answers: Record<string, string>,
            { idempotencyKey }: { idempotencyKey: string },
          ) {
            const r = await call<ReceiptDto>(ctx, 'POST', '/v1/declaration/submit', {
              ...person,
              answers,
              idempotencyKey,
            })
            return {
              receiptId: r.receiptId,
              at: time(r.receivedAt),
              ...(r.validUntil ? { validUntil: time(r.validUntil) } : {}),
              duplicate: r.duplicate,
            }
          },
        }
      : {}),
  })
  // Derived from what the factory built, so the manifest always says what the plugin does.
  const manifest: PluginManifest = {
    ...options.manifest,
    identityFields: [...fields],
    hooks: HOOK_NAMES.filter((hook) => typeof plugin[hook] === 'function'),
  }
  return { ...plugin, manifest }
}
