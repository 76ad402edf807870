import { checkTrip } from '../../src/core/rules/trip'
import type { TripInputs } from '../../src/core/rules/trip'
import { parseIso } from '../../src/core/rules/time'
import { code, H, sets, test } from './rules-helpers'

const NOW = parseIso('2026-11-27T09:00:00+08:00')
const all = Object.values(sets)

/** A Guangdong traveller with green codes everywhere and one negative PCR sampled last night. */
const inputs: TripInputs = {
  codes: ['440000', '310000', '430000', '110000', '370000'].map((p) => code(p, 'green', NOW)),
  tests: [test(parseIso('2026-11-26T20:00:00+08:00'), 6)],
  vaccinations: [],
  declarations: [],
  person: { birthDate: '1988-03-14' },
}

describe('checkTrip', () => {
  const stops = [
    { province: '310000', arrivalAt: parseIso('2026-11-27T18:00:00+08:00') },
    { province: '430000', arrivalAt: parseIso('2026-11-28T18:00:00+08:00') },
    { province: '110000', arrivalAt: parseIso('2026-11-30T10:00:00+08:00') },
  ]

  it('ages the test to each arrival: Shanghai fine, Hunan and Beijing need a new one', () => {
    const [sh, hn, bj] = checkTrip(stops, inputs, all, NOW, 'en')
    expect(sh.verdict.outcome).toBe('admit')
    expect(sh.advice).toEqual([])
    expect(hn.verdict.outcome).toBe('needs-action')
    expect(hn.verdict.reasons.map((r) => r.ruleId)).toEqual(['HN-TEST-0001'])
    expect(bj.verdict.reasons.map((r) => r.ruleId)).toEqual(['BJ-TEST-0001'])
  })

  it('says exactly when to test for the second stop (24 h from sample, 6 h to report)', () => {
    const [, hn] = checkTrip(stops, inputs, all, NOW, 'en')
    expect(hn.advice).toEqual([
      'Take a PCR test before 12:00 on 28 Nov (not before 18:00 on 27 Nov) to enter Hunan at 18:00 on 28 Nov, assuming the result is out within 6 h',
    ])
    const [, hnZh] = checkTrip(stops, inputs, all, NOW, 'zh')
    expect(hnZh.advice).toEqual([
      '请在11月28日 12:00前采样核酸（不早于11月27日 18:00），以便11月28日 18:00进入湖南省（按6小时出结果估算）',
    ])
  })

  it('lets a Beijing test still be pending on arrival, because the previous negative is within 96 h', () => {
    const [, , bj] = checkTrip(stops, inputs, all, NOW, 'en')
    expect(bj.advice).toEqual([
      'Take a PCR test before 10:00 on 30 Nov (not before 10:00 on 27 Nov) to enter Beijing at 10:00 on 30 Nov, assuming the result is out within 6 h',
    ])
  })

  it('says to declare arrival in Shandong', () => {
    const [sd] = checkTrip(
      [{ province: '370000', arrivalAt: parseIso('2026-11-28T08:00:00+08:00') }],
      inputs,
      all,
      NOW,
      'en',
    )
    expect(sd.verdict.reasons.map((r) => r.ruleId)).toEqual(['SD-DECL-0001'])
    expect(sd.advice).toEqual(['Declare arrival in Shandong before 08:00 on 28 Nov'])
    const [sdZh] = checkTrip(
      [{ province: '370000', arrivalAt: parseIso('2026-11-28T08:00:00+08:00') }],
      inputs,
      all,
      NOW,
      'zh',
    )
    expect(sdZh.advice).toEqual(['请在11月28日 08:00抵达前申报进入山东省'])
  })

  it('says when no test can be ready in time', () => {
    const [hn] = checkTrip(
      [{ province: '430000', arrivalAt: NOW + 3 * 3_600_000 }],
      { ...inputs, tests: [] },
      all,
      NOW,
      'en',
    )
    expect(hn.advice[0]).toMatch(/^No PCR test sampled from now on .* can satisfy Hunan at 12:00 on 27 Nov/)
  })

  it('drops "not before" when the earliest sample time is now or only minutes away', () => {
    const noTests = { ...inputs, tests: [] }
    // Half a minute past NOW: the earliest edge (now itself) rounds up to the next minute.
    const now = NOW + 30_000
    const hunan = (after: number, lang: 'en' | 'zh') =>
      checkTrip([{ province: '430000', arrivalAt: NOW + after }], noTests, all, now, lang)[0].advice
    // Any test from now on will do: the window's earliest edge is now itself.
    for (const lang of ['en', 'zh'] as const) {
      expect(hunan(20 * H, lang)).toHaveLength(1)
      expect(hunan(20 * H, lang)[0]).not.toMatch(/not before|不早于/)
    }
    expect(hunan(20 * H, 'en')[0]).toBe(
      'Take a PCR test before 23:00 on 27 Nov to enter Hunan at 05:00 on 28 Nov, assuming the result is out within 6 h',
    )
    // 20 minutes from now: not worth saying.
    expect(hunan(24 * H + 20 * 60_000, 'en')[0]).not.toMatch(/not before/)
    // An hour from now: still said.
    expect(hunan(25 * H, 'en')[0]).toMatch(/\(not before 10:00 on 27 Nov\)/)
  })

  it('passes other reasons through (a red code), and refuses', () => {
    const [sh] = checkTrip(
      [stops[0]],
      { ...inputs, codes: [...inputs.codes, code('410000', 'red', NOW)] },
      all,
      NOW,
      'en',
    )
    expect(sh.verdict.outcome).toBe('refuse')
    expect(sh.advice[0]).toMatch(/red/)
  })

  it('says unknown, never admit, for a province with no rules', () => {
    const [tw] = checkTrip([{ province: '710000', arrivalAt: NOW }], inputs, all, NOW, 'en')
    expect(tw.verdict.outcome).toBe('unknown')
    expect(tw.verdict.unknown?.cause).toBe('no-rule-set')
  })

  it('says unknown for an arrival outside every rule’s validity (before 2026, after 2027)', () => {
    for (const arrivalAt of [parseIso('2025-12-31T23:00:00+08:00'), parseIso('2028-01-01T00:00:00+08:00')]) {
      const [stop] = checkTrip([{ province: '430000', arrivalAt }], inputs, all, arrivalAt - 48 * H, 'en')
      expect(stop.verdict.outcome).toBe('unknown')
      expect(stop.verdict.unknown?.cause).toBe('none-in-force')
      expect(stop.verdict.unknown?.text).toMatch(/no entry rule is in force/)
    }
  })
})
