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

/** `plusTime(x, 0, hour)`: CertLogic compares date-times only as `plusTime` results. */
export const at = (x: CertLogicExpression): CertLogicExpression => ({ plusTime: [x, 0, 'hour'] })

/**
 * A fold over the records at `list` that can see outer values: CertLogic's
 * `reduce` lambda sees only `current` and `accumulator`, so the accumulator is
 * an array `[...context, ...state]` (context: e.g. the validation clock, a
 * value set; state: one or more slots). `step` gives each state slot's new
 * value from `current` and `accumulator.<i>` (context first, then state).
 * `finish` reads the final accumulator as `current.<i>` (a one-element
 * `reduce` stands in for a `var` into an expression's result, which CertLogic
 * lacks).
 */
export function fold(
  list: string,
  context: CertLogicExpression[],
  initial: CertLogicExpression[],
  step: CertLogicExpression[],
  finish: CertLogicExpression,
): CertLogicExpression {
  const keep = context.map((_, i) => ({ var: `accumulator.${i}` }))
  const lambda = [...keep, ...step] as unknown as CertLogicExpression
  const start = [...context, ...initial] as unknown as CertLogicExpression
  const folded = [{ reduce: [{ var: list }, lambda, start] }] as unknown as CertLogicExpression
  return { reduce: [folded, finish, false] }
}

const CLOCK: CertLogicExpression = { var: 'external.validationClock' }

/**
 * 两次核酸: two negative PCRs, both sampled within the last `withinH` hours,
 * at least `apartH` hours apart. Reads every test (`payload.tests`, by sample
 * time): the earliest and latest qualifying samples are folded, then compared.
 */
export function twoPcrRule(
  province: string,
  prefix: string,
  s: { withinH: number; apartH: number; exemptUnder?: number },
): EntryRule {
  const qualifies: CertLogicExpression = {
    and: [
      { '===': [{ var: 'current.kind' }, 'pcr'] },
      { '===': [{ var: 'current.result' }, 'negative'] },
      { 'not-after': [at({ var: 'current.sampledAt' }), at({ var: 'accumulator.0' })] },
      {
        'not-after': [at({ var: 'accumulator.0' }), { plusTime: [{ var: 'current.sampledAt' }, s.withinH, 'hour'] }],
      },
    ],
  }
  // state: [clock, earliest qualifying sample, latest qualifying sample]
  const logic = fold(
    'payload.tests',
    [CLOCK],
    [false, false],
    [
      {
        if: [
          qualifies,
          { if: [{ var: 'accumulator.1' }, { var: 'accumulator.1' }, { var: 'current.sampledAt' }] },
          { var: 'accumulator.1' },
        ],
      },
      { if: [qualifies, { var: 'current.sampledAt' }, { var: 'accumulator.2' }] },
    ],
    {
      if: [
        { var: 'current.1' },
        { 'not-before': [at({ var: 'current.2' }), { plusTime: [{ var: 'current.1' }, s.apartH, 'hour'] }] },
        false,
      ],
    },
  )
  const kids =
    s.exemptUnder === undefined
      ? { zh: '', en: '' }
      : { zh: `（${s.exemptUnder}岁以下儿童免检）`, en: ` (children under ${s.exemptUnder} exempt)` }
  return rule(province, {
    id: `${prefix}-TEST-0001`,
    zh: `需持${s.withinH}小时内两次核酸阴性证明，两次采样间隔不少于${s.apartH}小时${kids.zh}`,
    en: `Two negative PCR tests sampled within ${s.withinH} h, at least ${s.apartH} h apart${kids.en}`,
    fields: s.exemptUnder === undefined ? ['payload.tests'] : ['payload.tests', 'derived.ageYears'],
    logic: s.exemptUnder === undefined ? logic : exemptUnder(s.exemptUnder, logic),
    outcome: 'needs-action',
    action: { kind: 'test', zh: '请再进行一次核酸检测', en: 'Take another PCR test' },
  })
}

/**
 * 落地检: a PCR sampled within `hours` after arrival (any result so far; a
 * positive is another rule's business). Holds until `hours` after arrival
 * (`derived.arrival`, from `payload.itinerary`), then needs such a sample.
 */
export function arrivalTestRule(province: string, prefix: string, hours: number): EntryRule {
  const p = info(province)
  const arrival: CertLogicExpression = { var: 'derived.arrival' }
  const sampledAfter = fold(
    'payload.tests',
    [arrival],
    [false],
    [
      {
        if: [
          { var: 'accumulator.1' },
          true,
          {
            and: [
              { '===': [{ var: 'current.kind' }, 'pcr'] },
              { 'not-before': [at({ var: 'current.sampledAt' }), at({ var: 'accumulator.0' })] },
              {
                'not-after': [
                  at({ var: 'current.sampledAt' }),
                  { plusTime: [{ var: 'accumulator.0' }, hours, 'hour'] },
                ],
              },
            ],
          },
        ],
      },
    ],
    { var: 'current.1' },
  )
  return rule(province, {
    id: `${prefix}-TEST-0003`,
    zh: `抵${p.zh.slice(0, 2)}后${hours}小时内需完成一次核酸采样（落地检）`,
    en: `A PCR sample within ${hours} h after arriving in ${p.en}`,
    fields: ['derived.arrival', 'payload.tests'],
    logic: {
      if: [arrival, { if: [{ after: [at(CLOCK), { plusTime: [arrival, hours, 'hour'] }] }, sampledAfter, true] }, true],
    },
    outcome: 'needs-action',
    action: {
      kind: 'test',
      zh: `请在抵达后${hours}小时内完成核酸采样`,
      en: `Get a PCR sample within ${hours} h of arrival`,
    },
  })
}

