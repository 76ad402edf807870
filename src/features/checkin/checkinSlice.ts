/**
 * Check-ins: a scan becomes a check-in sent to the venue's province with an
 * idempotency key; until the province acknowledges it, it waits in a durable
 * queue (encrypted storage) and is retried with backoff. History is kept
 * {@link HISTORY_DAYS} days.
 */
import { createAsyncThunk, createSlice, type PayloadAction } from '@reduxjs/toolkit'
import { NpError, type SerializedError } from '../../core/errors'
import type { Identity, VenueRef } from '../../core/model'
import type { RootState, ThunkApi } from '../../app/store'
import { randomHex } from '../../platform/random'
import { PEOPLE_KEY } from '../../platform/storageKeys'
import { loadVerifiers } from '../verify/load'
import {
  backoffMs,
  type CheckInRecord,
  isTransient,
  type PendingCheckIn,
  pruneHistory,
  isPendingCheckIn,
  PENDING_KEYS_KEY,
  PENDING_PREFIX,
  QUARANTINE_KEY,
  readSaved,
  STORAGE_KEY,
} from './queue'

/** Where the identity feature keeps the traveller (read when a thunk is given no `person`). */
export const IDENTITY_STORAGE_KEY = PEOPLE_KEY
/** One attempt's deadline; a slower province is retried from the queue. @default 8000 */
export const SEND_TIMEOUT_MS = 8000

export interface CheckInState {
  pending: PendingCheckIn[]
  history: CheckInRecord[]
  /** Keys being sent right now (so two flushes never send one twice at once). */
  sending: string[]
  /** The last scan's check-in, for the result screen. */
  lastKey: string | null
  scan: { status: 'idle' | 'working' | 'error'; error?: SerializedError }
  restored: boolean
  /**
   * Stored check-ins that were damaged (tampered, malformed or missing) and
   * set aside on restore: the traveller is told, the rest of the queue goes out.
   */
  quarantined: QuarantinedCheckIn[]
}

/** A damaged queue record set aside (kept in storage, never retried as it is). */
export interface QuarantinedCheckIn {
  idempotencyKey: string
  error: SerializedError
}

const initialState: CheckInState = {
  pending: [],
  history: [],
  sending: [],
  lastKey: null,
  scan: { status: 'idle' },
  restored: false,
  quarantined: [],
}

type Outcome<T> = { data: T } | { error: SerializedError }

export const checkinSlice = createSlice({
  name: 'checkin',
  initialState,
  reducers: {
    restored(state, action: PayloadAction<Pick<CheckInState, 'pending' | 'history'>>) {
      const known = new Set(state.pending.map((p) => p.idempotencyKey))
      state.pending.push(...action.payload.pending.filter((p) => !known.has(p.idempotencyKey)))
      const seen = new Set(state.history.map((h) => h.idempotencyKey))
      state.history.push(...action.payload.history.filter((h) => !seen.has(h.idempotencyKey)))
      state.restored = true
    },
    quarantined(state, action: PayloadAction<QuarantinedCheckIn[]>) {
      for (const q of action.payload) {
        if (state.quarantined.some((x) => x.idempotencyKey === q.idempotencyKey)) continue
        state.quarantined.push(q)
        state.pending = state.pending.filter((p) => p.idempotencyKey !== q.idempotencyKey)
        const h = state.history.find((r) => r.idempotencyKey === q.idempotencyKey)
        if (h) Object.assign(h, { status: 'failed', error: q.error })
      }
    },
    queued(state, action: PayloadAction<PendingCheckIn>) {
      const p = action.payload
      state.pending.push(p)
      state.history.unshift({ idempotencyKey: p.idempotencyKey, venue: p.venue, at: p.at, status: 'queued' })
    },
    sendStarted(state, action: PayloadAction<string[]>) {
      state.sending.push(...action.payload)
    },
    sent(state, action: PayloadAction<{ key: string; receiptId: string }>) {
      const { key, receiptId } = action.payload
      state.pending = state.pending.filter((p) => p.idempotencyKey !== key)
      state.sending = state.sending.filter((k) => k !== key)
      const h = state.history.find((r) => r.idempotencyKey === key)
      if (h) Object.assign(h, { status: 'sent', receiptId, error: undefined })
    },
    retryLater(state, action: PayloadAction<{ key: string; error: SerializedError; now: number }>) {
      const { key, error, now } = action.payload
      state.sending = state.sending.filter((k) => k !== key)
      const p = state.pending.find((q) => q.idempotencyKey === key)
      if (!p) return
      p.attempts = (Number.isFinite(p.attempts) ? p.attempts : 0) + 1
      p.nextAttemptAt = now + backoffMs(p.attempts)
      p.lastError = error
      const h = state.history.find((r) => r.idempotencyKey === key)
      if (h) h.error = error
    },
    refused(state, action: PayloadAction<{ key: string; error: SerializedError }>) {
      const { key, error } = action.payload
      state.pending = state.pending.filter((p) => p.idempotencyKey !== key)
      state.sending = state.sending.filter((k) => k !== key)
      const h = state.history.find((r) => r.idempotencyKey === key)
      if (h) Object.assign(h, { status: 'failed', error })
    },
    historyPruned(state, action: PayloadAction<number>) {
      state.history = pruneHistory(state.history, action.payload)
    },
    scanStarted(state) {
      state.scan = { status: 'working' }
    },
    scanFailed(state, action: PayloadAction<SerializedError>) {
      state.scan = { status: 'error', error: action.payload }
    },
    scanDone(state, action: PayloadAction<string>) {
      state.scan = { status: 'idle' }
      state.lastKey = action.payload
    },
  },
  selectors: {
    selectPendingCheckIns: (s) => s.pending,
    selectCheckInHistory: (s) => s.history,
    selectScan: (s) => s.scan,
    selectLastCheckIn: (s) => s.history.find((h) => h.idempotencyKey === s.lastKey) ?? null,
    selectQuarantinedCheckIns: (s) => s.quarantined,
  },
})

