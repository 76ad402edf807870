/**
 * Loading a province's published rule set: structure (valibot), every rule's
 * logic (the CertLogic validator that ships with certlogic-js,
 * `certlogic-js/dist/validation`), and the data each rule reads.
 */
import { isCertLogicExpression } from 'certlogic-js'
import type { CertLogicExpression } from 'certlogic-js'
import { dataAccesses, validate } from 'certlogic-js/dist/validation'
import * as v from 'valibot'
import { NpError } from '../errors'
import { hasOffset, parseIso } from './time'
import type { EntryRule, RuleSet } from './types'

/** The top-level keys of `Facts`; a rule reading anything else has a typo. */
export const FACT_ROOTS = ['payload', 'external', 'derived'] as const

/** Facts about the evaluation, not the traveller (`external.*`): rules may read them without listing them. */
const CONTEXT_ROOT = 'external'
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/
const text = v.pipe(v.string(), v.minLength(1), v.maxLength(500))
const i18n = v.object({ zh: text, en: text })
const semver = v.pipe(v.string(), v.regex(SEMVER, 'must be a semantic version like 1.2.0'))
const dateTime = v.pipe(
  v.string(),
  v.check((s) => hasOffset(s), 'must be an ISO date-time with an offset, e.g. 2026-12-01T00:00:00+08:00'),
)
const province = v.pipe(
  v.string(),
  v.regex(/^([1-9]\d0000|[A-Z]{2})$/, 'must be a six-digit province code like 440000 (or a country code like AT)'),
)

const RuleSchema = v.object({
  identifier: v.pipe(v.string(), v.regex(/^[A-Z]{2,3}-[A-Z]{2,8}-\d{4}$/, 'must look like GD-TEST-0001')),
  type: v.literal('acceptance'),
  province,
  version: semver,
  validFrom: dateTime,
  validTo: dateTime,
  description: i18n,
  affectedFields: v.array(v.pipe(v.string(), v.minLength(1))),
  logic: v.unknown(),
  outcome: v.picklist(['refuse', 'needs-action']),
  action: v.optional(v.object({ kind: v.picklist(['test', 'declare', 'clear-popup', 'wait']), zh: text, en: text })),
})

/** A rule in the EU DCC business-rule format (validation-rule.schema.json of the DCC gateway). */
const EuRuleSchema = v.object({
  Identifier: v.pipe(v.string(), v.regex(/^(GR|VR|TR|RR|IR)-[A-Z]{2}-\d{4}$/, 'must look like VR-AT-0001')),
  Type: v.picklist(['Acceptance', 'Invalidation']),
  Country: v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code')),
  Version: semver,
  SchemaVersion: semver,
  Engine: v.literal('CERTLOGIC'),
  EngineVersion: semver,
  CertificateType: v.picklist(['General', 'Test', 'Vaccination', 'Recovery']),
  Description: v.pipe(
    v.array(v.object({ lang: v.pipe(v.string(), v.regex(/^[a-z]{2}$/)), desc: v.pipe(v.string(), v.minLength(1)) })),
    v.minLength(1),
  ),
  ValidFrom: dateTime,
  ValidTo: dateTime,
  AffectedFields: v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1)),
  Logic: v.unknown(),
})

const valueSets = v.record(v.string(), v.array(v.unknown()))

const RuleSetSchema = v.object({
  province,
  version: semver,
  publishedAt: dateTime,
  rules: v.array(v.unknown()),
  valueSets: v.optional(valueSets),
})

function invalid(provinceCode: string, rule: string, detail: string): NpError {
  return new NpError('NP_ERR_RULES_INVALID', { params: { province: provinceCode, rule, detail } })
}

function firstIssue(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): string {
  const issue = issues[0]
  return `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`
}

/**
 * The logic's problems, per the CertLogic validator and the `Facts` shape;
 * empty when sound. Every read outside `external.*` must equal or lie under an
 * affected field, or be a prefix of one (an existence test like `payload.v.0`
 * before reading `payload.v.0.mp`).
 */
export function logicProblems(logic: unknown, affectedFields: readonly string[]): string[] {
  const errors = validate(logic)
  if (errors.length > 0) return errors.map((e) => `${e.message} at ${JSON.stringify(e.expr)}`)
  if (!isCertLogicExpression(logic)) return ['not a CertLogic expression']
  const problems: string[] = []
  const roots: readonly string[] = FACT_ROOTS
  for (const path of dataAccesses(logic)) {
    const root = path.split('.')[0]
    if (!roots.includes(root)) problems.push(`reads "${path}", which is not a fact (roots: ${FACT_ROOTS.join(', ')})`)
    else if (
      root !== CONTEXT_ROOT &&
      !affectedFields.some((f) => path === f || path.startsWith(`${f}.`) || f.startsWith(`${path}.`))
    )
      problems.push(`reads "${path}", which affectedFields does not list`)
  }
  return problems
}

