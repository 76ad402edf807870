import { NpError } from '@/core/errors'
import type { VenueRef } from '@/core/model'
import {
  checkInAt,
  flushCheckIns,
  restoreCheckIns,
  scanPlaceCode,
  selectCheckInHistory,
  selectLastCheckIn,
  selectPendingCheckIns,
} from '@/features/checkin/checkinSlice'
import { backoffMs, HISTORY_MS, isTransient, RETRY_CAP_MS, STORAGE_KEY } from '@/features/checkin/queue'
import { startCheckInRetries } from '@/features/checkin/retry'
import { demoPerson } from '../../mock/data/people'
import { venuesOf, wuxiDoorbellVenue } from '../../mock/data/venues'
import { allBackends } from '../../mock/provinces'
import { credentialFrom, device, restartableMock, storedCheckIns } from './checkin-harness'

jest.setTimeout(60_000)

const green = demoPerson('green').identity
const gdVenue: VenueRef = { ...venuesOf('440000')[0], source: 'national' }
const jsVenue: VenueRef = { ...venuesOf('320000')[0], source: 'national' }
let mock: Awaited<ReturnType<typeof restartableMock>>

beforeAll(async () => {
  mock = await restartableMock()
})
afterAll(() => mock.stop())
beforeEach(async () => {
  await mock.start()
  for (const b of allBackends) b.reset?.()
})

const data = <T>(r: { data: T } | { error: unknown }): T => {
  if (!('data' in r)) throw new Error(`expected data, got ${JSON.stringify(r)}`)
  return r.data
}

describe('check-ins reach the province exactly once', () => {
  test('online: sent at once with a receipt, stored once at the backend, history without identity', async () => {
    const d = device(mock.url, ['440000'], credentialFrom(mock.server))
    const { store } = d.boot()
    const rec = data(await store.dispatch(checkInAt({ venue: gdVenue, person: green })).unwrap())
    expect(rec.status).toBe('sent')
    expect(rec.receiptId).toBeTruthy()
    expect(selectPendingCheckIns(store.getState())).toEqual([])
    const stored = await storedCheckIns(mock.url(), 'guangdong')
    expect(stored).toEqual({ count: 1, keys: [rec.idempotencyKey] })
    expect(JSON.stringify(selectCheckInHistory(store.getState()))).not.toContain(green.idNumber)
    expect([...d.raw.map.values()].join()).not.toContain(green.idNumber)
  })

  test('network killed mid-queue, app restarted, network back: every check-in arrives exactly once', async () => {
    const d = device(mock.url, ['440000', '320000'], credentialFrom(mock.server))
    let { store } = d.boot()
    // Two go through, then the province fails (500), then the server is gone entirely.
    const keys: string[] = []
    for (const venue of [gdVenue, jsVenue])
      keys.push(data(await store.dispatch(checkInAt({ venue, person: green })).unwrap()).idempotencyKey)
    d.net.fault = '500'
    keys.push(data(await store.dispatch(checkInAt({ venue: gdVenue, person: green })).unwrap()).idempotencyKey)
    await mock.stop()
    for (const venue of [jsVenue, gdVenue, jsVenue]) {
      const rec = data(await store.dispatch(checkInAt({ venue, person: green })).unwrap())
      expect(rec.status).toBe('queued')
      keys.push(rec.idempotencyKey)
    }
    expect(selectPendingCheckIns(store.getState())).toHaveLength(4)
    // A reply lost after the province stored the check-in: the retry must not double it.
    await mock.start()
    d.net.fault = 'none'
    d.net.loseAnswers = 2
    await store.dispatch(flushCheckIns({ force: true }))
    expect(selectPendingCheckIns(store.getState())).toHaveLength(2)

    // Restart: a new store over the same device storage, network still flaky.
    ;({ store } = d.boot())
    expect(selectPendingCheckIns(store.getState())).toHaveLength(0)
    d.net.fault = '503'
    await store.dispatch(restoreCheckIns())
    expect(selectPendingCheckIns(store.getState())).toHaveLength(2)
    d.net.fault = 'hang'
    await store.dispatch(flushCheckIns({ force: true, timeoutMs: 300 }))
    expect(selectPendingCheckIns(store.getState()).map((p) => p.lastError?.code)).toEqual([
      'NP_ERR_PLUGIN_TIMEOUT',
      'NP_ERR_PLUGIN_TIMEOUT',
    ])

    d.net.fault = 'none'
    await store.dispatch(flushCheckIns({ force: true }))
    expect(selectPendingCheckIns(store.getState())).toEqual([])
    expect(selectCheckInHistory(store.getState()).every((h) => h.status === 'sent')).toBe(true)

    const gd = await storedCheckIns(mock.url(), 'guangdong')
    const js = await storedCheckIns(mock.url(), 'jiangsu')
    expect(gd.count + js.count).toBe(6)
    expect([...gd.keys, ...js.keys].sort()).toEqual([...keys].sort())
  })

  test('the retry timer sends a queued check-in by itself once the province is back (2 s backoff)', async () => {
    const d = device(mock.url, ['440000'], credentialFrom(mock.server))
    const { store, services } = d.boot()
    const retries = startCheckInRetries(store, services.clock.now)
    try {
      d.net.fault = '503'
      const rec = data(await store.dispatch(checkInAt({ venue: gdVenue, person: green })).unwrap())
      expect(rec.status).toBe('queued')
      d.net.fault = 'none'
      const until = Date.now() + 40_000
      while (selectPendingCheckIns(store.getState()).length > 0 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 100))
      expect(selectPendingCheckIns(store.getState())).toEqual([])
      expect((await storedCheckIns(mock.url(), 'guangdong')).keys).toEqual([rec.idempotencyKey])
    } finally {
      retries.stop()
    }
  })

  test('a refusal (no consent) is not retried forever: it is kept in history as failed with the reason', async () => {
    const d = device(mock.url, [], credentialFrom(mock.server))
    const { store } = d.boot()
    const rec = data(await store.dispatch(checkInAt({ venue: gdVenue, person: green })).unwrap())
    expect(rec.status).toBe('failed')
    expect(rec.error?.code).toBe('NP_ERR_CONSENT_REQUIRED')
    expect(selectPendingCheckIns(store.getState())).toEqual([])
  })

  test('history older than 21 days is deleted on launch; pending check-ins are kept', async () => {
    const d = device(mock.url, ['440000'], credentialFrom(mock.server))
    let { store, services } = d.boot()
    const old = Date.now() - HISTORY_MS - 1000
    services.storage.write(STORAGE_KEY, {
      pending: [],
      history: [
        { idempotencyKey: 'old', venue: gdVenue, at: old, status: 'sent', receiptId: 'R1' },
        { idempotencyKey: 'new', venue: gdVenue, at: Date.now() - 1000, status: 'sent', receiptId: 'R2' },
      ],
    })
    ;({ store, services } = d.boot())
    await store.dispatch(restoreCheckIns())
    expect(selectCheckInHistory(store.getState()).map((h) => h.idempotencyKey)).toEqual(['new'])
  })
})

