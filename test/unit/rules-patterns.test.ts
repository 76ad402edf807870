/**
 * The five 2022 rule patterns that read the whole record (mock/rules, recipes
 * in docs/rules.md), each at its boundaries, table-driven: 两次核酸 (Tibet),
 * 落地检 (Shanghai), risk areas in the last 7 days (Beijing), PCR only
 * (Hunan), a booster at least 14 days old (Qinghai). Plus the merging of
 * duplicate records before any rule sees them.
 */
import type { Vaccination } from '../../src/core/model'
import { evaluate } from '../../src/core/rules/engine'
import { buildFacts } from '../../src/core/rules/facts'
import type { FactsInput, Stay } from '../../src/core/rules/facts'
import { checkTrip } from '../../src/core/rules/trip'
import type { RuleSet, Verdict } from '../../src/core/rules/types'
import { AT, code, H, inputOf, sets, test } from './rules-helpers'

const D = 24 * H

interface Case {
  name: string
  input: Partial<FactsInput>
  at?: number
  outcome: Verdict['outcome']
  rules?: string[]
}

function run(destination: string, c: Pick<Case, 'input' | 'at'>, set: RuleSet = sets[destination]): Verdict {
  const at = c.at ?? AT
  const input: FactsInput = { ...inputOf({ destination, at }), ...c.input, destination, at }
  return evaluate(set, buildFacts(input), at, 'en')
}

function table(destination: string, cases: Case[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const v = run(destination, c)
    expect(v.outcome).toBe(c.outcome)
    expect(v.reasons.map((r) => r.ruleId)).toEqual(c.rules ?? [])
  })
}

const antigen = (sampledAt: number) => test(sampledAt, 1, 'negative', { kind: 'antigen' })

describe('两次核酸 (Tibet XZ-TEST-0001): two negative PCRs within 72 h, at least 24 h apart', () => {
  table('540000', [
    {
      name: '48 h and 24 h ago: exactly 24 h apart',
      input: { tests: [test(AT - 48 * H), test(AT - 24 * H)] },
      outcome: 'admit',
    },
    {
      name: '1 ms short of 24 h apart',
      input: { tests: [test(AT - 48 * H), test(AT - 24 * H - 1)] },
      outcome: 'needs-action',
      rules: ['XZ-TEST-0001'],
    },
    {
      name: 'the first sampled exactly 72 h ago',
      input: { tests: [test(AT - 72 * H), test(AT - 10 * H)] },
      outcome: 'admit',
    },
    {
      name: 'the first sampled 72 h + 1 ms ago',
      input: { tests: [test(AT - 72 * H - 1), test(AT - 10 * H)] },
      outcome: 'needs-action',
      rules: ['XZ-TEST-0001'],
    },
    { name: 'one PCR only', input: { tests: [test(AT - 30 * H)] }, outcome: 'needs-action', rules: ['XZ-TEST-0001'] },
    {
      name: 'a PCR and an antigen test',
      input: { tests: [test(AT - 40 * H), antigen(AT - 10 * H)] },
      outcome: 'needs-action',
      rules: ['XZ-TEST-0001'],
    },
    {
      name: 'the second still pending',
      input: { tests: [test(AT - 40 * H), test(AT - 10 * H, null)] },
      outcome: 'needs-action',
      rules: ['XZ-TEST-0001'],
    },
    {
      name: 'three PCRs, the outer pair qualifies',
      input: { tests: [test(AT - 80 * H), test(AT - 50 * H), test(AT - 20 * H)] },
      outcome: 'admit',
    },
  ])

  it('the trip check says when the second test may be sampled (not before the first + 24 h)', () => {
    const first = AT - 30 * H
    const [stop] = checkTrip(
      [{ province: '540000', arrivalAt: AT }],
      { ...inputOf({ destination: '540000' }), tests: [test(first)] },
      [sets['540000']],
      AT - 20 * H,
      'en',
      H,
    )
    expect(stop.verdict.outcome).toBe('needs-action')
    expect(stop.advice).toEqual([
      'Take a PCR test before 17:00 on 28 Nov (not before 12:00 on 28 Nov) to enter Tibet at 18:00 on 28 Nov, assuming the result is out within 1 h',
    ])
  })
})

