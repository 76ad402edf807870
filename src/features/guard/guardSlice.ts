/**
 * Guard mode state: the venue's province (persisted), the cached trust list
 * and rule sets with their versions and ages, the last verdict, and the
 * shift tally (kept on the device, encrypted, until the guard resets it).
 */
import { createAsyncThunk, createSlice, type PayloadAction } from '@reduxjs/toolkit'
import { NpError } from '../../core/errors'
import type { SerializedError } from '../../core/errors'
import type { ProvinceCode } from '../../core/model'
import type { RuleSet } from '../../core/rules/types'
import type { TrustList } from '../../core/trustList'
import type { Cached } from '../../app/services'
import type { ThunkApi } from '../../app/store'
import { registerLazySlice } from '../../app/lazySlices'
import { SKEW_THRESHOLD_MS } from '../../platform/clock'
import { selectLang } from '../settings/settingsSlice'
import { checkPassForVenueAsync, type GuardResult } from './guardCheck'
import type { ShcChunkSet } from '../../core/foreign/shcChunks'
import { isForeignText } from './foreignBridge'
import { preloadForeignCheck, runForeignCheck } from './foreignLoader'
import { addToTally, emptyTally, type ShiftTally } from './tally'

const STORE_KEY = 'guard'

export interface GuardState {
  province: ProvinceCode | null
  trustList: Cached<TrustList> | null
  ruleSet: Cached<RuleSet> | null
  status: 'idle' | 'loading' | 'ready' | 'failed'
  error: SerializedError | null
  /** Server-corrected time of the last prepare or scan, for cache ages. */
  checkedAt: number
  last: GuardResult | null
  tally: ShiftTally
  /**
   * The device clock against server time, as of the last prepare or scan:
   * verdicts use server time; when `off`, the page says so
   * (`NP_ERR_CLOCK_SKEW` with the skew).
   */
  clock: { skewMs: number; off: boolean }
  /** The parts read so far of a multi-QR SMART Health Card (`shc:/2/3/…`); null when none is being read. */
  shcChunks?: ShcChunkSet | null
  /** Why the last part read could not belong to the card being read (`NP_ERR_FOREIGN_CHUNKS`). */
  chunkError?: SerializedError | null
  /** The venue's policy: refuse a pass not bound to its holder's phone (`NP_ERR_PASS_NOT_BOUND`). Persisted. */
  requireBinding: boolean
}

const initialState: GuardState = {
  province: null,
  trustList: null,
  ruleSet: null,
  status: 'idle',
  error: null,
  checkedAt: 0,
  last: null,
  tally: emptyTally(0),
  clock: { skewMs: 0, off: false },
  requireBinding: false,
}

interface Persisted {
  province: ProvinceCode | null
  tally: ShiftTally
  /** Absent in what older versions stored: off. */
  requireBinding?: boolean
}

/** Merges `patch` into what is stored, so a write never loses the other field. */
function persist(extra: ThunkApi['extra'], patch: Partial<Persisted>): void {
  const r = extra.storage.read<Persisted>(STORE_KEY)
  const prev = 'value' in r && r.value ? r.value : { province: null, tally: emptyTally(extra.clock.now()) }
  extra.storage.write<Persisted>(STORE_KEY, { ...prev, ...patch })
}

/**
 * Restores the venue province and the shift tally, then loads the caches.
 * `province` (e.g. from a bookmarked link) replaces the saved one.
 */
export const guardOpened = createAsyncThunk<Persisted, { province?: ProvinceCode } | undefined, ThunkApi>(
  'guard/opened',
  async (arg, { extra, dispatch }) => {
    const r = extra.storage.read<Persisted>(STORE_KEY)
    const saved = 'value' in r && r.value ? r.value : { province: null, tally: emptyTally(extra.clock.now()) }
    const province = arg?.province ?? saved.province
    if (province) void dispatch(guardPrepared({ province }))
    return { ...saved, province }
  },
)

/**
 * Sets the venue province and loads the trust list and its rules: from the
 * cache when fresh, from the network when online, the stale cache otherwise.
 */
export const guardPrepared = createAsyncThunk<
  {
    trustList: Cached<TrustList> | null
    ruleSet: Cached<RuleSet> | null
    error: SerializedError | null
    at: number
    clock: GuardState['clock']
  },
  { province: ProvinceCode; refresh?: boolean },
  ThunkApi
>('guard/prepared', async ({ province, refresh = false }, { extra }) => {
  persist(extra, { province })
  // Warm the foreign trust list's cache and the verifier too, so foreign certificates verify offline later.
  void extra.foreignTrustList?.({ refresh })
  preloadForeignCheck()
  const [tl, rs] = await Promise.all([extra.trustList({ refresh }), extra.ruleSet(province, { refresh })])
  return {
    trustList: 'data' in tl ? tl.data : null,
    ruleSet: 'data' in rs ? rs.data : null,
    // A refused rollback, an unsigned update or a trust list past its next update is shown, the newer data kept.
    error: 'error' in tl ? tl.error : 'error' in rs ? rs.error : (tl.data.warning ?? rs.data.warning ?? null),
    at: extra.clock.now(),
    clock: clockStatus(extra.clock),
  }
})

