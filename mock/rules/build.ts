/**
 * Builders for the DEMO entry rules: each returns one rule in the published
 * JSON shape, logic in CertLogic over `Facts` (see docs/rules.md).
 */
import type { CertLogicExpression } from 'certlogic-js'
import provinces from '../../src/core/data/provinces.json'
import type { ActionKind, EntryRule, RuleOutcome } from '../../src/core/rules/types'

/** Default `validFrom` of the DEMO rules: start of 2026, Beijing time. */
export const FROM = '2026-01-01T00:00:00+08:00'
/** Default `validTo` of the DEMO rules: start of 2028, Beijing time. */
export const TO = '2028-01-01T00:00:00+08:00'

const NOW: CertLogicExpression = { plusTime: [{ var: 'external.validationClock' }, 0, 'hour'] }

/** `path` holds a time and `now` is at most `hours` after it (inclusive: valid at exactly `hours`). */
export function within(path: string, hours: number): CertLogicExpression {
  return { if: [{ var: path }, { 'not-after': [NOW, { plusTime: [{ var: path }, hours, 'hour'] }] }, false] }
}

/** `a` or `b` (CertLogic has no `or`). */
export function or(a: CertLogicExpression, b: CertLogicExpression): CertLogicExpression {
  return { if: [a, true, b] }
}

/** Children under `age` years are exempt from `logic`. */
export function exemptUnder(age: number, logic: CertLogicExpression): CertLogicExpression {
  return { if: [{ '<': [{ var: 'derived.ageYears' }, age] }, true, logic] }
}

interface RuleSpec {
  id: string
  version?: string
  validFrom?: string
  validTo?: string
  zh: string
  en: string
  fields: string[]
  logic: CertLogicExpression
  outcome: RuleOutcome
  action?: { kind: ActionKind; zh: string; en: string }
}

/** One rule of `province`. */
export function rule(province: string, s: RuleSpec): EntryRule {
  return {
    identifier: s.id,
    type: 'acceptance',
    province,
    version: s.version ?? '1.0.0',
    validFrom: s.validFrom ?? FROM,
    validTo: s.validTo ?? TO,
    description: { zh: s.zh, en: s.en },
    affectedFields: s.fields,
    logic: s.logic,
    outcome: s.outcome,
    ...(s.action ? { action: s.action } : {}),
  }
}

function info(code: string): { zh: string; en: string; app: string } {
  const p = provinces.provinces.find((x) => x.code === code)
  if (!p) throw new Error(`unknown province ${code}`)
  return { zh: p.zh, en: p.en, app: p.codeApp ?? `${p.zh}健康码` }
}

/** The code rules every province publishes: no red (refuse), no yellow, and a code of its own. */
export function codeRules(province: string, prefix: string): EntryRule[] {
  const p = info(province)
  return [
    rule(province, {
      id: `${prefix}-CODE-0001`,
      zh: '任何地区的健康码均不得为红码',
      en: 'No health code from any authority may be red',
      fields: ['derived.codes.worst'],
      logic: { '!': [{ '===': [{ var: 'derived.codes.worst' }, 'red'] }] },
      outcome: 'refuse',
      action: {
        kind: 'wait',
        zh: '请联系赋码地区核实红码原因（通行码上显示赋码单位与原因）',
        en: 'Ask the issuing authority shown on the pass to review the red code',
      },
    }),
    rule(province, {
      id: `${prefix}-CODE-0002`,
      zh: '任何地区的健康码均不得为黄码',
      en: 'No health code from any authority may be yellow',
      fields: ['derived.codes.worst'],
      logic: { '!': [{ '===': [{ var: 'derived.codes.worst' }, 'yellow'] }] },
      outcome: 'needs-action',
      action: {
        kind: 'wait',
        zh: '请按黄码赋码地区的要求转绿（通常需完成核酸检测）',
        en: 'Follow the issuing authority’s steps to turn the yellow code green (usually tests)',
      },
    }),
    rule(province, {
      id: `${prefix}-CODE-0003`,
      zh: `需持有${p.zh}健康码（${p.app}）`,
      en: `A ${p.en} health code is required`,
      fields: [`derived.codes.byProvince.${province}`],
      logic: { var: `derived.codes.byProvince.${province}` },
      outcome: 'needs-action',
      action: {
        kind: 'declare',
        zh: `请在通行码中授权并申领${p.app}`,
        en: `Add the ${p.en} code (${p.app}) to the pass`,
      },
    }),
  ]
}

/** A positive result not superseded by a later negative refuses entry. */
export function positiveRule(province: string, prefix: string): EntryRule {
  return rule(province, {
    id: `${prefix}-TEST-0002`,
    zh: '不得有未被后续阴性结果覆盖的阳性结果',
    en: 'No positive result without a later negative',
    fields: ['derived.tests.positive'],
    logic: { '!': [{ var: 'derived.tests.positive' }] },
    outcome: 'refuse',
    action: {
      kind: 'wait',
      zh: '请遵从当地防控要求，转阴后再出行',
      en: 'Follow local health instructions and travel after testing negative',
    },
  })
}

/** How a province's test requirement reads. */
export interface TestSpec {
  hours: number
  from: 'sample' | 'report'
  /** Children under this age are exempt; omit for no exemption. */
  exemptUnder?: number
  version?: string
  validFrom?: string
  validTo?: string
}

/** A negative PCR within `hours`, counted from sample or report time. */
export function pcrRule(province: string, prefix: string, t: TestSpec): EntryRule {
  const path =
    t.from === 'sample'
      ? 'derived.tests.latestNegativePcr.sampledAt'
      : 'derived.tests.latestReportedNegativePcr.reportedAt'
  const base = within(path, t.hours)
  const from = t.from === 'sample' ? { zh: '采样', en: 'sampling' } : { zh: '报告', en: 'the report' }
  const kids =
    t.exemptUnder === undefined
      ? { zh: '', en: '' }
      : { zh: `（${t.exemptUnder}岁以下儿童免检）`, en: ` (children under ${t.exemptUnder} exempt)` }
  return rule(province, {
    id: `${prefix}-TEST-0001`,
    version: t.version,
    validFrom: t.validFrom,
    validTo: t.validTo,
    zh: `需持${t.hours}小时内核酸阴性证明，自${from.zh}时间起算${kids.zh}`,
    en: `A negative PCR test within ${t.hours} h of ${from.en}${kids.en}`,
    fields: t.exemptUnder === undefined ? [path] : [path, 'derived.ageYears'],
    logic: t.exemptUnder === undefined ? base : exemptUnder(t.exemptUnder, base),
    outcome: 'needs-action',
    action: { kind: 'test', zh: '请进行核酸检测', en: 'Take a PCR test' },
  })
}

/** An arrival declaration in force with `province` is required. */
export function declarationRule(province: string, prefix: string): EntryRule {
  const p = info(province)
  return rule(province, {
    id: `${prefix}-DECL-0001`,
    zh: `进入${p.zh}需提前申报`,
    en: `Arrivals in ${p.en} must be declared in advance`,
    fields: [`derived.declarations.${province}`],
    logic: { var: `derived.declarations.${province}` },
    outcome: 'needs-action',
    action: {
      kind: 'declare',
      zh: `请在通行码中填写${p.zh}入境申报`,
      en: `Fill in the ${p.en} arrival declaration in the pass`,
    },
  })
}
