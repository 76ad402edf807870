import { demoRuleSets } from '../../mock/rules'
import provinces from '../../src/core/data/provinces.json'
import { loadRuleSet } from '../../src/core/rules/engine'

const codes = provinces.provinces.map((p) => p.code)

describe('DEMO rule sets', () => {
  it('exist for exactly the 31 provinces', () => {
    expect(Object.keys(demoRuleSets).sort()).toEqual([...codes].sort())
    expect(codes).toHaveLength(31)
  })

  it.each(codes)('%s loads through JSON and passes validation', (code) => {
    const set = loadRuleSet(JSON.parse(JSON.stringify(demoRuleSets[code])))
    expect(set.province).toBe(code)
    const ids = set.rules.map((r) => r.identifier)
    for (const area of ['CODE-0001', 'CODE-0002', 'CODE-0003', 'TEST-0002'])
      expect(ids.some((id) => id.endsWith(area))).toBe(true)
  })

  it('publish Guangdong’s 24 h rule ahead of its valid-from', () => {
    const gd = demoRuleSets['440000'].rules.filter((r) => r.identifier === 'GD-TEST-0001')
    expect(gd.map((r) => [r.version, r.validFrom])).toEqual([
      ['1.0.0', '2026-01-01T00:00:00+08:00'],
      ['1.1.0', '2026-12-01T00:00:00+08:00'],
    ])
  })

  it('ask Shandong and Xinjiang arrivals to declare, and only them', () => {
    const declaring = codes.filter((c) => demoRuleSets[c].rules.some((r) => r.identifier.endsWith('-DECL-0001')))
    expect(declaring).toEqual(['370000', '650000'])
  })
})