/**
 * No stay in a listed risk area within the last `days` days: reads the
 * itinerary (`payload.itinerary`) and the publisher's value set
 * `external.valueSets.riskAreas` (area codes). A missing value set makes the
 * rule unevaluable (`in` needs an array), so the verdict is unknown, not admit.
 */
export function riskAreaRule(province: string, prefix: string, days: number): EntryRule {
  const p = info(province)
  const hit: CertLogicExpression = {
    and: [
      { in: [{ var: 'current.area' }, { var: 'accumulator.1' }] },
      {
        'not-before': [
          { plusTime: [{ if: [{ var: 'current.to' }, { var: 'current.to' }, { var: 'accumulator.0' }] }, days, 'day'] },
          at({ var: 'accumulator.0' }),
        ],
      },
    ],
  }
  return rule(province, {
    id: `${prefix}-RISK-0001`,
    zh: `${days}天内有中高风险地区旅居史者暂缓进入${p.zh.slice(0, 2)}`,
    en: `No stay in a listed risk area within the last ${days} days`,
    fields: ['payload.itinerary'],
    logic: {
      '!': [
        fold(
          'payload.itinerary',
          [CLOCK, { var: 'external.valueSets.riskAreas' }],
          [false],
          [{ if: [{ var: 'accumulator.2' }, true, hit] }],
          { var: 'current.2' },
        ),
      ],
    },
    outcome: 'refuse',
    action: {
      kind: 'wait',
      zh: `请在离开风险地区满${days}天后再进入`,
      en: `Enter once ${days} days have passed since leaving the risk area`,
    },
  })
}

/**
 * PCR only: a negative PCR sampled within `hours`, read from every test
 * (`payload.tests`); antigen tests are not counted.
 */
export function pcrOnlyRule(province: string, prefix: string, hours: number, exemptAge?: number): EntryRule {
  const found = fold(
    'payload.tests',
    [CLOCK],
    [false],
    [
      {
        if: [
          { var: 'accumulator.1' },
          true,
          {
            and: [
              { '===': [{ var: 'current.kind' }, 'pcr'] },
              { '===': [{ var: 'current.result' }, 'negative'] },
              { 'not-after': [at({ var: 'current.sampledAt' }), at({ var: 'accumulator.0' })] },
              {
                'not-after': [
                  at({ var: 'accumulator.0' }),
                  { plusTime: [{ var: 'current.sampledAt' }, hours, 'hour'] },
                ],
              },
            ],
          },
        ],
      },
    ],
    { var: 'current.1' },
  )
  const kids =
    exemptAge === undefined
      ? { zh: '', en: '' }
      : { zh: `（${exemptAge}岁以下儿童免检）`, en: ` (children under ${exemptAge} exempt)` }
  return rule(province, {
    id: `${prefix}-TEST-0001`,
    zh: `需持${hours}小时内核酸（PCR）阴性证明，自采样时间起算，抗原检测不计${kids.zh}`,
    en: `A negative PCR test within ${hours} h of sampling; antigen tests do not count${kids.en}`,
    fields: exemptAge === undefined ? ['payload.tests'] : ['payload.tests', 'derived.ageYears'],
    logic: exemptAge === undefined ? found : exemptUnder(exemptAge, found),
    outcome: 'needs-action',
    action: { kind: 'test', zh: '请进行核酸检测（抗原检测不计）', en: 'Take a PCR test (antigen tests do not count)' },
  })
}

/** A booster (dose `minDose` or later) given at least `days` days ago, from every dose (`payload.vaccinations`). */
export function boosterRule(
  province: string,
  prefix: string,
  minDose: number,
  days: number,
  exemptAge: number,
): EntryRule {
  const found = fold(
    'payload.vaccinations',
    [CLOCK],
    [false],
    [
      {
        if: [
          { var: 'accumulator.1' },
          true,
          {
            and: [
              { '>=': [{ var: 'current.dose' }, minDose] },
              { 'not-before': [at({ var: 'accumulator.0' }), { plusTime: [{ var: 'current.at' }, days, 'day'] }] },
            ],
          },
        ],
      },
    ],
    { var: 'current.1' },
  )
  return rule(province, {
    id: `${prefix}-VAX-0001`,
    zh: `需已接种加强针（第${minDose}剂）满${days}天（${exemptAge}岁以下免）`,
    en: `A booster (dose ${minDose}) given at least ${days} days ago (under ${exemptAge} exempt)`,
    fields: ['payload.vaccinations', 'derived.ageYears'],
    logic: exemptUnder(exemptAge, found),
    outcome: 'needs-action',
    action: {
      kind: 'wait',
      zh: `请接种加强针，满${days}天后再进入`,
      en: `Get the booster and enter once ${days} days have passed`,
    },
  })
}
