/**
 * Arrival declarations: each province's form (from its plugin), the
 * submissions queued durably in encrypted storage with an idempotency key
 * until the province acknowledges them (delivered once, however often the
 * device retries), and the receipts kept.
 */
import { createAsyncThunk, createSlice } from '@reduxjs/toolkit'
import type { SerializedError } from '../../core/errors'
import type { DeclarationForm, DeclarationReceipt, ProvinceCode } from '../../core/model'
import type { DeclarationRecord } from '../../core/rules/facts'
import type { RootState, ThunkApi } from '../../app/store'
import { randomHex } from '../../platform/random'
import { backoffMs, isTransient } from '../checkin/queue'

/** The encrypted-storage key of {@link SavedDeclarations}. */
export const DECLARE_STORAGE_KEY = 'declarations.v1'

/** A submission the province has not acknowledged yet. Survives restarts. */
export interface QueuedDeclaration {
  idempotencyKey: string
  province: ProvinceCode
  personId: string
  answers: Record<string, string>
  queuedAt: number
  attempts: number
  nextAttemptAt: number
  lastError?: SerializedError
}

/** A declaration the province acknowledged. */
export interface KeptReceipt extends DeclarationReceipt {
  province: ProvinceCode
  personId: string
  idempotencyKey: string
}

/** A submission the province refused (not retried). */
export interface FailedDeclaration {
  idempotencyKey: string
  province: ProvinceCode
  error: SerializedError
}

interface SavedDeclarations {
  queue: QueuedDeclaration[]
  receipts: KeptReceipt[]
  failed: FailedDeclaration[]
}

export interface DeclareState extends SavedDeclarations {
  forms: Record<
    ProvinceCode,
    { status: 'loading' | 'done' | 'failed'; form?: DeclarationForm; error?: SerializedError }
  >
  flushing: boolean
}

const initialState: DeclareState = { forms: {}, queue: [], receipts: [], failed: [], flushing: false }

const read = (extra: ThunkApi['extra']): SavedDeclarations => {
  const r = extra.storage.read<SavedDeclarations>(DECLARE_STORAGE_KEY)
  return 'value' in r && r.value ? r.value : { queue: [], receipts: [], failed: [] }
}

/** Loads the saved queue and receipts. */
export const declarationsRestored = createAsyncThunk<SavedDeclarations, void, ThunkApi>(
  'declare/restored',
  async (_, { extra }) => read(extra),
)

/** The encrypted-storage key of a province's last fetched form (so it can be filled offline). */
export const formStorageKey = (province: ProvinceCode) => `declarationForm.${province}`

/** Fetches a province's form through its plugin and saves it; offline, the saved form is used. */
export const formLoaded = createAsyncThunk<DeclarationForm, ProvinceCode, ThunkApi & { rejectValue: SerializedError }>(
  'declare/formLoaded',
  async (province, { extra, rejectWithValue }) => {
    const r = await extra.host.call(province, 'declarationForm')
    if ('data' in r) {
      extra.storage.write(formStorageKey(province), r.data)
      return r.data
    }
    const saved = extra.storage.read<DeclarationForm>(formStorageKey(province))
    return 'value' in saved && saved.value ? saved.value : rejectWithValue(r.error)
  },
)

/**
 * Fetches (and saves) the form of every province that has one, once per
 * launch: called when the pass first loads, so a form opened later offline
 * can still be filled.
 */
export const formsPrefetched = createAsyncThunk<void, void, ThunkApi>(
  'declare/formsPrefetched',
  async (_, { extra, dispatch }) => {
    const withForms = extra.host.registry.plugins.filter((p) => typeof p.declarationForm === 'function')
    await Promise.all(withForms.map((p) => dispatch(formLoaded(p.id))))
  },
  { condition: (_, { getState }) => Object.keys(getState().declare.forms).length === 0 },
)

/**
 * Tries every queued declaration that is due; acknowledged ones become
 * receipts, refused ones are set aside, the rest wait with backoff. The
 * province stores each idempotency key once, so a retry after a lost
 * answer is not a second declaration.
 */
