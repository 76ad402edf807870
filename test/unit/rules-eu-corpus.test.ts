/**
 * The EU DCC business-rules corpus (test/fixtures/certlogic-dgc-rules, copied
 * unchanged from eu-digital-green-certificates/dgc-business-rules-testdata):
 * every published rule loads through the app's own `loadRuleSet`, and every
 * test case gives its expected result through the app's own `evaluate`, with
 * the case's own `payload`, `external.validationClock` and value sets. For
 * every clocked case, `until` is checked against re-evaluation at later clocks.
 * Prints the counts.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { evaluate, loadRuleSet } from '../../src/core/rules/engine'
import { parseIso } from '../../src/core/rules/time'
import type { AnyFacts, EntryRule, RuleSet, Verdict } from '../../src/core/rules/types'

const root = join(__dirname, '../fixtures/certlogic-dgc-rules')
const readJson = (...p: string[]): unknown => JSON.parse(readFileSync(join(root, ...p), 'utf8'))

interface TestCase {
  name: string
  payload: unknown
  external: AnyFacts['external']
  expected: boolean
}

interface Country {
  code: string
  raw: unknown[]
  cases: Array<{ ruleId: string; file: string; tc: TestCase }>
}

const countries: Country[] = readdirSync(root)
  .filter((d) => /^[A-Z]{2}$/.test(d))
  .sort()
  .map((code) => {
    const raw: unknown[] = []
    const cases: Country['cases'] = []
    for (const dir of readdirSync(join(root, code)).sort()) {
      const rule = readJson(code, dir, 'rule.json') as { Identifier: string }
      raw.push(rule)
      // The folder is usually the identifier, not always (IE/TR-EU-0001 holds TR-IE-0001).
      const ruleId = rule.Identifier
      for (const file of readdirSync(join(root, code, dir, 'tests'))
        .filter((f) => /^test\d+\.json$/.test(f))
        .sort())
        cases.push({ ruleId, file: `${dir}/${file}`, tc: readJson(code, dir, 'tests', file) as TestCase })
    }
    return { code, raw, cases }
  })

/** Each country's rules as one rule set (the envelope is ours; the rules are the published files, unchanged). */
const loaded = new Map<string, RuleSet>()
for (const c of countries)
  loaded.set(
    c.code,
    loadRuleSet({ province: c.code, version: '1.0.0', publishedAt: '2021-06-01T00:00:00Z', rules: c.raw }),
  )

const expectedOutcome = (expected: boolean): Verdict['outcome'] => (expected ? 'admit' : 'refuse')
const essence = (v: Verdict): unknown => ({
  outcome: v.outcome,
  reasons: v.reasons.map((r) => r.ruleId),
  unknown: v.unknown?.cause,
})

/** The case evaluated as a one-rule set at `at`, the case's clock moved to `at` when it has one. */
function verdictOf(set: RuleSet, rule: EntryRule, tc: TestCase, at: number): Verdict {
  const clocked = typeof tc.external.validationClock === 'string'
  const external = clocked ? { ...tc.external, validationClock: new Date(at).toISOString() } : tc.external
  return evaluate({ ...set, rules: [rule] }, { payload: tc.payload, external }, at, 'en')
}

describe('EU DCC business rules corpus', () => {
  const totals = { rules: 0, loaded: 0, cases: 0, asExpected: 0, clocked: 0, untilChecked: 0, clockDriven: 0 }

  afterAll(() => {
    console.log(
      `EU corpus: ${totals.loaded}/${totals.rules} rules loaded, ${totals.asExpected}/${totals.cases} cases as expected, ` +
        `until checked by re-evaluation in ${totals.untilChecked}/${totals.clocked} clocked cases ` +
        `(${totals.clockDriven} of them change before the rule's ValidTo)`,
    )
  })

  it('loads every published rule with its EU metadata', () => {
    for (const c of countries) {
      const set = loaded.get(c.code) as RuleSet
      totals.rules += c.raw.length
      totals.loaded += set.rules.length
      for (const rule of set.rules) {
        expect(rule.eu?.engine).toBe('CERTLOGIC')
        expect(rule.eu?.country).toBe(c.code)
        expect(rule.eu?.descriptions.length).toBeGreaterThan(0)
        expect(rule.affectedFields.every((f) => f.startsWith('payload.'))).toBe(true)
      }
    }
    expect(totals.loaded).toBe(194)
    expect(totals.rules).toBe(194)
  })

  it('gives every test case its expected result, at the case’s clock with its value sets', () => {
    const wrong: string[] = []
    for (const c of countries) {
      const set = loaded.get(c.code) as RuleSet
      for (const { ruleId, file, tc } of c.cases) {
        totals.cases++
        const rule = set.rules.find((r) => r.identifier === ruleId) as EntryRule
        const clock = tc.external.validationClock
        // Without a clock, any instant in the rule's validity: the rule cannot read one.
        const at = typeof clock === 'string' ? parseIso(clock) : parseIso(rule.validFrom)
        const v = verdictOf(set, rule, tc, at)
        if (v.outcome === expectedOutcome(tc.expected)) totals.asExpected++
        else wrong.push(`${c.code}/${file} (${tc.name}): ${v.outcome}`)
      }
    }
    expect(wrong).toEqual([])
    expect(totals.cases).toBe(1364)
  })

  it('says until truthfully for every clocked case: same verdict just before, a different one at it', () => {
    const wrong: string[] = []
    const YEAR = 365 * 86_400_000
    for (const c of countries) {
      const set = loaded.get(c.code) as RuleSet
      for (const { ruleId, file, tc } of c.cases) {
        const clock = tc.external.validationClock
        if (typeof clock !== 'string') continue
        totals.clocked++
        const rule = set.rules.find((r) => r.identifier === ruleId) as EntryRule
        const at = parseIso(clock)
        const v = verdictOf(set, rule, tc, at)
        const here = essence(v)
        const later =
          v.until === null
            ? [at + 1, at + 86_400_000, at + YEAR, at + 10 * YEAR].every(
                (t) => JSON.stringify(essence(verdictOf(set, rule, tc, t))) === JSON.stringify(here),
              )
            : v.until > at &&
              [0.25, 0.5, 0.75].every(
                (k) =>
                  JSON.stringify(essence(verdictOf(set, rule, tc, at + Math.floor(((v.until as number) - at) * k)))) ===
                  JSON.stringify(here),
              ) &&
              JSON.stringify(essence(verdictOf(set, rule, tc, v.until - 1))) === JSON.stringify(here) &&
              JSON.stringify(essence(verdictOf(set, rule, tc, v.until))) !== JSON.stringify(here)
        if (v.until !== null && v.until < parseIso(rule.validTo)) totals.clockDriven++
        if (later) totals.untilChecked++
        else wrong.push(`${c.code}/${file}: until ${v.until === null ? 'null' : new Date(v.until).toISOString()}`)
      }
    }
    expect(wrong).toEqual([])
    expect(totals.clocked).toBe(472)
  })
})