describe('落地检 (Shanghai SH-TEST-0003): a PCR sample within 24 h after arrival', () => {
  const arrival = AT - 24 * H
  const here: Stay[] = [{ province: '310000', from: arrival }]
  table('310000', [
    {
      name: 'exactly 24 h after arrival, no sample since',
      input: { itinerary: here, tests: [test(arrival - 2 * H)] },
      outcome: 'admit',
    },
    {
      name: '24 h + 1 ms after arrival, no sample since',
      at: AT + 1,
      input: { itinerary: here, tests: [test(arrival - 2 * H)] },
      outcome: 'needs-action',
      rules: ['SH-TEST-0003'],
    },
    {
      name: 'sampled exactly 24 h after arrival',
      at: AT + H,
      input: { itinerary: here, tests: [test(arrival + 24 * H, null), test(arrival - H, 1)] },
      outcome: 'admit',
    },
    {
      name: 'sampled 24 h + 1 ms after arrival',
      at: AT + H,
      input: { itinerary: here, tests: [test(arrival + 24 * H + 1, null), test(arrival - H)] },
      outcome: 'needs-action',
      rules: ['SH-TEST-0003'],
    },
    {
      name: 'sampled 1 ms before arrival does not count',
      at: AT + H,
      input: { itinerary: here, tests: [test(arrival - 1)] },
      outcome: 'needs-action',
      rules: ['SH-TEST-0003'],
    },
    { name: 'no known arrival: not applicable', input: { tests: [test(AT - 10 * H)] }, outcome: 'admit' },
  ])

  it('until is the first instant the sample is overdue', () => {
    const v = run('310000', { at: arrival + H, input: { itinerary: here, tests: [test(arrival - 2 * H, 1)] } })
    expect(v.outcome).toBe('admit')
    expect(v.until).toBe(arrival + 24 * H + 1)
  })
})

describe('risk areas (Beijing BJ-RISK-0001): no stay in a listed area in the last 7 days', () => {
  const risky = (to?: number, area = '440106'): Stay[] => [
    { province: '440000', area, from: AT - 20 * D, ...(to === undefined ? {} : { to }) },
  ]
  const fresh = [test(AT - 10 * H)]
  table('110000', [
    {
      name: 'left exactly 7 days ago',
      input: { tests: fresh, itinerary: risky(AT - 7 * D) },
      outcome: 'refuse',
      rules: ['BJ-RISK-0001'],
    },
    { name: 'left 7 days + 1 ms ago', input: { tests: fresh, itinerary: risky(AT - 7 * D - 1) }, outcome: 'admit' },
    { name: 'still there', input: { tests: fresh, itinerary: risky() }, outcome: 'refuse', rules: ['BJ-RISK-0001'] },
    { name: 'an area not listed', input: { tests: fresh, itinerary: risky(AT - D, '440103') }, outcome: 'admit' },
    { name: 'no itinerary known', input: { tests: fresh }, outcome: 'admit' },
  ])

  it('says from when entry is possible: 7 days after leaving', () => {
    const v = run('110000', { input: { tests: fresh, itinerary: risky(AT - 3 * D) } })
    const r = v.reasons.find((x) => x.ruleId === 'BJ-RISK-0001')
    expect(r?.distance?.firstHolds).toBe(AT + 4 * D + 1)
    expect(r?.distance?.text).toMatch(/^met from 18:01 on 2 Dec$/)
  })

  it('without the value set the verdict is unknown, never admit', () => {
    const { valueSets: _, ...bare } = sets['110000']
    const v = run('110000', { input: { tests: fresh, itinerary: risky(AT - D) } }, bare)
    expect(v.outcome).toBe('unknown')
    expect(v.unknown?.cause).toBe('unevaluable')
    expect(v.reasons.map((r) => r.ruleId)).toEqual(['BJ-RISK-0001'])
  })
})

describe('PCR only (Hunan HN-TEST-0001): a negative PCR within 24 h of sampling, antigen not counted', () => {
  table('430000', [
    { name: 'PCR sampled exactly 24 h ago', input: { tests: [test(AT - 24 * H)] }, outcome: 'admit' },
    {
      name: 'PCR sampled 24 h + 1 ms ago',
      input: { tests: [test(AT - 24 * H - 1)] },
      outcome: 'needs-action',
      rules: ['HN-TEST-0001'],
    },
    {
      name: 'an antigen test an hour ago',
      input: { tests: [antigen(AT - H)] },
      outcome: 'needs-action',
      rules: ['HN-TEST-0001'],
    },
    {
      name: 'a PCR still pending',
      input: { tests: [test(AT - 2 * H, null)] },
      outcome: 'needs-action',
      rules: ['HN-TEST-0001'],
    },
    { name: 'a child of 5 is exempt', input: { person: { birthDate: '2021-11-29' } }, outcome: 'admit' },
  ])
})

