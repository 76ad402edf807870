import { NpError } from '../../src/core/errors'
import { evaluate, formatDuration, loadRuleSet, selectRules } from '../../src/core/rules/engine'
import { buildFacts } from '../../src/core/rules/facts'
import { parseIso, toShanghaiIso } from '../../src/core/rules/time'
import type { RuleSet } from '../../src/core/rules/types'
import { AT, code, H, inputOf, sets, test, verdictOf } from './rules-helpers'
import type { Scenario } from './rules-helpers'

/** Boundary decision: "within N h" is inclusive. A result is valid at exactly N h and not 1 ms later. */
const GD_CHANGE = parseIso('2026-12-01T00:00:00+08:00')
const DEC2 = parseIso('2026-12-02T18:00:00+08:00')

interface Case extends Scenario {
  name: string
  outcome: 'admit' | 'refuse' | 'needs-action'
  rules?: string[]
}

const cases: Case[] = [
  { name: 'GD: PCR reported 47 h ago', destination: '440000', tests: [test(AT - 53 * H, 6)], outcome: 'admit' },
  {
    name: 'GD: reported exactly 48 h ago (inclusive)',
    destination: '440000',
    tests: [test(AT - 54 * H, 6)],
    outcome: 'admit',
  },
  {
    name: 'GD: reported 48 h + 1 ms ago',
    destination: '440000',
    tests: [test(AT - 54 * H - 1, 6)],
    outcome: 'needs-action',
    rules: ['GD-TEST-0001'],
  },
  {
    name: 'GD: sampled 60 h ago but reported 40 h ago counts (report time)',
    destination: '440000',
    tests: [test(AT - 60 * H, 20)],
    outcome: 'admit',
  },
  {
    name: 'story: reported 1.5 h after a 24 h window from sample (Hunan) is not accepted',
    destination: '430000',
    tests: [test(AT - 26 * H, 25.5)],
    outcome: 'needs-action',
    rules: ['HN-TEST-0001'],
  },
  {
    name: 'story: same result under a 24 h window from report (GD from 1 Dec) is accepted',
    destination: '440000',
    at: DEC2,
    tests: [test(DEC2 - 26 * H, 25.5)],
    outcome: 'admit',
  },
  {
    name: 'HN: sampled exactly 24 h ago (inclusive)',
    destination: '430000',
    tests: [test(AT - 24 * H, 6)],
    outcome: 'admit',
  },
  {
    name: 'HN: a pending result alone does not count',
    destination: '430000',
    tests: [test(AT - 5 * H, null)],
    outcome: 'needs-action',
    rules: ['HN-TEST-0001'],
  },
  {
    name: 'BJ: negative 80 h ago + pending today counts (96 h grace)',
    destination: '110000',
    tests: [test(AT - 80 * H), test(AT - 8 * H, null)],
    outcome: 'admit',
  },
  {
    name: 'BJ: negative 80 h ago, nothing pending',
    destination: '110000',
    tests: [test(AT - 80 * H)],
    outcome: 'needs-action',
    rules: ['BJ-TEST-0001'],
  },
  {
    name: 'BJ: negative 97 h ago + pending: grace over',
    destination: '110000',
    tests: [test(AT - 97 * H), test(AT - 8 * H, null)],
    outcome: 'needs-action',
    rules: ['BJ-TEST-0001'],
  },
  {
    name: 'BJ: a pending older than the negative is no grace',
    destination: '110000',
    tests: [test(AT - 80 * H), test(AT - 90 * H, null)],
    outcome: 'needs-action',
    rules: ['BJ-TEST-0001'],
  },
  {
    name: 'BJ: result due after arrival is still pending then',
    destination: '110000',
    tests: [test(AT - 80 * H), test(AT - 2 * H, 6)],
    outcome: 'admit',
  },
  { name: 'BJ: negative 72 h ago exactly', destination: '110000', tests: [test(AT - 72 * H)], outcome: 'admit' },
  {
    name: 'BJ: a Beijing pop-up blocks',
    destination: '110000',
    tests: [test(AT - 10 * H)],
    codes: [code('110000', 'green', AT, [{ type: 'test-required', message: '请尽快核酸检测' }])],
    outcome: 'needs-action',
    rules: ['BJ-POPUP-0001'],
  },
  {
    name: 'BJ: a pop-up on another province’s code does not',
    destination: '110000',
    tests: [test(AT - 10 * H)],
    codes: [code('110000'), code('440000', 'green', AT, [{ type: 'travel-history', message: '行程提示' }])],
    outcome: 'admit',
  },
  {
    name: 'BJ: children are not exempt',
    destination: '110000',
    birthDate: '2022-01-01',
    outcome: 'needs-action',
    rules: ['BJ-TEST-0001'],
  },
  {
    name: 'story: Hunan yellow while others green (to GD)',
    destination: '440000',
    tests: [test(AT - 10 * H)],
    codes: [code('440000'), code('350000'), code('430000', 'yellow')],
    outcome: 'needs-action',
    rules: ['GD-CODE-0002'],
  },
  {
    name: 'Hunan yellow to Hunan',
    destination: '430000',
    tests: [test(AT - 10 * H)],
    codes: [code('440000'), code('430000', 'yellow')],
    outcome: 'needs-action',
    rules: ['HN-CODE-0002'],
  },
  {
    name: 'any red refuses, listed first',
    destination: '310000',
    codes: [code('310000'), code('410000', 'red')],
    outcome: 'refuse',
    rules: ['SH-CODE-0001', 'SH-TEST-0001'],
  },
  {
    name: 'destination’s own code missing',
    destination: '320000',
    tests: [test(AT - 10 * H)],
    codes: [code('440000')],
    outcome: 'needs-action',
    rules: ['JS-CODE-0003'],
  },
  {
    name: 'no codes at all',
    destination: '330000',
    tests: [test(AT - 10 * H)],
    codes: [],
    outcome: 'needs-action',
    rules: ['ZJ-CODE-0003'],
  },
  {
    name: 'a positive result refuses',
    destination: '330000',
    tests: [test(AT - 30 * H), test(AT - 20 * H, 6, 'positive')],
    outcome: 'refuse',
    rules: ['ZJ-TEST-0002'],
  },
  {
    name: 'a later negative supersedes a positive',
    destination: '330000',
    tests: [test(AT - 200 * H, 6, 'positive'), test(AT - 10 * H)],
    outcome: 'admit',
  },
  { name: 'child of 5 is exempt (Shanghai)', destination: '310000', birthDate: '2021-11-29', outcome: 'admit' },
  {
    name: 'child turning 6 today is not',
    destination: '310000',
    birthDate: '2020-11-28',
    outcome: 'needs-action',
    rules: ['SH-TEST-0001'],
  },
  { name: 'SH: 71 h from sample', destination: '310000', tests: [test(AT - 71 * H)], outcome: 'admit' },
  {
    name: 'SH: 73 h from sample',
    destination: '310000',
    tests: [test(AT - 73 * H)],
    outcome: 'needs-action',
    rules: ['SH-TEST-0001'],
  },
  {
    name: 'SH: an antigen test is not a PCR',
    destination: '310000',
    tests: [test(AT - 5 * H, 1, 'negative', { kind: 'antigen' })],
    outcome: 'needs-action',
    rules: ['SH-TEST-0001'],
  },
  {
    name: 'pooled results count like single ones',
    destination: '310000',
    tests: [test(AT - 30 * H, 12, 'negative', { pooled: true })],
    outcome: 'admit',
  },
  {
    name: 'SD: declaration required',
    destination: '370000',
    tests: [test(AT - 10 * H)],
    outcome: 'needs-action',
    rules: ['SD-DECL-0001'],
  },
  {
    name: 'SD: declaration in force',
    destination: '370000',
    tests: [test(AT - 10 * H)],
    declarations: [{ province: '370000', at: AT - 5 * H, validUntil: AT + 48 * H }],
    outcome: 'admit',
  },
  {
    name: 'SD: declaration expired',
    destination: '370000',
    tests: [test(AT - 10 * H)],
    declarations: [{ province: '370000', at: AT - 50 * H, validUntil: AT - H }],
    outcome: 'needs-action',
    rules: ['SD-DECL-0001'],
  },
  {
    name: 'SD: another province’s declaration does not count',
    destination: '370000',
    tests: [test(AT - 10 * H)],
    declarations: [{ province: '650000', at: AT - 5 * H }],
    outcome: 'needs-action',
    rules: ['SD-DECL-0001'],
  },
  {
    name: 'XJ: child of 4 needs a test (exempt under 3) and a declaration',
    destination: '650000',
    birthDate: '2022-06-01',
    outcome: 'needs-action',
    rules: ['XJ-DECL-0001', 'XJ-TEST-0001'],
  },
  {
    name: 'NM: antigen within 24 h',
    destination: '150000',
    tests: [test(AT - 20 * H, 1, 'negative', { kind: 'antigen' })],
    outcome: 'admit',
  },
  {
    name: 'NM: antigen 30 h ago',
    destination: '150000',
    tests: [test(AT - 30 * H, 1, 'negative', { kind: 'antigen' })],
    outcome: 'needs-action',
    rules: ['NM-TEST-0001'],
  },
  {
    name: 'QH: three doses stretch the window to 72 h',
    destination: '630000',
    doses: 3,
    tests: [test(AT - 60 * H)],
    outcome: 'admit',
  },
  {
    name: 'QH: two doses keep it at 48 h (and no booster yet)',
    destination: '630000',
    doses: 2,
    tests: [test(AT - 60 * H)],
    outcome: 'needs-action',
    rules: ['QH-TEST-0001', 'QH-VAX-0001'],
  },
  { name: 'NX: no pre-arrival test', destination: '640000', outcome: 'admit' },
  {
    name: 'GD before the change: 30 h from report still fine',
    destination: '440000',
    at: GD_CHANGE - 1,
    tests: [test(GD_CHANGE - 36 * H, 6)],
    outcome: 'admit',
  },
  {
    name: 'GD at the change (valid-from): 24 h applies',
    destination: '440000',
    at: GD_CHANGE,
    tests: [test(GD_CHANGE - 36 * H, 6)],
    outcome: 'needs-action',
    rules: ['GD-TEST-0001'],
  },
]

