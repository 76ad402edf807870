import type { AxiosInstance } from 'axios'
import { createServices } from '../../src/app/services'
import { makeStore } from '../../src/app/store'
import { passScanned } from '../../src/features/guard/guardSlice'
import { createClock } from '../../src/platform/clock'
import { createSecureStorage } from '../../src/platform/secureStorage'
import { createNodeHttp } from '../../src/sdk/http'

test('a pass scanned before the guard chose a province is not refused or counted: the guard is told to set up', async () => {
  const m = new Map<string, string>()
  const services = createServices({
    clock: createClock(),
    storage: createSecureStorage({
      get: (k) => m.get(k),
      set: (k, v) => void m.set(k, v),
      remove: (k) => void m.delete(k),
    }),
    apiBase: 'http://127.0.0.1:9',
    httpFactory: (c) => createNodeHttp(c) as AxiosInstance,
  })
  const store = makeStore(undefined, services)
  const r = await store.dispatch(passScanned('NP1:ANYTHING'))
  expect(r.meta.requestStatus).toBe('rejected')
  const g = store.getState().guard
  expect(g.error?.code).toBe('NP_ERR_GUARD_NOT_READY')
  expect(g.last).toBeNull()
  expect(g.tally.admitted + g.tally.refused + g.tally.needsAction).toBe(0)
})

test('a stray QR (a place-code, a payment code) is refused on screen but not counted in the shift tally', async () => {
  const { isMisScan } = await import('../../src/features/guard/guardSlice')
  expect(isMisScan('https://np.example.cn/p/AbC')).toBe(true)
  expect(isMisScan('hello')).toBe(true)
  expect(isMisScan('NP1:3V1224UF5P')).toBe(false)
  expect(isMisScan('  np1:abc')).toBe(false)
})
