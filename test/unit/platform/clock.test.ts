/**
 * The trusted clock (issue 13): many answers, outliers rejected, a single
 * lying `Date` header never moves the verdict, the offset survives a restart
 * and the device clock being set back.
 */
import { type ClockMemory, createClock } from '../../../src/platform/clock'
import { checkPassForVenue } from '../../../src/features/guard/guardCheck'
import { H, hc, passOf, rules, T, tr, trust } from '../guardFixtures'

const MIN = 60_000

function memory(): ClockMemory & { saved: unknown } {
  const m = {
    saved: undefined as unknown,
    read: () => m.saved as ReturnType<ClockMemory['read']>,
    write: (v: unknown) => {
      m.saved = JSON.parse(JSON.stringify(v))
    },
  }
  return m
}

describe('learning server time', () => {
  test('time is whole milliseconds even when the monotonic counter is fractional (epoch times stay integers)', () => {
    let mono = 1000.123
    const clock = createClock(() => T, { mono: () => mono })
    clock.observe(T - 3 * H, T, 'gd')
    mono += 250.6
    expect(Number.isInteger(clock.now())).toBe(true)
    expect(clock.now()).toBe(T - 3 * H + 250)
  })

  test('one answer from a skewed device corrects the clock (nothing disagrees with it)', () => {
    const clock = createClock(() => T)
    clock.observe(T - 3 * H, T, 'gd')
    expect(clock.skewMs()).toBe(3 * H)
    expect(clock.now()).toBe(T - 3 * H)
  })

  test('of two answers that disagree, a header set back 12 h never moves the clock (either order)', () => {
    for (const order of [
      ['honest', 'liar'],
      ['liar', 'honest'],
    ]) {
      const clock = createClock(() => T)
      for (const who of order) clock.observe(who === 'liar' ? T - 12 * H : T, T, who)
      expect(clock.skewMs()).toBe(0)
      expect(clock.now()).toBe(T)
    }
  })

  test('many answers: the agreeing majority wins, a lone outlier is rejected', () => {
    const clock = createClock(() => T)
    for (const p of ['a', 'b', 'c', 'd']) clock.observe(T - 3 * H + 2_000, T, p)
    clock.observe(T + 5 * H, T, 'liar')
    expect(Math.abs(clock.skewMs() - 3 * H)).toBeLessThan(5_000)
  })

  test('one source repeating its lie counts once', () => {
    const clock = createClock(() => T)
    clock.observe(T, T, 'a')
    clock.observe(T, T, 'b')
    for (let i = 0; i < 20; i++) clock.observe(T - 12 * H, T, 'liar')
    expect(clock.skewMs()).toBe(0)
  })

  test('a 12-hour-old screenshot stays refused whatever order the lying header comes in', () => {
    const text = passOf([hc({ iat: T - 12 * H, exp: T + 12 * H }), tr(30 * H, 20 * H)])
    for (const liarFirst of [true, false]) {
      const clock = createClock(() => T)
      if (liarFirst) clock.observe(T - 12 * H, T, 'liar')
      clock.observe(T, T, 'honest')
      if (!liarFirst) clock.observe(T - 12 * H, T, 'liar')
      const r = checkPassForVenue({
        text,
        trustList: trust,
        ruleSets: [rules('440000')],
        province: '440000',
        at: clock.now(),
        lang: 'en',
      })
      expect(r.outcome).toBe('refuse')
      expect(r.reasons.map((x) => x.code)).toContain('NP_ERR_PASS_SCREENSHOT')
    }
  })
})

describe('across restarts and device clock changes', () => {
  test('an offline restart keeps the learned offset', () => {
    const mem = memory()
    const first = createClock(() => T, { memory: mem })
    first.observe(T - 3 * H, T, 'gd')
    const later = T + 10 * MIN
    const restarted = createClock(() => later, { memory: mem })
    expect(restarted.skewMs()).toBe(3 * H)
    expect(restarted.now()).toBe(later - 3 * H)
  })

  test('within a run the clock follows the monotonic clock when the device clock is changed', () => {
    let device = T
    let mono = 1_000
    const clock = createClock(() => device, { mono: () => mono })
    clock.observe(T, T, 'a')
    device = T - 12 * H
    mono += 5_000
    expect(clock.now()).toBe(T + 5_000)
    expect(clock.deviceOff()).toBe(true)
  })

  test('a device clock set back while the app was closed cannot take time back before what the server last said', () => {
    const mem = memory()
    createClock(() => T, { memory: mem }).observe(T, T, 'a')
    const restarted = createClock(() => T - 12 * H, { memory: mem })
    expect(restarted.now()).toBeGreaterThanOrEqual(T)
    expect(restarted.deviceOff()).toBe(true)
  })

  test('a corrupt saved record is ignored, not trusted', () => {
    const mem = memory()
    mem.saved = { skewMs: 'soon', lastServerAt: null }
    const clock = createClock(() => T, { memory: mem })
    expect(clock.now()).toBe(T)
    expect(clock.skewMs()).toBe(0)
  })
})
