/**
 * DEMO entry rules for all 31 provinces, in the shape each plugin's
 * `entryRules()` returns (validated by `loadRuleSet`). Plausible for late 2022,
 * not any province's actual policy. Stories they replay:
 * - Beijing: PCR within 72 h of SAMPLE; a pending result counts while the
 *   previous negative is within 96 h; any Beijing pop-up blocks.
 * - Guangdong: 48 h from REPORT, switching to 24 h at 2026-12-01 00:00 (+08:00)
 *   through a new rule version published in advance.
 * - Shanghai 72 h, Hunan 24 h, most others 48 h, all from sample time.
 * - Shandong and Xinjiang: arrival declaration required.
 * - Children under 6 exempt from tests in most provinces (not Beijing; under 3 in Xinjiang).
 * The five 2022 patterns that read the whole record (docs/rules.md, "Recipes"):
 * - Beijing: no stay in a listed risk area in the last 7 days (itinerary + value set).
 * - Shanghai: 落地检, a PCR sample within 24 h after arrival.
 * - Tibet: 两次核酸, two negative PCRs within 72 h, at least 24 h apart.
 * - Hunan: PCR only, antigen tests not counted (24 h from sampling).
 * - Qinghai: a booster (third dose) at least 14 days old, adults.
 */
import type { ProvinceCode } from '../../src/core/model'
import type { EntryRule, RuleSet } from '../../src/core/rules/types'
import {
  arrivalTestRule,
  boosterRule,
  codeRules,
  declarationRule,
  exemptUnder,
  or,
  pcrOnlyRule,
  pcrRule,
  positiveRule,
  riskAreaRule,
  rule,
  twoPcrRule,
  within,
} from './build'
import type { TestSpec } from './build'

interface ProvinceSpec {
  prefix: string
  /** Omit for provinces that require no pre-arrival test. */
  test?: TestSpec
  declaration?: boolean
  extra?: (province: string, prefix: string) => EntryRule[]
  version?: string
  publishedAt?: string
  /** Value sets published beside the rules (`external.valueSets.<name>`). */
  valueSets?: Record<string, string[]>
}

/**
 * DEMO risk areas (county-level GB/T 2260 codes) Beijing's rule reads as
 * `external.valueSets.riskAreas`: Guangzhou Tianhe, Shanghai Pudong, Ürümqi Tianshan.
 */
export const DEMO_RISK_AREAS = ['440106', '310115', '650102']

const SAMPLE48: TestSpec = { hours: 48, from: 'sample', exemptUnder: 6 }

const beijingExtra = (p: string, x: string): EntryRule[] => [
  rule(p, {
    id: `${x}-TEST-0001`,
    zh: '需持72小时内核酸阴性证明，自采样时间起算；当日结果未出时，96小时内的前次阴性结果仍有效',
    en: 'A negative PCR within 72 h of sampling; while a newer test is pending, the previous negative counts for 96 h',
    fields: ['derived.tests.latestNegativePcr.sampledAt', 'derived.tests.pendingPcr'],
    logic: or(within('derived.tests.latestNegativePcr.sampledAt', 72), {
      and: [{ var: 'derived.tests.pendingPcr' }, within('derived.tests.latestNegativePcr.sampledAt', 96)],
    }),
    outcome: 'needs-action',
    action: { kind: 'test', zh: '请进行核酸检测', en: 'Take a PCR test' },
  }),
  riskAreaRule(p, x, 7),
  rule(p, {
    id: `${x}-POPUP-0001`,
    zh: '北京健康宝不得有弹窗',
    en: 'No open pop-up (弹窗) on the Beijing code',
    fields: ['derived.codes.byProvince.110000.popUps'],
    logic: { '!': [{ var: 'derived.codes.byProvince.110000.popUps.0' }] },
    outcome: 'needs-action',
    action: {
      kind: 'clear-popup',
      zh: '请按弹窗提示完成核酸检测或申诉以解除弹窗',
      en: 'Clear the pop-up as it instructs (a test or an appeal)',
    },
  }),
]

const innerMongoliaExtra = (p: string, x: string): EntryRule[] => [
  rule(p, {
    id: `${x}-TEST-0001`,
    zh: '需持48小时内核酸或24小时内抗原阴性结果，自采样时间起算（6岁以下儿童免检）',
    en: 'A negative PCR within 48 h or antigen test within 24 h of sampling (children under 6 exempt)',
    fields: [
      'derived.tests.latestNegativePcr.sampledAt',
      'derived.tests.latestNegativeAntigen.sampledAt',
      'derived.ageYears',
    ],
    logic: exemptUnder(
      6,
      or(
        within('derived.tests.latestNegativePcr.sampledAt', 48),
        within('derived.tests.latestNegativeAntigen.sampledAt', 24),
      ),
    ),
    outcome: 'needs-action',
    action: { kind: 'test', zh: '请进行核酸或抗原检测', en: 'Take a PCR or antigen test' },
  }),
]