/** Whether the guard's device clock is off server time. */
function clockStatus(clock: ThunkApi['extra']['clock']): GuardState['clock'] {
  const skewMs = clock.skewMs()
  return { skewMs, off: clock.deviceOff?.() ?? Math.abs(skewMs) >= SKEW_THRESHOLD_MS }
}

/**
 * Text that is no pass at all (a venue's place-code, a payment code, a stray
 * QR) is refused on screen but not counted as a traveller refused this shift.
 */
export function isMisScan(text: string): boolean {
  return !/^NP\d+:/i.test(text.trim()) && !isForeignText(text)
}

/** Checks one scanned pass offline against the cached trust list and rules; counts it in the tally. */
export const passScanned = createAsyncThunk<GuardResult & { clock: GuardState['clock'] }, string, ThunkApi>(
  'guard/scanned',
  async (text, { extra, getState }) => {
    const state = getState()
    const g = state.guard
    // Not the traveller's fault: nothing is refused or counted until the guard is set up.
    if (!g.province || !g.trustList || !g.ruleSet) throw new NpError('NP_ERR_GUARD_NOT_READY')
    const at = extra.clock.now()
    if (isForeignText(text)) {
      // A foreign certificate: its own trust list, verifier loaded on demand (see foreignLoader).
      const ft = extra.foreignTrustList ? await extra.foreignTrustList() : null
      if (!ft || 'error' in ft) throw new NpError('NP_ERR_FOREIGN_NOT_READY')
      const foreign = await runForeignCheck({
        text,
        trust: ft.data.value,
        province: g.province,
        at,
        lang: selectLang(state),
        trustListVersion: ft.data.value.version,
      })
      persist(extra, { tally: addToTally(g.tally, foreign) })
      return { ...foreign, clock: clockStatus(extra.clock) }
    }
    const result = await checkPassForVenueAsync({
      text,
      trustList: g.trustList.value,
      ruleSets: [g.ruleSet.value],
      province: g.province,
      at,
      lang: selectLang(state),
      requireBinding: g.requireBinding,
    })
    if (!isMisScan(text)) persist(extra, { tally: addToTally(g.tally, result) })
    return { ...result, clock: clockStatus(extra.clock) }
  },
)

/** The venue's policy on holder binding (guard settings), kept on the device. */
export const bindingPolicySet = createAsyncThunk<boolean, boolean, ThunkApi>(
  'guard/bindingPolicySet',
  async (requireBinding, { extra }) => {
    persist(extra, { requireBinding })
    return requireBinding
  },
)

/** Starts a new shift: the tally back to zero. */
export const tallyReset = createAsyncThunk<number, void, ThunkApi>('guard/tallyReset', async (_, { extra }) => {
  const at = extra.clock.now()
  persist(extra, { tally: emptyTally(at) })
  return at
})

export const guardSlice = createSlice({
  name: 'guard',
  initialState,
  reducers: {
    shcChunkRead(s, a: PayloadAction<ShcChunkSet>) {
      s.shcChunks = a.payload
      s.chunkError = null
      s.last = null
    },
    shcChunkRefused(s, a: PayloadAction<SerializedError>) {
      s.chunkError = a.payload
    },
    shcChunksCleared(s) {
      s.shcChunks = null
      s.chunkError = null
    },
  },
  extraReducers: (b) => {
    b.addCase(guardOpened.fulfilled, (s, a) => {
      s.province ??= a.payload.province
      s.tally = a.payload.tally
      s.requireBinding = a.payload.requireBinding === true
    })
    b.addCase(bindingPolicySet.fulfilled, (s, a) => {
      s.requireBinding = a.payload
    })
    b.addCase(guardPrepared.pending, (s, a) => {
      if (s.province !== a.meta.arg.province) {
        s.ruleSet = null
        s.last = null
      }
      s.province = a.meta.arg.province
      s.status = 'loading'
    })
    b.addCase(guardPrepared.fulfilled, (s, a) => {
      if (a.payload.trustList) s.trustList = a.payload.trustList
      if (a.payload.ruleSet) s.ruleSet = a.payload.ruleSet
      s.error = a.payload.error
      s.status = s.trustList && s.ruleSet ? 'ready' : 'failed'
      s.checkedAt = a.payload.at
      s.clock = a.payload.clock
    })
    b.addCase(passScanned.pending, (s) => {
      s.error = null
    })
    b.addCase(passScanned.rejected, (s, a) => {
      s.last = null
      const code = a.error.code === 'NP_ERR_FOREIGN_NOT_READY' ? a.error.code : 'NP_ERR_GUARD_NOT_READY'
      s.error = { code, message: a.error.message ?? '' }
    })
    b.addCase(passScanned.fulfilled, (s, a) => {
      const { clock, ...result } = a.payload
      s.last = result
      s.clock = clock
      s.checkedAt = a.payload.at
      if (!isMisScan(a.meta.arg)) s.tally = addToTally(s.tally, a.payload)
    })
    b.addCase(tallyReset.fulfilled, (s, a) => {
      s.tally = emptyTally(a.payload)
    })
  },
  selectors: {
    selectGuard: (s) => s,
  },
})

export const { selectGuard } = guardSlice.selectors
export const { shcChunkRead, shcChunkRefused, shcChunksCleared } = guardSlice.actions

// Injected into the app store when this module loads (issue 16: it travels with its page).
registerLazySlice(guardSlice)