export const { selectPendingCheckIns, selectCheckInHistory, selectScan, selectLastCheckIn, selectQuarantinedCheckIns } =
  checkinSlice.selectors
const {
  restored,
  quarantined,
  queued,
  sendStarted,
  sent,
  retryLater,
  refused,
  historyPruned,
  scanStarted,
  scanFailed,
  scanDone,
} = checkinSlice.actions

/**
 * Saves history and the pending keys in one record, each pending check-in in
 * its own (so a damaged record loses only itself), and deletes the records of
 * `done` check-ins.
 */
function save(
  getState: () => { checkin: CheckInState },
  storage: ThunkApi['extra']['storage'],
  done: string[] = [],
): void {
  const { pending, history } = getState().checkin
  for (const p of pending) storage.write(PENDING_PREFIX + p.idempotencyKey, p)
  const pendingKeys = pending.map((p) => p.idempotencyKey)
  storage.write(STORAGE_KEY, { history, pendingKeys })
  storage.write(PENDING_KEYS_KEY, pendingKeys)
  for (const k of done) storage.remove(PENDING_PREFIX + k)
}

/**
 * The queue as stored: history, the old one-blob format's pending records,
 * and each record stored apart. What is damaged is set aside, never dropped:
 * a tampered record is moved aside by the storage, a malformed one is kept
 * under {@link QUARANTINE_KEY}; both are reported.
 */
function readQueue(storage: ThunkApi['extra']['storage']): {
  pending: PendingCheckIn[]
  history: CheckInRecord[]
  damaged: QuarantinedCheckIn[]
} {
  const damaged: QuarantinedCheckIn[] = []
  const r = storage.read<unknown>(STORAGE_KEY)
  if ('error' in r) damaged.push({ idempotencyKey: STORAGE_KEY, error: r.error.toJSON() })
  const saved = readSaved('value' in r ? r.value : null)
  const k = storage.read<unknown>(PENDING_KEYS_KEY)
  const copies = 'value' in k && Array.isArray(k.value) ? k.value.filter((x): x is string => typeof x === 'string') : []
  const malformed = [...saved.malformed]
  const pending = [...saved.pending]
  const known = new Set(pending.map((p) => p.idempotencyKey))
  const queuedInHistory = saved.history.filter((h) => h.status === 'queued').map((h) => h.idempotencyKey)
  for (const key of new Set([...saved.pendingKeys, ...copies, ...queuedInHistory])) {
    if (known.has(key)) continue
    const rec = storage.read<unknown>(PENDING_PREFIX + key)
    if ('error' in rec) damaged.push({ idempotencyKey: key, error: rec.error.toJSON() })
    else if (isPendingCheckIn(rec.value) && rec.value.idempotencyKey === key) pending.push(rec.value)
    else if (rec.value !== null) malformed.push(rec.value)
    else
      damaged.push({
        idempotencyKey: key,
        error: new NpError('NP_ERR_STORAGE', { params: { key, detail: 'the queued check-in is missing' } }).toJSON(),
      })
  }
  if (malformed.length) {
    const q = storage.read<unknown[]>(QUARANTINE_KEY)
    const kept = 'value' in q && Array.isArray(q.value) ? q.value : []
    storage.write(QUARANTINE_KEY, [...kept, ...malformed])
    for (const m of malformed) {
      const key = (m as { idempotencyKey?: unknown } | null)?.idempotencyKey
      const id = typeof key === 'string' ? key : QUARANTINE_KEY
      damaged.push({
        idempotencyKey: id,
        error: new NpError('NP_ERR_STORAGE_TAMPERED', { params: { key: id } }).toJSON(),
      })
    }
  }
  return { pending, history: saved.history, damaged }
}