export const declarationsFlushed = createAsyncThunk<SavedDeclarations, { force?: boolean } | undefined, ThunkApi>(
  'declare/flushed',
  async (arg, { extra, getState }) => {
    const now = extra.clock.now()
    const saved = read(extra)
    const people = getState().identity.people
    for (const q of [...saved.queue]) {
      if (!arg?.force && q.nextAttemptAt > now) continue
      const person = people.find((p) => p.id === q.personId)
      const r = person
        ? await extra.host.call(q.province, 'submitDeclaration', person.identity, q.answers, {
            idempotencyKey: q.idempotencyKey,
          })
        : { error: { code: 'NP_ERR_VALIDATION' as const, message: 'person: no longer on this device' } }
      const latest = read(extra)
      const rest = latest.queue.filter((x) => x.idempotencyKey !== q.idempotencyKey)
      if ('data' in r) {
        latest.receipts = [
          ...latest.receipts,
          { ...r.data, province: q.province, personId: q.personId, idempotencyKey: q.idempotencyKey },
        ]
        latest.queue = rest
      } else if (isTransient(r.error)) {
        const attempts = q.attempts + 1
        latest.queue = latest.queue.map((x) =>
          x.idempotencyKey === q.idempotencyKey
            ? { ...x, attempts, nextAttemptAt: extra.clock.now() + backoffMs(attempts), lastError: r.error }
            : x,
        )
      } else {
        latest.failed = [...latest.failed, { idempotencyKey: q.idempotencyKey, province: q.province, error: r.error }]
        latest.queue = rest
      }
      extra.storage.write(DECLARE_STORAGE_KEY, latest)
    }
    return read(extra)
  },
  { condition: (_, { getState }) => !getState().declare.flushing },
)

/** Queues a validated declaration durably first, then tries to deliver it. */
export const declarationSubmitted = createAsyncThunk<
  string,
  { province: ProvinceCode; personId: string; answers: Record<string, string> },
  ThunkApi
>('declare/submitted', async ({ province, personId, answers }, { extra, dispatch }) => {
  const now = extra.clock.now()
  const idempotencyKey = `decl-${province}-${randomHex(16)}`
  const saved = read(extra)
  saved.queue = [
    ...saved.queue,
    { idempotencyKey, province, personId, answers, queuedAt: now, attempts: 0, nextAttemptAt: now },
  ]
  extra.storage.write(DECLARE_STORAGE_KEY, saved)
  await dispatch(declarationsFlushed({ force: true }))
  return idempotencyKey
})

const load = (s: DeclareState, saved: SavedDeclarations) => {
  s.queue = saved.queue
  s.receipts = saved.receipts
  s.failed = saved.failed
}

export const declareSlice = createSlice({
  name: 'declare',
  initialState,
  reducers: {},
  extraReducers: (b) => {
    b.addCase(declarationsRestored.fulfilled, (s, a) => load(s, a.payload))
    b.addCase(formLoaded.pending, (s, a) => {
      s.forms[a.meta.arg] = {
        status: 'loading',
        ...(s.forms[a.meta.arg]?.form ? { form: s.forms[a.meta.arg]?.form } : {}),
      }
    })
    b.addCase(formLoaded.fulfilled, (s, a) => {
      s.forms[a.meta.arg] = { status: 'done', form: a.payload }
    })
    b.addCase(formLoaded.rejected, (s, a) => {
      const prev = s.forms[a.meta.arg]?.form
      s.forms[a.meta.arg] = {
        status: 'failed',
        ...(prev ? { form: prev } : {}),
        ...(a.payload ? { error: a.payload } : {}),
      }
    })
    b.addCase(declarationsFlushed.pending, (s) => {
      s.flushing = true
    })
    b.addCase(declarationsFlushed.fulfilled, (s, a) => {
      s.flushing = false
      load(s, a.payload)
    })
    b.addCase(declarationsFlushed.rejected, (s) => {
      s.flushing = false
    })
  },
  selectors: {
    selectDeclare: (s) => s,
  },
})

export const { selectDeclare } = declareSlice.selectors

/** Acknowledged declarations as the rules engine reads them. */
export function selectDeclarationRecords(state: RootState): DeclarationRecord[] {
  return state.declare.receipts.map((r) => ({
    province: r.province,
    at: r.at,
    ...(r.validUntil !== undefined ? { validUntil: r.validUntil } : {}),
  }))
}
