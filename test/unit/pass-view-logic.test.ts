/**
 * The pass page's pure text helpers: stable picker ranges, dates with years,
 * the countdown under a verdict, the test facts beside a failed test rule and
 * the "no province knows this person" case.
 */
import { demoRuleSets } from '../../mock/rules'
import type { ProvinceResult } from '../../src/features/pass/passLogic'
import { passStrings } from '../../src/features/pass/strings'
import {
  readerText,
  countdownText,
  failsOnTests,
  formatWhen,
  nobodyKnows,
  type PassStrings,
  PROVINCE_RANGE,
  provinceIndex,
  testFactsText,
  withoutPending,
} from '../../src/features/pass/viewLogic'

const H = 3_600_000
const D = 24 * H
const strings = (lang: 'zh' | 'en') =>
  Object.fromEntries(Object.entries(passStrings).map(([k, v]) => [k, v[lang]])) as PassStrings
const en = strings('en')
const zh = strings('zh')
/** 2026-12-03 12:00 in Shanghai. */
const NOW = Date.parse('2026-12-03T12:00:00+08:00')

describe('province pickers', () => {
  test('the range is the same array every time, per language', () => {
    expect(PROVINCE_RANGE.zh).toBe(PROVINCE_RANGE.zh)
    expect(PROVINCE_RANGE.zh).toContain('广东省')
    expect(PROVINCE_RANGE.en.length).toBe(PROVINCE_RANGE.zh.length)
    expect(PROVINCE_RANGE.zh[provinceIndex('430000')]).toBe('湖南省')
    expect(provinceIndex(null)).toBe(0)
  })
})

describe('formatWhen', () => {
  test('the year shows only beyond ~300 days either way', () => {
    expect(formatWhen(NOW - 2 * H, NOW, 'en')).toBe('10:00 on 3 Dec')
    expect(formatWhen(NOW - 400 * D, NOW, 'en')).toMatch(/ on \d+ \w+ 2025$/)
    expect(formatWhen(NOW - 400 * D, NOW, 'zh')).toMatch(/^2025年\d+月\d+日 /)
    expect(formatWhen(Date.parse('2028-01-01T00:00:00+08:00'), NOW, 'en')).toBe('00:00 on 1 Jan 2028')
  })
})

describe('countdownText', () => {
  test('admit holds until a time with what is left; beyond 7 days or never says so', () => {
    expect(countdownText({ outcome: 'admit', until: NOW + 27 * H }, NOW, 'en', en)).toBe(
      'Holds until 15:00 on 4 Dec (27 h 00 min left)',
    )
    expect(countdownText({ outcome: 'admit', until: NOW + 9595 * H }, NOW, 'en', en)).toBe(
      'No change expected within 7 days',
    )
    expect(countdownText({ outcome: 'admit', until: null }, NOW, 'zh', zh)).toBe(zh.noChange)
  })
  test('a refusal says nothing unless it turns into an admission within a day', () => {
    expect(countdownText({ outcome: 'needs-action', until: NOW + 27 * H }, NOW, 'en', en)).toBeNull()
    expect(countdownText({ outcome: 'refuse', until: NOW + 2 * H }, NOW, 'en', en, 'refuse')).toBeNull()
    expect(countdownText({ outcome: 'needs-action', until: NOW + 2 * H }, NOW, 'en', en, 'admit')).toBe(
      'Admitted from 14:00 on 3 Dec (in 2 h 00 min)',
    )
    expect(countdownText({ outcome: 'needs-action', until: NOW + 30 * H }, NOW, 'en', en, 'admit')).toBeNull()
  })
})