const qinghaiExtra = (p: string, x: string): EntryRule[] => [
  rule(p, {
    id: `${x}-TEST-0001`,
    zh: '接种三剂疫苗者需持72小时内、其他人需持48小时内核酸阴性证明，自采样时间起算（6岁以下儿童免检）',
    en: 'A negative PCR within 72 h of sampling after three vaccine doses, else within 48 h (children under 6 exempt)',
    fields: ['derived.tests.latestNegativePcr.sampledAt', 'derived.vaccination.doses', 'derived.ageYears'],
    logic: exemptUnder(6, {
      if: [
        { '>=': [{ var: 'derived.vaccination.doses' }, 3] },
        within('derived.tests.latestNegativePcr.sampledAt', 72),
        within('derived.tests.latestNegativePcr.sampledAt', 48),
      ],
    }),
    outcome: 'needs-action',
    action: { kind: 'test', zh: '请进行核酸检测', en: 'Take a PCR test' },
  }),
  boosterRule(p, x, 3, 14, 18),
]

const guangdongExtra = (p: string, x: string): EntryRule[] => [
  pcrRule(p, x, {
    hours: 24,
    from: 'report',
    exemptUnder: 6,
    version: '1.1.0',
    validFrom: '2026-12-01T00:00:00+08:00',
  }),
]

/** Province code → how its DEMO rules read. */
const SPECS: Record<ProvinceCode, ProvinceSpec> = {
  '110000': { prefix: 'BJ', extra: beijingExtra, version: '3.3.0', valueSets: { riskAreas: DEMO_RISK_AREAS } },
  '120000': { prefix: 'TJ', test: SAMPLE48 },
  '130000': { prefix: 'HE', test: SAMPLE48 },
  '140000': { prefix: 'SX', test: SAMPLE48 },
  '150000': { prefix: 'NM', extra: innerMongoliaExtra },
  '210000': { prefix: 'LN', test: SAMPLE48 },
  '220000': { prefix: 'JL', test: SAMPLE48 },
  '230000': { prefix: 'HL', test: { hours: 72, from: 'sample', exemptUnder: 6 } },
  '310000': {
    prefix: 'SH',
    test: { hours: 72, from: 'sample', exemptUnder: 6 },
    extra: (p, x) => [arrivalTestRule(p, x, 24)],
  },
  '320000': { prefix: 'JS', test: { hours: 48, from: 'report', exemptUnder: 6 } },
  '330000': { prefix: 'ZJ', test: SAMPLE48 },
  '340000': { prefix: 'AH', test: SAMPLE48 },
  '350000': { prefix: 'FJ', test: SAMPLE48 },
  '360000': { prefix: 'JX', test: SAMPLE48 },
  '370000': { prefix: 'SD', test: SAMPLE48, declaration: true },
  '410000': { prefix: 'HA', test: SAMPLE48 },
  '420000': { prefix: 'HB', test: SAMPLE48 },
  '430000': { prefix: 'HN', extra: (p, x) => [pcrOnlyRule(p, x, 24, 6)] },
  '440000': {
    prefix: 'GD',
    test: { hours: 48, from: 'report', exemptUnder: 6 },
    extra: guangdongExtra,
    version: '2.1.0',
    publishedAt: '2026-11-15T10:00:00+08:00',
  },
  '450000': { prefix: 'GX', test: SAMPLE48 },
  '460000': { prefix: 'HI', test: { hours: 48, from: 'report', exemptUnder: 6 } },
  '500000': { prefix: 'CQ', test: SAMPLE48 },
  '510000': { prefix: 'SC', test: SAMPLE48 },
  '520000': { prefix: 'GZ', test: SAMPLE48 },
  '530000': { prefix: 'YN', test: SAMPLE48 },
  '540000': { prefix: 'XZ', extra: (p, x) => [twoPcrRule(p, x, { withinH: 72, apartH: 24 })] },
  '610000': { prefix: 'SN', test: SAMPLE48 },
  '620000': { prefix: 'GS', test: SAMPLE48 },
  '630000': { prefix: 'QH', extra: qinghaiExtra },
  '640000': { prefix: 'NX' },
  '650000': { prefix: 'XJ', test: { hours: 48, from: 'sample', exemptUnder: 3 }, declaration: true },
}

function ruleSetOf(province: ProvinceCode, s: ProvinceSpec): RuleSet {
  const rules = [
    ...codeRules(province, s.prefix),
    ...(s.test ? [pcrRule(province, s.prefix, s.test)] : []),
    positiveRule(province, s.prefix),
    ...(s.declaration ? [declarationRule(province, s.prefix)] : []),
    ...(s.extra ? s.extra(province, s.prefix) : []),
  ]
  return {
    province,
    version: s.version ?? '1.0.0',
    publishedAt: s.publishedAt ?? '2026-01-01T00:00:00+08:00',
    rules,
    ...(s.valueSets ? { valueSets: s.valueSets } : {}),
  }
}

/** DEMO rule sets by province code, as JSON-ready objects (each plugin's `entryRules()` answer). */
export const demoRuleSets: Record<ProvinceCode, RuleSet> = Object.fromEntries(
  Object.entries(SPECS).map(([code, spec]) => [code, ruleSetOf(code, spec)]),
)
