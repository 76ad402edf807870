/**
 * Validation of every hook's answer into domain objects: a plugin cannot hand
 * the core malformed data, nor another province's health code or form.
 */
import * as v from 'valibot'
import { NpError } from '../core/errors'
import {
  CheckInReceiptSchema,
  DeclarationFormSchema,
  DeclarationReceiptSchema,
  HealthCodeSchema,
  parseDomain,
  TestResultSchema,
  VaccinationSchema,
  VenueRefSchema,
  VenueRegistrationSchema,
} from '../core/schemas'
import { ItinerarySchema } from '../core/itinerary'
import { SignedRiskAreaListSchema } from '../core/riskAreas'
import { type AnyProvincePlugin, pluginLabel } from './registry'
import type { HookName, PluginHooks } from './types'

type Answer<H extends HookName> = Awaited<ReturnType<PluginHooks[H]>>

const EntryRulesSchema = v.pipe(
  v.unknown(),
  v.check((doc) => typeof doc === 'object' && doc !== null, 'must be a rules document (an object or an array)'),
)

const SessionSchema = v.object({
  accessToken: v.pipe(v.string(), v.minLength(8), v.maxLength(4096)),
  expiresAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
  refreshToken: v.optional(v.pipe(v.string(), v.minLength(8), v.maxLength(4096))),
  refreshExpiresAt: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  subject: v.optional(
    v.object({ maskedName: v.pipe(v.string(), v.maxLength(64)), idTail: v.pipe(v.string(), v.maxLength(8)) }),
  ),
  /** A signed `dk` claim, base64url; verified by the app against the trust list before use. */
  deviceKeyClaim: v.optional(v.pipe(v.string(), v.maxLength(1024), v.regex(/^[A-Za-z0-9_-]+$/))),
})

/** The schema each hook's answer must satisfy. */
export const ANSWER_SCHEMAS: { [H in HookName]: v.GenericSchema<unknown, Answer<H>> } = {
  getHealthCode: HealthCodeSchema,
  getTestResults: v.pipe(v.array(TestResultSchema), v.maxLength(500)),
  getVaccinations: v.pipe(v.array(VaccinationSchema), v.maxLength(20)),
  recognizePlaceCode: v.nullable(VenueRefSchema),
  checkIn: CheckInReceiptSchema,
  entryRules: EntryRulesSchema,
  declarationForm: DeclarationFormSchema,
  submitDeclaration: DeclarationReceiptSchema,
  registerVenue: VenueRegistrationSchema,
  getItinerary: ItinerarySchema,
  getRiskAreas: SignedRiskAreaListSchema,
  signIn: SessionSchema,
  refreshSession: SessionSchema,
  requestProxy: v.object({
    id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
    basis: v.picklist(['guardian', 'self-confirmed']),
    at: v.pipe(v.number(), v.integer(), v.minValue(0)),
    member: v.object({ maskedName: v.pipe(v.string(), v.maxLength(64)), idTail: v.pipe(v.string(), v.maxLength(8)) }),
  }),
  revokeProxy: v.object({ revoked: v.literal(true) }),
}

/**
 * Parse one hook's raw answer.
 * @throws NpError `NP_ERR_RESPONSE_INVALID` naming plugin, hook and the first issue.
 */
export function checkAnswer<H extends HookName>(plugin: AnyProvincePlugin, hook: H, raw: unknown): Answer<H> {
  const origin = { plugin: pluginLabel(plugin), hook }
  const schema: v.GenericSchema<unknown, Answer<H>> = ANSWER_SCHEMAS[hook]
  try {
    const data = parseDomain(schema, raw, origin)
    const province = ownProvince(hook, data)
    if (province !== undefined && province !== plugin.id) {
      throw new NpError('NP_ERR_RESPONSE_INVALID', {
        params: { ...origin, detail: `province: must be ${plugin.id}, got ${province}` },
      })
    }
    return data
  } catch (e) {
    if (e instanceof NpError) throw new NpError(e.code, { plugin: plugin.id, hook, params: e.params })
    throw e
  }
}

/** The province an answer must belong to, for answers that are the plugin's own. */
function ownProvince(hook: HookName, data: unknown): string | undefined {
  if ((hook === 'getHealthCode' || hook === 'declarationForm') && typeof data === 'object' && data !== null) {
    return (data as { province?: string }).province
  }
  return undefined
}
