/**
 * Valibot schemas for every domain object a plugin hands the core. The host
 * parses each hook's answer with these, so malformed data never leaves the
 * plugin boundary. Unknown keys are dropped (`v.object` strips them).
 */
import * as v from 'valibot'
import { NpError } from './errors'
import type {
  CheckInReceipt,
  DeclarationForm,
  DeclarationReceipt,
  HealthCode,
  TestResult,
  Vaccination,
  VenueRef,
} from './model'

/** 2000-01-01 and 2100-01-01 (epoch ms): an instant outside is a unit bug (seconds, not ms). */
const EARLIEST = 946_684_800_000
const LATEST = 4_102_444_800_000

/** An instant in epoch milliseconds. */
export const InstantSchema = v.pipe(
  v.number(),
  v.finite(),
  v.minValue(EARLIEST, 'must be epoch milliseconds after 2000'),
  v.maxValue(LATEST, 'must be epoch milliseconds before 2100'),
)

/** Bounded, non-empty text. */
const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max))
const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.maxLength(max)))

/** GB/T 2260 province code: six digits ending in `0000`. */
export const ProvinceCodeSchema = v.pipe(
  v.string(),
  v.regex(/^[1-9]\d0000$/, 'must be a six-digit province code like 440000'),
)

/** A compact signed claim, base64url without padding. */
export const ClaimSchema = v.pipe(
  v.string(),
  v.minLength(16),
  v.maxLength(4096),
  v.regex(/^[A-Za-z0-9_-]+$/, 'must be base64url'),
)

export const ColourSchema = v.picklist(['green', 'yellow', 'red'])

export const I18nTextSchema = v.object({ zh: text(200), en: text(200) })

export const ColourChangeSchema = v.object({
  colour: ColourSchema,
  at: InstantSchema,
  reason: optionalText(500),
})

export const PopUpSchema = v.object({
  type: v.pipe(text(64), v.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case kebab type')),
  message: text(500),
  howToClear: optionalText(500),
})

export const HealthCodeSchema = v.pipe(
  v.object({
    province: ProvinceCodeSchema,
    issuer: text(120),
    colour: ColourSchema,
    reason: optionalText(500),
    issuedAt: InstantSchema,
    validUntil: InstantSchema,
    history: v.pipe(v.array(ColourChangeSchema), v.maxLength(200)),
    popUps: v.pipe(v.array(PopUpSchema), v.maxLength(20)),
    claim: v.optional(ClaimSchema),
  }),
  v.forward(
    v.partialCheck([['issuedAt'], ['validUntil']], (c) => c.validUntil >= c.issuedAt, 'must not be before issuedAt'),
    ['validUntil'],
  ),
)

export const TestResultSchema = v.pipe(
  v.object({
    sampleId: text(64),
    kind: v.picklist(['pcr', 'antigen']),
    outcome: v.picklist(['negative', 'positive', 'pending']),
    sampledAt: InstantSchema,
    reportedAt: v.optional(InstantSchema),
    pooled: v.boolean(),
    lab: text(120),
    province: ProvinceCodeSchema,
    claim: v.optional(ClaimSchema),
  }),
  v.forward(
    v.partialCheck(
      [['outcome'], ['reportedAt']],
      (t) => (t.outcome === 'pending') === (t.reportedAt === undefined),
      'must be absent exactly when the outcome is pending',
    ),
    ['reportedAt'],
  ),
  v.forward(
    v.partialCheck(
      [['sampledAt'], ['reportedAt']],
      (t) => t.reportedAt === undefined || t.reportedAt >= t.sampledAt,
      'must not be before sampledAt',
    ),
    ['reportedAt'],
  ),
)

export const VaccinationSchema = v.object({
  dose: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10)),
  product: text(120),
  manufacturer: text(120),
  at: InstantSchema,
  province: ProvinceCodeSchema,
  claim: v.optional(ClaimSchema),
})

export const VenueRefSchema = v.object({
  province: ProvinceCodeSchema,
  venueId: v.pipe(text(64), v.regex(/^[\w.:-]+$/, 'must be letters, digits, _ . : -')),
  name: text(120),
  address: optionalText(200),
  source: v.picklist(['national', 'legacy']),
})