describe('scan → check-in', () => {
  test('a Wuxi 门铃码 checks in through the Jiangsu plugin', async () => {
    const d = device(mock.url, ['320000'], credentialFrom(mock.server))
    const { store } = d.boot()
    const rec = data(
      await store.dispatch(scanPlaceCode({ text: wuxiDoorbellVenue.legacyCode ?? '', person: green })).unwrap(),
    )
    expect(rec.venue).toMatchObject({ province: '320000', venueId: 'WX320213-000123', source: 'legacy' })
    expect(rec.status).toBe('sent')
    expect(selectLastCheckIn(store.getState())?.idempotencyKey).toBe(rec.idempotencyKey)
    expect((await storedCheckIns(mock.url(), 'jiangsu')).keys).toEqual([rec.idempotencyKey])
  })

  test('text nobody recognises gets NP_ERR_PLACE_CODE_UNKNOWN and nothing is sent', async () => {
    const d = device(mock.url, ['320000'], credentialFrom(mock.server))
    const { store } = d.boot()
    const r = await store.dispatch(scanPlaceCode({ text: 'hello world', person: green })).unwrap()
    expect('error' in r && r.error.code).toBe('NP_ERR_PLACE_CODE_UNKNOWN')
    expect(store.getState().checkin.scan.error?.code).toBe('NP_ERR_PLACE_CODE_UNKNOWN')
  })
})

describe('queue rules', () => {
  test('backoff doubles from 2 s and is capped', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([2000, 4000, 8000, 16000])
    expect(backoffMs(40)).toBe(RETRY_CAP_MS)
  })

  test('network, deadline and 5xx are retried; province refusals are not', () => {
    const e = (code: ConstructorParameters<typeof NpError>[0], params = {}) => new NpError(code, { params }).toJSON()
    expect(isTransient(e('NP_ERR_HTTP_NETWORK'))).toBe(true)
    expect(isTransient(e('NP_ERR_PLUGIN_TIMEOUT'))).toBe(true)
    expect(isTransient(e('NP_ERR_HTTP_STATUS', { status: 503 }))).toBe(true)
    expect(isTransient(e('NP_ERR_HTTP_STATUS', { status: 404 }))).toBe(false)
    expect(isTransient(e('NP_ERR_CONSENT_REQUIRED'))).toBe(false)
    expect(isTransient(e('NP_ERR_BACKEND'))).toBe(false)
  })
})