describe('entry rules: stories and boundaries', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const v = verdictOf(c)
    expect(v.outcome).toBe(c.outcome)
    expect(v.reasons.map((r) => r.ruleId)).toEqual(c.rules ?? [])
    expect(v.reasons.every((r) => r.text.length > 0)).toBe(true)
  })
  it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30))
})

describe('until', () => {
  it('is the instant the test stops counting (inclusive window: 48 h + 1 ms after report)', () => {
    const t = test(AT - 30 * H, 6)
    const v = verdictOf({ destination: '440000', tests: [t] })
    expect(v.until).toBe((t.reportedAt ?? 0) + 48 * H + 1)
  })
  it('is the valid-from of a stricter rule version when that comes first', () => {
    const at = GD_CHANGE - 2 * H
    const v = verdictOf({ destination: '440000', at, tests: [test(at - 40 * H, 6)] })
    expect(v.outcome).toBe('admit')
    expect(toShanghaiIso(v.until ?? 0)).toBe('2026-12-01T00:00:00.000+08:00')
  })
  it('is the 6th birthday for an exempt child', () => {
    const v = verdictOf({ destination: '310000', birthDate: '2020-12-03' })
    expect(toShanghaiIso(v.until ?? 0)).toBe('2026-12-03T00:00:00.000+08:00')
  })
  it('is when a declaration lapses', () => {
    const v = verdictOf({
      destination: '370000',
      tests: [test(AT - 40 * H)],
      declarations: [{ province: '370000', at: AT - H, validUntil: AT + 3 * H }],
    })
    expect(v.until).toBe(AT + 3 * H)
  })
})

