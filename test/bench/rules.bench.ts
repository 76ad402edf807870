/**
 * Entry-rules benchmark: Beijing's DEMO rule set (the richest: pending grace,
 * pop-ups, code rules) against a realistic pass. Measures a full `evaluate`
 * (including the search for `until`) and the bare rule evaluation.
 */
import { demoRuleSets } from '../../mock/rules'
import type { HealthCode, TestResult } from '../../src/core/model'
import { evaluate, evaluateRules, loadRuleSet, selectRules } from '../../src/core/rules/engine'
import { buildFacts } from '../../src/core/rules/facts'
import { parseIso } from '../../src/core/rules/time'
import { measure } from './measure'

const H = 3_600_000
const RUNS = { iterations: 3000, warmUp: 300 }

/** Median time (µs) and evaluations per second for Beijing's rules, with and without `until`. */
export async function benchRules(): Promise<Array<{ name: string; value: number; unit: string }>> {
  const set = loadRuleSet(JSON.parse(JSON.stringify(demoRuleSets['110000'])))
  const at = parseIso('2026-11-28T18:00:00+08:00')
  const code = (province: string): HealthCode => ({
    province,
    issuer: 'DEMO',
    colour: 'green',
    issuedAt: at - H,
    validUntil: at + 23 * H,
    history: [],
    popUps: [],
  })
  const test = (id: string, sampledAt: number, reportedAt?: number): TestResult => ({
    sampleId: id,
    kind: 'pcr',
    outcome: reportedAt === undefined ? 'pending' : 'negative',
    sampledAt,
    ...(reportedAt === undefined ? {} : { reportedAt }),
    pooled: true,
    lab: 'DEMO',
    province: '110000',
  })
  const facts = buildFacts({
    codes: [code('110000'), code('440000'), code('430000')],
    tests: [test('a', at - 100 * H, at - 90 * H), test('b', at - 80 * H, at - 70 * H), test('c', at - 8 * H)],
    vaccinations: [{ dose: 1, product: 'DEMO', manufacturer: 'DEMO', at: at - 500 * 24 * H, province: '110000' }],
    declarations: [],
    person: { birthDate: '1985-06-01' },
    destination: '110000',
    at,
  })
  const full = measure(() => evaluate(set, facts, at, 'zh'), RUNS)
  const rules = selectRules([set], '110000', at)
  const bare = measure(() => evaluateRules(rules, facts, 'zh'), RUNS)
  return [
    { name: 'rules.evaluate.beijing.median', value: full.median * 1000, unit: 'µs' },
    { name: 'rules.evaluate.beijing.throughput', value: full.perSecond, unit: 'evaluations/s' },
    { name: 'rules.evaluateRules.beijing.median', value: bare.median * 1000, unit: 'µs' },
    { name: 'rules.evaluateRules.beijing.throughput', value: bare.perSecond, unit: 'evaluations/s' },
  ]
}
