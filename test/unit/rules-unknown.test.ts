/**
 * No verdict from nothing: the pass verdict, the trip check and the guard say
 * "unknown" with its cause when no rule set is known, none is in force at that
 * instant, or a rule cannot be evaluated; never "admit".
 */
import { demoRuleSets } from '../../mock/rules'
import { evaluate, loadRuleSet } from '../../src/core/rules/engine'
import { buildFacts } from '../../src/core/rules/facts'
import type { RuleSet } from '../../src/core/rules/types'
import { checkPassForVenue } from '../../src/features/guard/guardCheck'
import { verdictFor } from '../../src/features/pass/passLogic'
import { signRuleSet, verifyRuleSet } from '../../src/core/signedRules'
import { demoKeyFor } from '../../mock/keys'
import { goodPass, T, trust } from './guardFixtures'
import { AT, inputOf } from './rules-helpers'

/** Guangdong's DEMO set with every rule moved to start in mid-2027 (nothing in force in 2026). */
const notYetDoc = {
  ...JSON.parse(JSON.stringify(demoRuleSets['440000'])),
  rules: demoRuleSets['440000'].rules.map((r) => ({ ...r, validFrom: '2027-06-01T00:00:00+08:00' })),
}
const notYet: RuleSet = loadRuleSet(notYetDoc)

describe('no verdict from nothing', () => {
  it('evaluate: no rule set → unknown (no-rule-set)', () => {
    const v = evaluate([], buildFacts(inputOf({ destination: '440000' })), AT, 'zh')
    expect(v.outcome).toBe('unknown')
    expect(v.unknown).toEqual({ cause: 'no-rule-set', text: '无法判断：没有该地区的入境规则' })
  })

  it('pass page: none in force at that instant → unknown, until the first rule starts', () => {
    const v = verdictFor([], { birthDate: '1990-01-01' }, notYet, '440000', AT, 'en')
    expect(v.outcome).toBe('unknown')
    expect(v.unknown?.cause).toBe('none-in-force')
    expect(v.until).toBe(Date.parse('2027-06-01T00:00:00+08:00'))
  })

  it('guard: none in force at the gate → unknown with the reason, not admit', () => {
    const r = checkPassForVenue({
      text: goodPass,
      trustList: trust,
      // Signed by Guangdong's key (the guard takes no other), yet nothing in it is in force at T.
      ruleSets: [
        verifyRuleSet(
          signRuleSet(notYetDoc, demoKeyFor('440000').secretKey, demoKeyFor('440000').kid),
          trust,
          '440000',
        ),
      ],
      province: '440000',
      at: T,
      lang: 'en',
    })
    expect(r.outcome).toBe('unknown')
    expect(r.reasons).toEqual([
      { code: 'NP_ERR_RULES_NONE', text: 'No entry rules are published for 440000 at 2026-11-26T02:00:00.000Z' },
    ])
  })
})