describe('time zones', () => {
  const scenario: Scenario = { destination: '110000', tests: [test(AT - 80 * H), test(AT - 8 * H, null)] }
  const original = process.env.TZ
  afterAll(() => {
    process.env.TZ = original
  })
  it('gives the same verdict whatever the device zone', () => {
    const seen = ['Asia/Shanghai', 'UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'].map((tz) => {
      process.env.TZ = tz
      return verdictOf(scenario, 'zh')
    })
    for (const v of seen) expect(v).toEqual(seen[0])
  })
  it('gives the same verdict whether the server wrote times in +08:00, UTC or -05:00', () => {
    const sampled = ['2026-11-26T10:00:00+08:00', '2026-11-26T02:00:00Z', '2026-11-25T21:00:00-05:00'].map(parseIso)
    const verdicts = sampled.map((s) => verdictOf({ destination: '310000', tests: [test(s)] }))
    expect(new Set(sampled).size).toBe(1)
    for (const v of verdicts) expect(v).toEqual(verdicts[0])
  })
})

const baseRule = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...sets['440000'].rules[0],
  ...over,
})
const setWith = (rules: unknown[], over: Record<string, unknown> = {}): Record<string, unknown> => ({
  province: '440000',
  version: '1.0.0',
  publishedAt: '2026-01-01T00:00:00+08:00',
  rules,
  ...over,
})