export const CheckInReceiptSchema = v.object({
  receiptId: text(128),
  at: InstantSchema,
  duplicate: v.boolean(),
})

export const DeclarationFieldSchema = v.object({
  key: v.pipe(text(64), v.regex(/^[A-Za-z][\w-]*$/, 'must be an identifier')),
  type: v.picklist(['text', 'date', 'datetime', 'select', 'phone', 'boolean']),
  label: I18nTextSchema,
  required: v.boolean(),
  options: v.optional(
    v.pipe(v.array(v.object({ value: text(64), label: I18nTextSchema })), v.minLength(1), v.maxLength(100)),
  ),
  pattern: v.optional(
    v.pipe(v.string(), v.maxLength(200), v.check(isRegExpSource, 'must be a valid regular expression')),
  ),
})

export const DeclarationFormSchema = v.object({
  province: ProvinceCodeSchema,
  version: text(32),
  title: I18nTextSchema,
  fields: v.pipe(
    v.array(DeclarationFieldSchema),
    v.minLength(1),
    v.maxLength(60),
    v.check((fs) => new Set(fs.map((f) => f.key)).size === fs.length, 'field keys must be unique'),
  ),
})

export const DeclarationReceiptSchema = v.pipe(
  v.object({
    receiptId: text(128),
    at: InstantSchema,
    validUntil: v.optional(InstantSchema),
    duplicate: v.boolean(),
  }),
  v.forward(
    v.partialCheck(
      [['at'], ['validUntil']],
      (r) => r.validUntil === undefined || r.validUntil >= r.at,
      'must not be before at',
    ),
    ['validUntil'],
  ),
)

/** What `registerVenue` returns: the province's venue id and its signed place-code claim. */
export const VenueRegistrationSchema = v.object({
  venueId: VenueRefSchema.entries.venueId,
  claim: ClaimSchema,
})

function isRegExpSource(source: string): boolean {
  try {
    new RegExp(source)
    return true
  } catch {
    // An invalid pattern is exactly what this check reports; nothing to rethrow.
    return false
  }
}

/** Where the answer came from, for the error message. */
export interface ParseOrigin {
  plugin: string
  hook: string
}

/**
 * Parse a plugin's answer into a typed domain value.
 * @throws NpError `NP_ERR_RESPONSE_INVALID` naming the plugin, the hook and
 *   the first issue as `path: message` (e.g. `[2].reportedAt: must be absent…`).
 */
export function parseDomain<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  origin: ParseOrigin,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value, { abortPipeEarly: true })
  if (result.success) return result.output
  const issue = result.issues[0]
  const path = v.getDotPath(issue) ?? formatPath(issue.path)
  const detail = `${path || '(root)'}: ${issue.message}`
  throw new NpError('NP_ERR_RESPONSE_INVALID', {
    plugin: origin.plugin,
    hook: origin.hook,
    params: { detail: detail.slice(0, 300) },
  })
}

function formatPath(path: v.BaseIssue<unknown>['path']): string {
  if (!path) return ''
  return path.map((p) => (typeof p.key === 'number' ? `[${p.key}]` : String(p.key))).join('.')
}

/** Compile-time proof that each schema's output is its model type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Assert<T extends true> = T
export type SchemaMatchesModel = [
  Assert<Same<v.InferOutput<typeof HealthCodeSchema>, HealthCode>>,
  Assert<Same<v.InferOutput<typeof TestResultSchema>, TestResult>>,
  Assert<Same<v.InferOutput<typeof VaccinationSchema>, Vaccination>>,
  Assert<Same<v.InferOutput<typeof VenueRefSchema>, VenueRef>>,
  Assert<Same<v.InferOutput<typeof CheckInReceiptSchema>, CheckInReceipt>>,
  Assert<Same<v.InferOutput<typeof DeclarationFormSchema>, DeclarationForm>>,
  Assert<Same<v.InferOutput<typeof DeclarationReceiptSchema>, DeclarationReceipt>>,
]
