/**
 * Issue 13: nothing lost on corruption. A tampered or malformed queue record
 * is quarantined and the traveller told; the valid records alongside it
 * still go out; a record without `attempts` never makes a busy retry loop.
 */
import type { VenueRef } from '@/core/model'
import {
  checkInAt,
  restoreCheckIns,
  selectCheckInHistory,
  selectPendingCheckIns,
  selectQuarantinedCheckIns,
} from '@/features/checkin/checkinSlice'
import { STORAGE_KEY } from '@/features/checkin/queue'
import { startCheckInRetries } from '@/features/checkin/retry'
import { createSecureStorage } from '@/platform/secureStorage'
import { demoPerson } from '../../mock/data/people'
import { venuesOf } from '../../mock/data/venues'
import { allBackends } from '../../mock/provinces'
import { credentialFrom, device, restartableMock, storedCheckIns } from './checkin-harness'

jest.setTimeout(60_000)

const green = demoPerson('green').identity
const gdVenue: VenueRef = { ...venuesOf('440000')[0], source: 'national' }
let mock: Awaited<ReturnType<typeof restartableMock>>

beforeAll(async () => {
  mock = await restartableMock()
})
afterAll(() => mock.stop())
beforeEach(async () => {
  await mock.start()
  for (const b of allBackends) b.reset?.()
})

/** Three check-ins queued while the province is down. */
async function threeQueued() {
  const d = device(mock.url, ['440000'], credentialFrom(mock.server))
  const { store } = d.boot()
  d.net.fault = '503'
  const keys: string[] = []
  for (let i = 0; i < 3; i++) {
    const r = await store.dispatch(checkInAt({ venue: gdVenue, person: green })).unwrap()
    if (!('data' in r)) throw new Error('not queued')
    keys.push(r.data.idempotencyKey)
  }
  expect(selectPendingCheckIns(store.getState())).toHaveLength(3)
  d.net.fault = 'none'
  return { d, keys }
}

test('a tampered queue record is quarantined and the traveller told; the others still go out', async () => {
  const { d, keys } = await threeQueued()
  // Flip one character of the stored record of the second check-in (or of the whole queue, where it is one blob).
  const raw = [...d.raw.map.keys()]
  const target = raw.find((k) => k.includes(keys[1])) ?? raw.find((k) => k.endsWith(STORAGE_KEY))
  if (!target) throw new Error('no stored queue')
  const v = d.raw.map.get(target) as string
  d.raw.map.set(target, v.slice(0, 20) + (v[20] === 'A' ? 'B' : 'A') + v.slice(21))

  const { store } = d.boot()
  await store.dispatch(restoreCheckIns())
  const stored = await storedCheckIns(mock.url(), 'guangdong')
  expect(stored.keys.sort()).toEqual([keys[0], keys[2]].sort())
  expect(selectQuarantinedCheckIns(store.getState())).toEqual([
    expect.objectContaining({
      idempotencyKey: keys[1],
      error: expect.objectContaining({ code: 'NP_ERR_STORAGE_TAMPERED' }),
    }),
  ])
  expect(selectPendingCheckIns(store.getState())).toEqual([])
  const failed = selectCheckInHistory(store.getState()).find((h) => h.idempotencyKey === keys[1])
  expect(failed).toMatchObject({ status: 'failed', error: { code: 'NP_ERR_STORAGE_TAMPERED' } })
})

test('a record without attempts is quarantined (no busy retry loop); valid records beside it go out', async () => {
  const { d, keys } = await threeQueued()
  const storage = createSecureStorage(d.raw)
  // An old-format queue (one blob) in which one record lost its attempts and retry time.
  const at = Date.now()
  const rec = (k: string) => ({ idempotencyKey: k, venue: gdVenue, at, person: green, attempts: 1, nextAttemptAt: at })
  const { attempts: _a, nextAttemptAt: _n, ...broken } = rec(keys[1])
  storage.write(STORAGE_KEY, {
    pending: [rec(keys[0]), broken, rec(keys[2])],
    history: keys.map((k) => ({ idempotencyKey: k, venue: gdVenue, at, status: 'queued' })),
  })
  for (const k of [...d.raw.map.keys()]) if (k.includes('.pending')) d.raw.map.delete(k)

  const { store } = d.boot()
  const timers: number[] = []
  const retries = startCheckInRetries(store, Date.now, {
    setTimeout: (_fn, ms) => timers.push(ms),
    clearTimeout: () => undefined,
  })
  await store.dispatch(restoreCheckIns())
  retries.stop()
  expect((await storedCheckIns(mock.url(), 'guangdong')).keys.sort()).toEqual([keys[0], keys[2]].sort())
  expect(selectQuarantinedCheckIns(store.getState()).map((q) => q.idempotencyKey)).toEqual([keys[1]])
  // Each timer a real wait, and a handful of them, not a loop.
  expect(timers.every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true)
  expect(timers.length).toBeLessThanOrEqual(3)
})