describe('loadRuleSet', () => {
  it.each([
    ['an invalid CertLogic expression', [baseRule({ logic: { or: [true, false] } })], /unrecognised operator/],
    ['a non-integer literal', [baseRule({ logic: { '<': [1.5, 2] } })], /non-integer/],
    [
      'a read of an unknown fact',
      [baseRule({ logic: { var: 'test.latestNegativePcr' }, affectedFields: ['test.latestNegativePcr'] })],
      /not a fact/,
    ],
    ['a read affectedFields omits', [baseRule({ affectedFields: [] })], /affectedFields does not list/],
    ['a rule of another province', [baseRule({ province: '430000' })], /belongs to 430000/],
    [
      'an empty validity window',
      [baseRule({ validTo: '2026-01-01T00:00:00+08:00' })],
      /validFrom must be before validTo/,
    ],
    ['a date-time without offset', [baseRule({ validFrom: '2026-01-01T00:00:00' })], /offset/],
    ['one version published twice', [baseRule(), baseRule()], /published twice/],
    ['a bad identifier', [baseRule({ identifier: 'gd-test-1' })], /GD-TEST-0001/],
  ])('rejects %s', (_name, rules, detail) => {
    let caught: unknown
    try {
      loadRuleSet(setWith(rules))
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(NpError)
    const err = caught as NpError
    expect(err.code).toBe('NP_ERR_RULES_INVALID')
    expect(err.params.province).toBe('440000')
    expect(String(err.params.detail)).toMatch(detail)
    expect(err.params.rule).toBe((rules[0] as { identifier: string }).identifier)
  })
  it('rejects a malformed set, naming it', () => {
    expect(() => loadRuleSet({ province: '440000', rules: 'x' })).toThrow(
      /Entry rule \(rule set\) of 440000 is invalid/,
    )
    expect(() => loadRuleSet(null)).toThrow(NpError)
  })
})

describe('selectRules', () => {
  it('takes the highest version in force, from valid-from on', () => {
    const before = selectRules([sets['440000']], '440000', GD_CHANGE - 1).find((r) => r.identifier === 'GD-TEST-0001')
    const at = selectRules([sets['440000']], '440000', GD_CHANGE).find((r) => r.identifier === 'GD-TEST-0001')
    expect(before?.version).toBe('1.0.0')
    expect(at?.version).toBe('1.1.0')
  })
  it('treats validTo as exclusive and ignores other provinces', () => {
    const end = parseIso('2028-01-01T00:00:00+08:00')
    expect(selectRules([sets['440000']], '440000', end - 1).length).toBeGreaterThan(0)
    expect(selectRules([sets['440000']], '440000', end)).toEqual([])
    expect(selectRules([sets['440000']], '430000', AT)).toEqual([])
  })
})

describe('evaluate never throws on a valid set', () => {
  it('turns an evaluator error into an unknown verdict, never admit, saying which rule', () => {
    const broken: RuleSet = loadRuleSet(
      setWith([
        baseRule({
          logic: { in: ['red', { var: 'derived.codes.worst' }] },
          affectedFields: ['derived.codes.worst'],
          outcome: 'refuse',
        }),
      ]),
    )
    const v = evaluate(broken, buildFacts(inputOf({ destination: '440000' })), AT, 'en')
    expect(v.outcome).toBe('unknown')
    expect(v.unknown?.cause).toBe('unevaluable')
    expect(v.reasons[0].unevaluable).toBe(true)
    expect(v.reasons[0].text).toMatch(/^Could not check/)
  })
  it('speaks Chinese when asked', () => {
    const v = verdictOf({ destination: '370000', tests: [test(AT - 10 * H)] }, 'zh')
    expect(v.reasons[0].text).toContain('申报')
  })
})

describe('how far off a failed rule is', () => {
  it('a Hunan PCR (24 h from sampling) sampled 25 h 27 min ago is too old by 1 h 27 min', () => {
    const v = verdictOf({ destination: '430000', tests: [test(AT - 25 * H - 27 * 60_000)] })
    const r = v.reasons.find((x) => x.ruleId === 'HN-TEST-0001')
    expect(r?.distance?.lastHeld).toBe(AT - H - 27 * 60_000)
    expect(r?.distance?.firstHolds).toBeNull()
    expect(r?.distance?.text).toBe('too old by 1 h 27 min (met until 16:33 on 28 Nov)')
    const zh = verdictOf({ destination: '430000', tests: [test(AT - 25 * H - 27 * 60_000)] }, 'zh')
    expect(zh.reasons.find((x) => x.ruleId === 'HN-TEST-0001')?.distance?.text).toBe(
      '已超时1小时27分钟（11月28日 16:33前满足）',
    )
  })

  it('formats durations rounded up to the minute, in both languages', () => {
    expect(formatDuration(87 * 60_000, 'en')).toBe('1 h 27 min')
    expect(formatDuration(87 * 60_000 + 1, 'en')).toBe('1 h 28 min')
    expect(formatDuration(1, 'en')).toBe('1 min')
    expect(formatDuration(2 * 24 * H + 3 * H, 'zh')).toBe('2天3小时')
  })
})
