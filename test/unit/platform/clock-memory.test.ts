/**
 * What the app's clock learned is kept across restarts (src/app/services.ts), written after the next paint and
 * once for a burst: the first answer's observation wrote (encrypted) between that answer and its colour on a cold
 * start (issue 16). Nothing it learned is lost: a restart reads the latest estimate.
 */
import axios, { type AxiosInstance } from 'axios'
import { createServices } from '@/app/services'
import { createClock } from '@/platform/clock'
import { createSecureStorage } from '@/platform/secureStorage'
import { memoryStore } from '../checkin-harness'

const T = Date.UTC(2026, 11, 1, 8)
const servicesOn = (raw: ReturnType<typeof memoryStore>, deviceNow: () => number) => {
  const clock = createClock(deviceNow)
  createServices({
    clock,
    storage: createSecureStorage(raw),
    apiBase: 'http://mock',
    httpFactory: (c) => axios.create({ baseURL: c.baseURL }) as AxiosInstance,
  })
  return clock
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

test("the clock's estimate is written after the next paint, once for a burst, and a restart reads the latest", async () => {
  const raw = memoryStore()
  const writes = jest.spyOn(raw, 'set')
  // The device is 10 minutes fast: servers say so.
  const clock = servicesOn(raw, () => T + 600_000)
  clock.observe(T, T + 600_000, 'a')
  clock.observe(T + 1, T + 600_000, 'b')
  clock.observe(T + 2, T + 600_000, 'c')
  expect(writes.mock.calls.filter(([key]) => key === 'clock')).toHaveLength(0)
  await tick()
  expect(writes.mock.calls.filter(([key]) => key === 'clock')).toHaveLength(1)
  const restarted = servicesOn(raw, () => T + 600_000)
  expect(restarted.skewMs()).toBe(clock.skewMs())
  expect(Math.abs(restarted.now() - T)).toBeLessThan(1000)
})