describe('test facts', () => {
  test('a failed test rule is recognised by its affected fields', () => {
    const hunan = demoRuleSets['430000']
    const testRule = hunan.rules.find((r) =>
      r.affectedFields.some((f) => f === 'payload.tests' || f.startsWith('derived.tests.')),
    )
    const codeRule = hunan.rules.find((r) => r.identifier === 'HN-CODE-0001')
    expect(testRule && codeRule).toBeTruthy()
    const reason = (ruleId: string) => ({ ruleId, outcome: 'needs-action' as const, text: '' })
    expect(failsOnTests({ reasons: [reason(testRule!.identifier)] }, hunan)).toBe(true)
    expect(failsOnTests({ reasons: [reason(codeRule!.identifier)] }, hunan)).toBe(false)
    expect(failsOnTests({ reasons: [reason(testRule!.identifier)] }, undefined)).toBe(false)
  })
  test('the late-reported sample: sampled 25 h 30 min ago, reported 1 h 30 min ago', () => {
    const tests = [
      { kind: 'pcr' as const, outcome: 'negative' as const, sampledAt: NOW - 25.5 * H, reportedAt: NOW - 1.5 * H },
    ]
    expect(testFactsText(tests, NOW, 'en', en)).toBe(
      'Your latest negative: PCR, sampled 10:30 on 2 Dec (25 h 30 min ago), reported 10:30 on 3 Dec (1 h 30 min ago)',
    )
    expect(testFactsText(tests, NOW, 'zh', zh)).toMatch(/采样于 12月2日 10:30（25 小时 30 分 前）/)
  })
  test('a newer pending test is named; no negative at all is said', () => {
    const tests = [
      { kind: 'pcr' as const, outcome: 'pending' as const, sampledAt: NOW - 3 * H },
      { kind: 'pcr' as const, outcome: 'negative' as const, sampledAt: NOW - 27 * H, reportedAt: NOW - 21 * H },
    ]
    expect(testFactsText(tests, NOW, 'en', en)).toMatch(
      /27 h 00 min ago.*; a newer PCR sampled .* \(3 h 00 min ago\) is pending$/,
    )
    expect(testFactsText([tests[0]], NOW, 'en', en)).toMatch(/^No negative test on record; a newer PCR/)
  })
})

const result = (province: string, over: Partial<ProvinceResult> = {}): ProvinceResult =>
  ({
    province,
    status: 'failed',
    tests: [],
    vaccinations: [],
    error: { code: 'NP_ERR_BACKEND', message: 'The province server reported an error: 未查询到该人员', params: {} },
    ...over,
  }) as ProvinceResult

describe('nobodyKnows', () => {
  test('every province answered with an error and holds nothing: nobody knows the person', () => {
    expect(nobodyKnows([result('110000'), result('440000')])).toBe(true)
    expect(nobodyKnows([result('110000'), result('440000', { status: 'timeout', error: undefined })])).toBe(true)
  })
  test('not while asking, not with any data, not when only the network failed', () => {
    expect(nobodyKnows([])).toBe(false)
    expect(nobodyKnows([result('110000'), result('440000', { status: 'loading', error: undefined })])).toBe(false)
    expect(nobodyKnows([result('110000'), result('440000', { status: 'done', error: undefined })])).toBe(false)
    const net = { code: 'NP_ERR_HTTP_NETWORK' as const, message: 'x' }
    expect(nobodyKnows([result('110000', { error: net } as Partial<ProvinceResult>)])).toBe(false)
  })
  test('withoutPending drops only pending tests', () => {
    const r = result('110000', {
      status: 'done',
      tests: [
        { sampleId: 'a', kind: 'pcr', outcome: 'pending', sampledAt: 1, verified: true } as never,
        { sampleId: 'b', kind: 'pcr', outcome: 'negative', sampledAt: 0, reportedAt: 1, verified: true } as never,
      ],
    })
    expect(withoutPending([r])[0].tests.map((t) => t.sampleId)).toEqual(['b'])
  })
})

describe('province free text in the reader’s language', () => {
  test('demo data gives "中文 · English": each reader sees their half; one-language text is shown as it is', () => {
    const reason =
      '与确诊病例时空交集：长沙市五一广场，前日 19:00–21:00 · space-time overlap with a confirmed case (Changsha, Wuyi Square)'
    expect(readerText(reason, 'zh')).toBe('与确诊病例时空交集：长沙市五一广场，前日 19:00–21:00')
    expect(readerText(reason, 'en')).toBe('space-time overlap with a confirmed case (Changsha, Wuyi Square)')
    expect(readerText('首次申领 · first issued', 'en')).toBe('first issued')
    expect(readerText('首次申领 · first issued', 'zh')).toBe('首次申领')
    expect(readerText('银行储户 · 郑州', 'en')).toBe('银行储户 · 郑州')
    expect(readerText('核酸阳性', 'en')).toBe('核酸阳性')
  })
})
