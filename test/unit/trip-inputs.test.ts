import { checkTrip } from '@/core/rules/trip'
import { formatBeijing, inputsFromManual, parseBeijing } from '@/features/trip/tripInputs'
import { H, rules, T } from './guardFixtures'

describe('trip page inputs', () => {
  test('arrival times are read as Beijing time whatever the device zone', () => {
    expect(parseBeijing('2026-11-26 10:00')).toBe(T)
    expect(parseBeijing('2026-11-26T10:00')).toBe(T)
    expect(parseBeijing(' 2026-11-26 9:05 ')).toBe(T - 55 * 60_000)
  })

  test('the prefilled arrival time reads back as the same instant (minutes)', () => {
    expect(formatBeijing(T)).toBe('2026-11-26 10:00')
    const t = T + 7 * 3_600_000 + 5 * 60_000
    expect(parseBeijing(formatBeijing(t))).toBe(t)
  })

  test('anything else is rejected, not guessed', () => {
    for (const bad of [
      '',
      '2026-11-26',
      '26/11/2026 10:00',
      '2026-13-01 10:00',
      '2026-11-26 24:00',
      '2026-11-26 10:60',
    ]) {
      expect(parseBeijing(bad)).toBeNull()
    }
  })

  test('a three-stop trip from a typed PCR: only the second stop (Hunan, 24 h from sampling) asks for a fresh test', () => {
    const stops = [
      { province: '440000', arrivalAt: T + 3 * H },
      { province: '430000', arrivalAt: T + 30 * H },
      { province: '310000', arrivalAt: T + 50 * H },
    ]
    const inputs = inputsFromManual(
      { pcrSampledAt: T - 2 * H, pcrReportedAt: T - H },
      stops.map((s) => s.province),
      T,
      [],
    )
    const checks = checkTrip(stops, inputs, ['440000', '430000', '310000'].map(rules), T, 'en')
    expect(checks.map((c) => c.verdict.outcome)).toEqual(['admit', 'needs-action', 'admit'])
    expect(checks[1].advice).toEqual([
      expect.stringMatching(/^Take a PCR test before .* to enter Hunan at 16:00 on 27 Nov/),
    ])
  })

  test('Shandong asks for an arrival declaration until one is in force', () => {
    const stops = [{ province: '370000', arrivalAt: T + 5 * H }]
    const typed = { pcrSampledAt: T - 2 * H, pcrReportedAt: T - H }
    const without = checkTrip(stops, inputsFromManual(typed, ['370000'], T, []), [rules('370000')], T, 'en')
    expect(without[0].advice).toEqual(['Declare arrival in Shandong before 15:00 on 26 Nov'])
    const declared = [{ province: '370000', at: T, validUntil: T + 7 * 24 * H }]
    expect(
      checkTrip(stops, inputsFromManual(typed, ['370000'], T, declared), [rules('370000')], T, 'en')[0].verdict.outcome,
    ).toBe('admit')
  })
})
