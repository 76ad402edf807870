/** Fixtures shared by the rules-engine tests (not a test file itself). */
import { demoRuleSets } from '../../mock/rules'
import type { Colour, HealthCode, TestResult } from '../../src/core/model'
import { evaluate, loadRuleSet } from '../../src/core/rules/engine'
import { buildFacts } from '../../src/core/rules/facts'
import type { DeclarationRecord, FactsInput } from '../../src/core/rules/facts'
import { parseIso } from '../../src/core/rules/time'
import type { Lang, RuleSet, Verdict } from '../../src/core/rules/types'

export const H = 3_600_000
/** 18:00 on 28 Nov 2026, Beijing time: the default instant of the stories. */
export const AT = parseIso('2026-11-28T18:00:00+08:00')

/** Every DEMO rule set, loaded (validated) once. */
export const sets: Record<string, RuleSet> = Object.fromEntries(
  Object.entries(demoRuleSets).map(([p, s]) => [p, loadRuleSet(JSON.parse(JSON.stringify(s)))]),
)

/** A health code issued an hour before `at`, valid for a day. */
export function code(
  province: string,
  colour: Colour = 'green',
  at = AT,
  popUps: HealthCode['popUps'] = [],
): HealthCode {
  return {
    province,
    issuer: `issuer ${province}`,
    colour,
    issuedAt: at - H,
    validUntil: at + 23 * H,
    history: [],
    popUps,
  }
}

let sample = 0
/** A test sampled at `sampledAt`, reported `reportAfterH` hours later (`null`: still pending). */
export function test(
  sampledAt: number,
  reportAfterH: number | null = 6,
  outcome: TestResult['outcome'] = 'negative',
  extra: Partial<TestResult> = {},
): TestResult {
  sample++
  return {
    sampleId: `S${sample}`,
    kind: 'pcr',
    outcome: reportAfterH === null ? 'pending' : outcome,
    sampledAt,
    ...(reportAfterH === null ? {} : { reportedAt: sampledAt + reportAfterH * H }),
    pooled: false,
    lab: 'DEMO lab',
    province: '440000',
    ...extra,
  }
}

/** One scenario's inputs; every field defaults to an adult with green codes from `destination` and Guangdong. */
export interface Scenario {
  destination: string
  at?: number
  codes?: HealthCode[]
  tests?: TestResult[]
  declarations?: DeclarationRecord[]
  birthDate?: string
  doses?: number
}

/** The facts input of a scenario. */
export function inputOf(s: Scenario): FactsInput {
  const at = s.at ?? AT
  const codes = s.codes ?? [...new Set([s.destination, '440000'])].map((p) => code(p, 'green', at))
  return {
    codes,
    tests: s.tests ?? [],
    vaccinations: Array.from({ length: s.doses ?? 0 }, (_, i) => ({
      dose: i + 1,
      product: 'DEMO',
      manufacturer: 'DEMO',
      at: at - (400 - i * 30) * 24 * H,
      province: '440000',
    })),
    declarations: s.declarations ?? [],
    person: { birthDate: s.birthDate ?? '1990-05-01' },
    destination: s.destination,
    at,
  }
}

/** The verdict for a scenario with the destination's DEMO rules. */
export function verdictOf(s: Scenario, lang: Lang = 'en', ruleSets?: RuleSet | RuleSet[]): Verdict {
  const input = inputOf(s)
  return evaluate(ruleSets ?? sets[s.destination], buildFacts(input), input.at, lang)
}