describe('booster (Qinghai QH-VAX-0001): dose 3 or later at least 14 days old, adults', () => {
  const doses = (thirdAt: number, extra: Vaccination[] = []): Vaccination[] => [
    { dose: 1, product: 'DEMO', manufacturer: 'DEMO', at: AT - 400 * D, province: '630000' },
    { dose: 2, product: 'DEMO', manufacturer: 'DEMO', at: AT - 370 * D, province: '630000' },
    { dose: 3, product: 'DEMO', manufacturer: 'DEMO', at: thirdAt, province: '630000' },
    ...extra,
  ]
  const fresh = [test(AT - 10 * H)]
  table('630000', [
    {
      name: 'booster exactly 14 days ago',
      input: { tests: fresh, vaccinations: doses(AT - 14 * D) },
      outcome: 'admit',
    },
    {
      name: 'booster 14 days - 1 ms ago',
      input: { tests: fresh, vaccinations: doses(AT - 14 * D + 1) },
      outcome: 'needs-action',
      rules: ['QH-VAX-0001'],
    },
    {
      name: 'two doses only',
      input: { tests: fresh, vaccinations: doses(AT - 14 * D).slice(0, 2) },
      outcome: 'needs-action',
      rules: ['QH-VAX-0001'],
    },
    {
      name: 'a 17-year-old is exempt',
      input: { tests: fresh, vaccinations: [], person: { birthDate: '2009-06-01' } },
      outcome: 'admit',
    },
  ])

  it('says from when: admitted once the booster is 14 days old', () => {
    const v = run('630000', { input: { tests: fresh, vaccinations: doses(AT - 10 * D) } })
    const r = v.reasons.find((x) => x.ruleId === 'QH-VAX-0001')
    expect(r?.distance?.firstHolds).toBe(AT + 4 * D)
    // It last held the day before the 18th birthday (under-18 exemption): exact, but too far back to be said.
    expect(r?.distance?.lastHeld).toBe(Date.UTC(2008, 3, 30, 16) - 1)
    expect(r?.distance?.text).toBe('met from 18:00 on 2 Dec')
  })
})

describe('duplicates are merged before any rule sees them', () => {
  it('one dose reported by three provinces counts once', () => {
    const dup = (province: string): Vaccination => ({
      dose: 2,
      product: '',
      manufacturer: 'DEMO',
      at: AT - 300 * D,
      province,
    })
    const facts = buildFacts({
      ...inputOf({ destination: '630000' }),
      vaccinations: [
        { dose: 1, product: 'DEMO', manufacturer: 'DEMO', at: AT - 330 * D, province: '630000' },
        { ...dup('630000'), product: 'CoronaVac' },
        dup('440000'),
        dup('110000'),
      ],
    })
    expect(facts.derived.vaccination.doses).toBe(2)
    expect(facts.payload.vaccinations.map((v) => [v.dose, v.product])).toEqual([
      [1, 'DEMO'],
      [2, 'CoronaVac'],
    ])
  })

  it('one sample reported by two provinces is one test; the reported copy beats the pending one', () => {
    const a = test(AT - 5 * H, null, 'negative', { sampleId: 'X1', province: '440000' })
    const b = test(AT - 5 * H, 2, 'negative', { sampleId: 'X1', province: '430000' })
    const facts = buildFacts({ ...inputOf({ destination: '430000' }), tests: [a, b] })
    expect(facts.payload.tests).toHaveLength(1)
    expect(facts.payload.tests[0].result).toBe('negative')
    expect(facts.derived.tests.pendingPcr).toBeNull()
  })

  it('the whole record is in the payload: codes with history and pop-ups, tests with lab, doses with product', () => {
    const facts = buildFacts({
      ...inputOf({ destination: '110000' }),
      codes: [code('110000', 'green', AT, [{ type: 'test-required', message: '请核酸', howToClear: '做核酸' }])],
      tests: [test(AT - 5 * H, 2, 'negative', { lab: 'DEMO 实验室', pooled: true })],
    })
    expect(facts.payload.codes[0].popUps).toEqual([{ type: 'test-required', message: '请核酸', howToClear: '做核酸' }])
    expect(facts.payload.tests[0]).toMatchObject({ kind: 'pcr', result: 'negative', pooled: true, lab: 'DEMO 实验室' })
    expect(facts.external).toEqual({
      validationClock: '2026-11-28T18:00:00.000+08:00',
      destination: '110000',
      valueSets: {},
    })
  })
})