/** Reload the queue and history after a launch, drop history past its period, and send what waits. */
export const restoreCheckIns = createAsyncThunk<void, void, ThunkApi>(
  'checkin/restore',
  async (_, { dispatch, getState, extra }) => {
    const saved = readQueue(extra.storage)
    dispatch(restored(saved))
    if (saved.damaged.length) dispatch(quarantined(saved.damaged))
    dispatch(historyPruned(extra.clock.now()))
    // A malformed record now lives in the quarantine list; its own slot is freed.
    save(
      getState,
      extra.storage,
      saved.damaged.map((d) => d.idempotencyKey),
    )
    if (getState().checkin.pending.length > 0) await dispatch(flushCheckIns({ force: true }))
  },
)

/**
 * Send every due check-in (all of them with `force`), each within `timeoutMs` (@default {@link SEND_TIMEOUT_MS}). Never throws; a failure
 * is retried later or, when the province refuses, kept in history as failed.
 * Resolves to when the next retry is due, or `null` when nothing waits.
 */
export const flushCheckIns = createAsyncThunk<
  number | null,
  { force?: boolean; timeoutMs?: number } | undefined,
  ThunkApi
>('checkin/flush', async (options, { dispatch, getState, extra }) => {
  const now = extra.clock.now()
  const { pending, sending } = getState().checkin
  const due = pending.filter((p) => !sending.includes(p.idempotencyKey) && (options?.force || p.nextAttemptAt <= now))
  if (due.length > 0) dispatch(sendStarted(due.map((p) => p.idempotencyKey)))
  await Promise.all(
    due.map(async (p) => {
      const r = await extra.host.callWith(
        { timeoutMs: options?.timeoutMs ?? SEND_TIMEOUT_MS },
        p.venue.province,
        'checkIn',
        p.venue,
        p.person,
        {
          idempotencyKey: p.idempotencyKey,
          at: p.at,
        },
      )
      if ('data' in r) dispatch(sent({ key: p.idempotencyKey, receiptId: r.data.receiptId }))
      else if (isTransient(r.error))
        dispatch(retryLater({ key: p.idempotencyKey, error: r.error, now: extra.clock.now() }))
      else dispatch(refused({ key: p.idempotencyKey, error: r.error }))
      const stillPending = getState().checkin.pending.some((q) => q.idempotencyKey === p.idempotencyKey)
      save(getState, extra.storage, stillPending ? [] : [p.idempotencyKey])
    }),
  )
  const waiting = getState().checkin.pending
  return waiting.length === 0 ? null : Math.min(...waiting.map((p) => p.nextAttemptAt))
})

/** The traveller checking in: the one given, else the identity feature's active person (store, then storage). */
function personFrom(
  given: Identity | undefined,
  state: RootState,
  storage: ThunkApi['extra']['storage'],
): Identity | null {
  if (given) return given
  const { people, activeId } = state.identity
  const inStore = people.find((p) => p.id === activeId)?.identity
  if (inStore) return inStore
  const r = storage.read<{ people: Array<{ id: string; identity: Identity }>; activeId: string | null }>(
    IDENTITY_STORAGE_KEY,
  )
  const saved = 'value' in r ? r.value : null
  return saved?.people.find((p) => p.id === saved.activeId)?.identity ?? null
}

/**
 * Check in at a venue: the check-in is saved to the queue first (so it is
 * never lost), then sent once right away. Resolves to the history record.
 */
export const checkInAt = createAsyncThunk<Outcome<CheckInRecord>, { venue: VenueRef; person?: Identity }, ThunkApi>(
  'checkin/checkInAt',
  async ({ venue, person }, { dispatch, getState, extra }) => {
    const who = personFrom(person, getState(), extra.storage)
    if (!who)
      return {
        error: new NpError('NP_ERR_VALIDATION', {
          params: { field: 'identity', detail: 'set up your identity on the pass page first' },
        }).toJSON(),
      }
    const now = extra.clock.now()
    const key = `ci-${randomHex(16)}`
    dispatch(queued({ idempotencyKey: key, venue, at: now, person: who, attempts: 0, nextAttemptAt: now }))
    save(getState, extra.storage)
    await dispatch(flushCheckIns())
    const record = getState().checkin.history.find((h) => h.idempotencyKey === key)
    return record
      ? { data: record }
      : { error: new NpError('NP_ERR_STORAGE', { params: { key, detail: 'check-in vanished' } }).toJSON() }
  },
)

/** A scanned text → recognised venue → check-in. The result screen reads `selectLastCheckIn`. */
export const scanPlaceCode = createAsyncThunk<Outcome<CheckInRecord>, { text: string; person?: Identity }, ThunkApi>(
  'checkin/scan',
  async ({ text, person }, { dispatch, extra }) => {
    dispatch(scanStarted())
    const trust = await extra.trustList()
    const { recognizePlaceCode } = await loadVerifiers()
    const venue = await recognizePlaceCode(text, {
      host: extra.host,
      trustList: 'data' in trust ? trust.data.value : null,
      at: extra.clock.now(),
    })
    if ('error' in venue) {
      dispatch(scanFailed(venue.error))
      return venue
    }
    const r = await dispatch(checkInAt({ venue: venue.data, person })).unwrap()
    if ('error' in r) dispatch(scanFailed(r.error))
    else dispatch(scanDone(r.data.idempotencyKey))
    return r
  },
)
