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
export const FACT_ROOTS = ['now', 'destination', 'person', 'codes', 'tests', 'vaccination', 'declarations'] as const

/** Facts about the evaluation, not the traveller: rules may read them without listing them. */
const CONTEXT: readonly string[] = ['now', 'destination']
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/
const text = v.pipe(v.string(), v.minLength(1), v.maxLength(500))
const i18n = v.object({ zh: text, en: text })
const semver = v.pipe(v.string(), v.regex(SEMVER, 'must be a semantic version like 1.2.0'))
const dateTime = v.pipe(
  v.string(),
  v.check((s) => hasOffset(s), 'must be an ISO date-time with an offset, e.g. 2026-12-01T00:00:00+08:00'),
)
const province = v.pipe(v.string(), v.regex(/^[1-9]\d0000$/, 'must be a six-digit province code like 440000'))

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

const RuleSetSchema = v.object({
  province,
  version: semver,
  publishedAt: dateTime,
  rules: v.array(v.unknown()),
})

function invalid(provinceCode: string, rule: string, detail: string): NpError {
  return new NpError('NP_ERR_RULES_INVALID', { params: { province: provinceCode, rule, detail } })
}

function firstIssue(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): string {
  const issue = issues[0]
  return `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`
}

/** The logic's problems, per the CertLogic validator and the `Facts` shape; empty when sound. */
export function logicProblems(logic: unknown, affectedFields: readonly string[]): string[] {
  const errors = validate(logic)
  if (errors.length > 0) return errors.map((e) => `${e.message} at ${JSON.stringify(e.expr)}`)
  if (!isCertLogicExpression(logic)) return ['not a CertLogic expression']
  const problems: string[] = []
  const roots: readonly string[] = FACT_ROOTS
  for (const path of dataAccesses(logic)) {
    if (!roots.includes(path.split('.')[0]))
      problems.push(`reads "${path}", which is not a fact (roots: ${FACT_ROOTS.join(', ')})`)
    else if (!CONTEXT.includes(path) && !affectedFields.some((f) => path === f || path.startsWith(`${f}.`)))
      problems.push(`reads "${path}", which affectedFields does not list`)
  }
  return problems
}

function loadRule(raw: unknown, setProvince: string, index: number): EntryRule {
  const name =
    typeof raw === 'object' && raw !== null && 'identifier' in raw && typeof raw.identifier === 'string'
      ? raw.identifier
      : `#${index}`
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
 * Validate a published rule set (e.g. a plugin's `entryRules()` answer).
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
  return { province: set.province, version: set.version, publishedAt: set.publishedAt, rules }
}

/** Compare two semantic versions: negative when `a` is lower. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i]
  return 0
}
