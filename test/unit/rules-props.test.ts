import fc from 'fast-check'
import type { Colour, HealthCode, TestResult } from '../../src/core/model'
import { evaluate, evaluateRule, selectRules } from '../../src/core/rules/engine'
import { buildFacts, factsAt } from '../../src/core/rules/facts'
import type { FactsInput } from '../../src/core/rules/facts'
import { parseIso, toShanghaiIso } from '../../src/core/rules/time'
import type { Facts, Verdict } from '../../src/core/rules/types'
import { H, sets } from './rules-helpers'

const provinces = Object.keys(sets)
const START = parseIso('2026-11-01T00:00:00+08:00')
const END = parseIso('2026-12-31T00:00:00+08:00')
const colour = fc.constantFrom<Colour>('green', 'green', 'green', 'yellow', 'red')

/** Domain inputs whose events all lie at or before `at` (results already known), as on a real pass. */
const scenario = fc
  .record({
    destination: fc.constantFrom(...provinces),
    at: fc.integer({ min: START, max: END }),
    codes: fc.array(
      fc.record({
        province: fc.constantFrom(...provinces),
        colour,
        popUp: fc.boolean(),
        ageH: fc.integer({ min: 0, max: 48 }),
        lifeH: fc.integer({ min: 1, max: 72 }),
      }),
      { maxLength: 4 },
    ),
    tests: fc.array(
      fc.record({
        kind: fc.constantFrom<TestResult['kind']>('pcr', 'pcr', 'antigen'),
        outcome: fc.constantFrom<TestResult['outcome']>('negative', 'negative', 'negative', 'pending', 'positive'),
        sampledAgo: fc.integer({ min: 0, max: 120 * 60 }),
        reportAfter: fc.integer({ min: 0, max: 40 * 60 }),
        pooled: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
    declarations: fc.array(
      fc.record({
        province: fc.constantFrom('370000', '650000', '110000'),
        agoH: fc.integer({ min: 0, max: 96 }),
        lifeH: fc.option(fc.integer({ min: 1, max: 120 })),
      }),
      { maxLength: 2 },
    ),
    birthDate: fc
      .date({ min: new Date('1940-01-01T00:00:00Z'), max: new Date('2026-10-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    doses: fc.integer({ min: 0, max: 4 }),
  })
  .map((s): FactsInput => {
    const min = 60_000
    const codes: HealthCode[] = s.codes.map((c) => ({
      province: c.province,
      issuer: 'DEMO',
      colour: c.colour,
      issuedAt: s.at - c.ageH * H,
      validUntil: s.at - c.ageH * H + c.lifeH * H,
      history: [],
      popUps: c.popUp ? [{ type: 'test-required', message: 'DEMO' }] : [],
    }))
    const tests: TestResult[] = s.tests.map((t, i) => {
      const sampledAt = s.at - t.sampledAgo * min
      const reportedAt = Math.min(s.at, sampledAt + t.reportAfter * min)
      return {
        sampleId: `P${i}`,
        kind: t.kind,
        outcome: t.outcome,
        sampledAt,
        ...(t.outcome === 'pending' ? {} : { reportedAt }),
        pooled: t.pooled,
        lab: 'DEMO',
        province: '440000',
      }
    })
    return {
      codes,
      tests,
      vaccinations: Array.from({ length: s.doses }, (_, i) => ({
        dose: i + 1,
        product: 'DEMO',
        manufacturer: 'DEMO',
        at: s.at - (300 - i * 40) * 24 * H,
        province: '440000',
      })),
      declarations: s.declarations.map((d) => ({
        province: d.province,
        at: s.at - d.agoH * H,
        ...(d.lifeH === null ? {} : { validUntil: s.at - d.agoH * H + d.lifeH * H }),
      })),
      person: { birthDate: s.birthDate },
      destination: s.destination,
      at: s.at,
    }
  })

/** The verdict without what moves with the clock by design (the distance texts). */
const essence = (v: Verdict): unknown => ({
  outcome: v.outcome,
  reasons: v.reasons.map(({ distance: _, ...r }) => r),
  unknown: v.unknown,
})
const verdictAt = (input: FactsInput, t: number): Verdict =>
  evaluate(sets[input.destination], buildFacts({ ...input, at: t }), t, 'en')

describe('until is honest', () => {
  it('the verdict holds on [at, until) and changes at until', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        (input, fractions) => {
          const v = verdictAt(input, input.at)
          if (v.until === null) {
            for (const f of fractions)
              expect(essence(verdictAt(input, input.at + Math.floor(f * 400 * 24 * H)))).toEqual(essence(v))
            return
          }
          expect(v.until).toBeGreaterThan(input.at)
          const span = v.until - input.at
          for (const t of [input.at + 1, v.until - 1, ...fractions.map((f) => input.at + Math.floor(f * span))]) {
            if (t >= input.at && t < v.until) expect(essence(verdictAt(input, t))).toEqual(essence(v))
          }
          expect(essence(verdictAt(input, v.until))).not.toEqual(essence(v))
        },
      ),
      { numRuns: 300 },
    )
  })
})

const isoOrJunk = fc.oneof(
  fc.integer({ min: START - 400 * 24 * H, max: END + 400 * 24 * H }).map(toShanghaiIso),
  fc.constantFrom('', 'yesterday', '2026-13-45T99:00:00Z', '2026-11-28', '2026-11-28T10:00:00-05:00'),
  fc.string(),
)
const test = fc.option(
  fc.record({
    kind: fc.constantFrom('pcr' as const, 'antigen' as const),
    sampledAt: isoOrJunk,
    reportedAt: isoOrJunk,
    pooled: fc.boolean(),
    province: fc.constantFrom(...provinces),
  }),
)
const record = fc.record({
  sampleId: fc.string(),
  kind: fc.constantFrom('pcr' as const, 'antigen' as const),
  result: fc.constantFrom('negative' as const, 'positive' as const, 'pending' as const),
  sampledAt: isoOrJunk,
  reportedAt: fc.option(isoOrJunk),
  pooled: fc.boolean(),
  province: fc.constantFrom(...provinces),
  lab: fc.string(),
})
const facts: fc.Arbitrary<Facts> = fc.record({
  payload: fc.record({
    person: fc.record({ birthDate: isoOrJunk }),
    codes: fc.array(
      fc.record({
        province: fc.constantFrom(...provinces),
        issuer: fc.string(),
        colour,
        reason: fc.option(fc.string()),
        issuedAt: isoOrJunk,
        validUntil: isoOrJunk,
        since: isoOrJunk,
        history: fc.array(fc.record({ colour, at: isoOrJunk, reason: fc.option(fc.string()) }), { maxLength: 2 }),
        popUps: fc.array(fc.record({ type: fc.string(), message: fc.string(), howToClear: fc.option(fc.string()) }), {
          maxLength: 2,
        }),
      }),
      { maxLength: 3 },
    ),
    tests: fc.array(record, { maxLength: 4 }),
    vaccinations: fc.array(
      fc.record({
        dose: fc.nat(4),
        product: fc.string(),
        manufacturer: fc.string(),
        at: isoOrJunk,
        province: fc.constantFrom(...provinces),
      }),
      { maxLength: 3 },
    ),
    itinerary: fc.array(
      fc.record({
        province: fc.constantFrom(...provinces),
        area: fc.option(fc.string()),
        from: isoOrJunk,
        to: fc.option(isoOrJunk),
      }),
      { maxLength: 3 },
    ),
    declarations: fc.array(
      fc.record({ province: fc.constantFrom(...provinces), at: isoOrJunk, validUntil: fc.option(isoOrJunk) }),
      { maxLength: 2 },
    ),
  }),
  external: fc.record({
    validationClock: isoOrJunk,
    destination: fc.constantFrom(...provinces),
    valueSets: fc.dictionary(fc.string(), fc.array(fc.string())),
  }),
  derived: fc.record({
    ageYears: fc.oneof(fc.integer({ min: -5, max: 120 }), fc.double()),
    codes: fc.record({
      worst: fc.constantFrom<Colour | null>('green', 'yellow', 'red', null),
      count: fc.nat(),
      nonGreen: fc.array(fc.constantFrom(...provinces)),
      byProvince: fc.dictionary(
        fc.constantFrom(...provinces),
        fc.record({
          colour,
          since: isoOrJunk,
          issuedAt: isoOrJunk,
          validUntil: isoOrJunk,
          current: fc.boolean(),
          popUps: fc.array(fc.record({ type: fc.string() })),
        }),
      ),
    }),
    tests: fc.record({
      latestNegative: test,
      latestNegativePcr: test,
      latestReportedNegativePcr: test,
      latestNegativeAntigen: test,
      pendingPcr: fc.option(
        fc.record({
          kind: fc.constant('pcr' as const),
          sampledAt: isoOrJunk,
          pooled: fc.boolean(),
          province: fc.constantFrom(...provinces),
        }),
      ),
      positive: test,
    }),
    vaccination: fc.record({ doses: fc.oneof(fc.nat(5), fc.double()), last: fc.option(isoOrJunk) }),
    declarations: fc.dictionary(
      fc.constantFrom(...provinces),
      fc.record({ at: isoOrJunk, validUntil: fc.option(isoOrJunk) }),
    ),
    arrival: fc.option(isoOrJunk),
  }),
})

describe('evaluate never throws', () => {
  it.each(provinces)('for arbitrary facts with the DEMO rules of %s', (province) => {
    fc.assert(
      fc.property(
        facts,
        fc.integer({ min: START, max: END }),
        fc.constantFrom('zh' as const, 'en' as const),
        (f, at, lang) => {
          const v = evaluate(sets[province], f, at, lang)
          expect(['admit', 'refuse', 'needs-action', 'unknown']).toContain(v.outcome)
          if (v.until !== null) expect(v.until).toBeGreaterThan(at)
        },
      ),
      { numRuns: 40 },
    )
  })
})

describe('distance is honest (how far off each failed rule is)', () => {
  it('lastHeld: the rule held there and fails 1 ms later; firstHolds: fails 1 ms before and holds there', () => {
    fc.assert(
      fc.property(scenario, fc.double({ min: 0, max: 1, noNaN: true }), (input, k) => {
        const facts = buildFacts(input)
        const v = evaluate(sets[input.destination], facts, input.at, 'en')
        const rules = selectRules([sets[input.destination]], input.destination, input.at)
        for (const r of v.reasons) {
          const rule = rules.find((x) => x.identifier === r.ruleId)
          if (!rule || !r.distance) continue
          const holds = (t: number): boolean => {
            const res = evaluateRule(rule, factsAt(facts, t))
            return 'held' in res && res.held
          }
          expect(holds(input.at)).toBe(false)
          const { lastHeld, firstHolds } = r.distance
          if (lastHeld !== null) {
            expect(lastHeld).toBeLessThan(input.at)
            expect(holds(lastHeld)).toBe(true)
            expect(holds(lastHeld + 1)).toBe(false)
            expect(holds(lastHeld + 1 + Math.floor((input.at - lastHeld - 1) * k))).toBe(false)
          }
          if (firstHolds !== null) {
            expect(firstHolds).toBeGreaterThan(input.at)
            expect(holds(firstHolds)).toBe(true)
            expect(holds(firstHolds - 1)).toBe(false)
            expect(holds(input.at + Math.floor((firstHolds - 1 - input.at) * k))).toBe(false)
          }
        }
      }),
      { numRuns: 200 },
    )
  })
})