/** An EU-format rule as an `EntryRule`: failing it refuses; its payload-relative fields become `payload.*`. */
function loadEuRule(raw: unknown, setProvince: string, name: string): EntryRule {
  const parsed = v.safeParse(EuRuleSchema, raw)
  if (!parsed.success) throw invalid(setProvince, name, firstIssue(parsed.issues))
  const r = parsed.output
  if (r.Country !== setProvince) throw invalid(setProvince, name, `belongs to ${r.Country}, not ${setProvince}`)
  if (parseIso(r.ValidFrom) >= parseIso(r.ValidTo)) throw invalid(setProvince, name, 'validFrom must be before validTo')
  const fields = r.AffectedFields.map((f) => `payload.${f}`)
  const problems = logicProblems(r.Logic, fields)
  if (problems.length > 0 || !isCertLogicExpression(r.Logic)) throw invalid(setProvince, name, problems.join('; '))
  const logic: CertLogicExpression = r.Logic
  const text = (lang: string): string =>
    (r.Description.find((d) => d.lang === lang) ?? r.Description.find((d) => d.lang === 'en') ?? r.Description[0]).desc
  return {
    identifier: r.Identifier,
    type: r.Type === 'Acceptance' ? 'acceptance' : 'invalidation',
    province: r.Country,
    version: r.Version,
    validFrom: r.ValidFrom,
    validTo: r.ValidTo,
    description: { zh: text('zh'), en: text('en') },
    affectedFields: fields,
    logic,
    outcome: 'refuse',
    eu: {
      country: r.Country,
      certificateType: r.CertificateType,
      engine: r.Engine,
      engineVersion: r.EngineVersion,
      schemaVersion: r.SchemaVersion,
      descriptions: r.Description,
      affectedFields: r.AffectedFields,
    },
  }
}

function loadRule(raw: unknown, setProvince: string, index: number): EntryRule {
  const name =
    typeof raw === 'object' && raw !== null && 'identifier' in raw && typeof raw.identifier === 'string'
      ? raw.identifier
      : typeof raw === 'object' && raw !== null && 'Identifier' in raw && typeof raw.Identifier === 'string'
        ? raw.Identifier
        : `#${index}`
  if (typeof raw === 'object' && raw !== null && 'Identifier' in raw) return loadEuRule(raw, setProvince, name)
  const parsed = v.safeParse(RuleSchema, raw)
  if (!parsed.success) throw invalid(setProvince, name, firstIssue(parsed.issues))
  const r = parsed.output
  if (r.province !== setProvince) throw invalid(setProvince, name, `belongs to ${r.province}, not ${setProvince}`)
  if (parseIso(r.validFrom) >= parseIso(r.validTo)) throw invalid(setProvince, name, 'validFrom must be before validTo')
  const problems = logicProblems(r.logic, r.affectedFields)
  if (problems.length > 0 || !isCertLogicExpression(r.logic)) throw invalid(setProvince, name, problems.join('; '))
  const logic: CertLogicExpression = r.logic
  const { action, ...rest } = r
  return { ...rest, logic, ...(action ? { action } : {}) }
}

/**
 * Validate a published rule set (e.g. a plugin's `entryRules()` answer). Its
 * rules may be in our format or in the EU DCC business-rule format
 * (`Identifier`, `Type`, `Country`, `Version`, `SchemaVersion`, `Engine`,
 * `EngineVersion`, `CertificateType`, `ValidFrom`/`ValidTo`, `Description`,
 * `AffectedFields`, `Logic`), which loads unchanged: a failed EU rule refuses.
 * @throws NpError `NP_ERR_RULES_INVALID` with params `{ province, rule, detail }`
 *   naming the first problem: wrong shape, a rule of another province, an empty
 *   validity window, invalid CertLogic, a read of an unknown fact or of a field
 *   `affectedFields` omits, or one identifier published twice at one version.
 */
export function loadRuleSet(json: unknown): RuleSet {
  const provinceHint = typeof json === 'object' && json !== null && 'province' in json ? String(json.province) : '?'
  const parsed = v.safeParse(RuleSetSchema, json)
  if (!parsed.success) throw invalid(provinceHint, '(rule set)', firstIssue(parsed.issues))
  const set = parsed.output
  const rules = set.rules.map((raw, i) => loadRule(raw, set.province, i))
  const seen = new Set<string>()
  for (const r of rules) {
    const key = `${r.identifier}@${r.version}`
    if (seen.has(key)) throw invalid(set.province, r.identifier, `version ${r.version} is published twice`)
    seen.add(key)
  }
  return {
    province: set.province,
    version: set.version,
    publishedAt: set.publishedAt,
    rules,
    ...(set.valueSets ? { valueSets: set.valueSets } : {}),
  }
}

/** Compare two semantic versions: negative when `a` is lower. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i]
  return 0
}
