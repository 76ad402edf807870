/**
 * The pass: every consented province's answer per person, as it arrives;
 * the last pass cached encrypted for offline use; entry rules per province.
 * Merging, disagreement, verdicts and the QR text live in ./passLogic.ts.
 */
import { createSlice, type PayloadAction } from '@reduxjs/toolkit'
import type { SerializedError } from '../../core/errors'
import type { RuleSet } from '../../core/rules/types'
import type { PassBundleRecord, ProvinceResult } from './passLogic'
import type { SavedDisplay } from './savedDisplay'

/** One person's pass. */
export interface PersonPass {
  provinces: Record<string, ProvinceResult>
  /** The provinces asked in the current (or last) refresh. */
  asked: string[]
  refreshing: boolean
  /** Server time the last refresh completed. */
  refreshedAt: number | null
  /** When the pass shown was saved, if it came from the device cache. */
  cachedAt: number | null
  /** The last refresh reached no province: the pass shown is the saved one. */
  offline: boolean
  /** Pass-bundle requests under way (requestPassBundles): the QR may still change when they land. */
  bundlesInFlight?: number
}

export interface RulesEntry {
  status: 'loading' | 'done' | 'failed'
  set?: RuleSet
  error?: SerializedError
}

export interface PassState {
  byPerson: Record<string, PersonPass>
  rules: Record<string, RulesEntry>
  /** Device clock minus server clock (ms); 0 when within tolerance. */
  skewMs: number
  /** The destination the traveller picked for a verdict. */
  destination: string | null
  /** The saved display record read at start-up: the first frame's colour, until the pass is verified again. */
  display?: SavedDisplay | null
}

const initialState: PassState = { byPerson: {}, rules: {}, skewMs: 0, destination: null, display: null }

export const emptyPass = (): PersonPass => ({
  provinces: {},
  asked: [],
  refreshing: false,
  refreshedAt: null,
  cachedAt: null,
  offline: false,
})

const passOf = (s: PassState, personId: string): PersonPass => {
  s.byPerson[personId] ??= emptyPass()
  return s.byPerson[personId]
}

export const passSlice = createSlice({
  name: 'pass',
  initialState,
  reducers: {
    cacheRestored(
      s,
      a: PayloadAction<{ personId: string; provinces: Record<string, ProvinceResult>; savedAt: number }>,
    ) {
      const p = passOf(s, a.payload.personId)
      if (p.refreshedAt !== null) return
      p.provinces = { ...a.payload.provinces, ...p.provinces }
      p.cachedAt = a.payload.savedAt
    },
    refreshStarted(s, a: PayloadAction<{ personId: string; provinces: string[] }>) {
      const p = passOf(s, a.payload.personId)
      p.refreshing = true
      p.asked = a.payload.provinces
      for (const id of a.payload.provinces) {
        const prev = p.provinces[id]
        p.provinces[id] = { ...(prev ?? { province: id, tests: [], vaccinations: [] }), status: 'loading' }
      }
    },
    provinceAnswered(s, a: PayloadAction<{ personId: string; result: ProvinceResult; skewMs: number }>) {
      const p = passOf(s, a.payload.personId)
      const { result } = a.payload
      const prev = p.provinces[result.province]
      // A failure keeps the data of the last good answer, so the traveller still sees it, marked.
      p.provinces[result.province] =
        result.status === 'timeout' || result.status === 'failed'
          ? { ...(prev ?? result), province: result.province, status: result.status, error: result.error }
          : result
      s.skewMs = a.payload.skewMs
    },
    refreshFinished(s, a: PayloadAction<{ personId: string; at: number; offline: boolean }>) {
      const p = passOf(s, a.payload.personId)
      p.refreshing = false
      p.offline = a.payload.offline
      if (!a.payload.offline) {
        p.refreshedAt = a.payload.at
        p.cachedAt = null
      }
    },
    provinceForgotten(s, a: PayloadAction<{ province: string }>) {
      for (const p of Object.values(s.byPerson)) {
        delete p.provinces[a.payload.province]
        p.asked = p.asked.filter((x) => x !== a.payload.province)
      }
    },
    rulesLoading(s, a: PayloadAction<string>) {
      s.rules[a.payload] = { ...s.rules[a.payload], status: 'loading' }
    },
    rulesLoaded(s, a: PayloadAction<{ province: string; entry: RulesEntry }>) {
      s.rules[a.payload.province] = a.payload.entry
    },
    destinationChosen(s, a: PayloadAction<string>) {
      s.destination = a.payload
    },
    /** An authority's pass bundle arrived (for claims its last answer holds). */
    passBundleReceived(s, a: PayloadAction<{ personId: string; province: string; record: PassBundleRecord }>) {
      const r = passOf(s, a.payload.personId).provinces[a.payload.province]
      if (r) r.passBundle = a.payload.record
    },
    passBundlesRequested(s, a: PayloadAction<string>) {
      const p = passOf(s, a.payload)
      p.bundlesInFlight = (p.bundlesInFlight ?? 0) + 1
    },
    passBundlesSettled(s, a: PayloadAction<string>) {
      const p = passOf(s, a.payload)
      p.bundlesInFlight = Math.max(0, (p.bundlesInFlight ?? 0) - 1)
    },
    savedDisplayRestored(s, a: PayloadAction<SavedDisplay | null>) {
      s.display = a.payload
    },
  },
  selectors: {
    selectPassOf: (s, personId: string | null): PersonPass | null => (personId ? (s.byPerson[personId] ?? null) : null),
    selectRules: (s) => s.rules,
    selectSkewMs: (s) => s.skewMs,
    selectDestination: (s) => s.destination,
    selectSavedDisplay: (s) => s.display ?? null,
  },
})

export const {
  cacheRestored,
  refreshStarted,
  provinceAnswered,
  refreshFinished,
  provinceForgotten,
  rulesLoading,
  rulesLoaded,
  destinationChosen,
  passBundleReceived,
  passBundlesRequested,
  passBundlesSettled,
  savedDisplayRestored,
} = passSlice.actions
export const { selectPassOf, selectRules, selectSkewMs, selectDestination, selectSavedDisplay } = passSlice.selectors
