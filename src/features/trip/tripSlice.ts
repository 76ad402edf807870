/**
 * The trip check: the stops the traveller planned, and for each the verdict
 * at arrival with advice ("take a test before …", "declare arrival in …"),
 * from the one rules engine's `checkTrip`.
 */
import { createAsyncThunk, createSlice, type PayloadAction } from '@reduxjs/toolkit'
import { type SerializedError, toNpError } from '../../core/errors'
import type { ProvinceCode } from '../../core/model'
import type { RuleSet } from '../../core/rules/types'
import { itineraryStays } from '../../core/itinerary'
import { checkTrip, type TripInputs, type TripStop, type TripStopCheck } from '../../core/rules/trip'
import { selectItinerary } from '../national/nationalSlice'
import { selectDeclarationRecords } from '../declare/declareSlice'
import type { RootState, ThunkApi } from '../../app/store'
import { registerLazySlice } from '../../app/lazySlices'
import { selectActivePerson } from '../identity/identitySlice'
import { selectPassOf } from '../pass/passSlice'
import { selectLang } from '../settings/settingsSlice'
import { inputsFromManual, inputsFromPass, type ManualFacts } from './tripInputs'
import { readHeldForeignCerts, selectHeldForeignCerts } from '../foreign/foreignCertsSlice'
import { type ForeignUse, foreignUse } from '../foreign/foreignUse'

/** A stop's check, and whether an unmet rule is an arrival declaration the app can file. */
export type TripCheck = TripStopCheck & { needsDeclaration: boolean }

/** One stop as the traveller is typing it. */
export interface StopDraft {
  /** Stable React key: stops can be removed from the middle. */
  id: number
  province: ProvinceCode | null
  /** `YYYY-MM-DD HH:mm`, Beijing time, as typed. */
  arrival: string
}

/**
 * What the trip form holds, kept here (not in the page) so that leaving the
 * page (to declare, say) and coming back shows the stops the results are for.
 */
export interface TripDraft {
  /** Empty until the traveller first edits: the page then shows one stop at the next full hour. */
  stops: StopDraft[]
  /** Manual PCR times (when the device holds no pass), as typed. */
  sampled: string
  reported: string
}

export interface TripState {
  draft: TripDraft
  status: 'idle' | 'checking' | 'done' | 'failed'
  checks: TripCheck[]
  /** Whose facts were used: the pass on this device, or what the traveller typed. */
  source: 'pass' | 'manual' | null
  checkedAt: number | null
  error: SerializedError | null
  /** The traveller's foreign certificates: which were used, and why the others were not; null when none held. */
  foreign?: Pick<ForeignUse, 'used' | 'notUsed'> | null
}

const initialState: TripState = {
  draft: { stops: [], sampled: '', reported: '' },
  status: 'idle',
  checks: [],
  source: null,
  checkedAt: null,
  error: null,
}

/** The active traveller's pass as trip inputs, or `null` when the device holds none. */
export function selectPassInputs(state: RootState): TripInputs | null {
  const person = selectActivePerson(state)
  const pass = selectPassOf(state, person?.id ?? null)
  if (!person || !pass || !Object.keys(pass.provinces).length) return null
  const inputs = inputsFromPass(Object.values(pass.provinces), person.identity, selectDeclarationRecords(state))
  // The verified itinerary card's cities are stays the rules read before the trip's own stops.
  const itinerary = selectItinerary(state, person.id)?.itinerary
  return itinerary?.verified ? { ...inputs, itinerary: itineraryStays(itinerary) } : inputs
}

/** Checks every stop at its arrival time. Rule sets come from the cache when offline. */
export const tripChecked = createAsyncThunk<
  { checks: TripCheck[]; source: 'pass' | 'manual'; at: number; foreign: Pick<ForeignUse, 'used' | 'notUsed'> | null },
  { stops: TripStop[]; manual: ManualFacts },
  ThunkApi & { rejectValue: SerializedError }
>('trip/checked', async ({ stops, manual }, { extra, getState, rejectWithValue }) => {
  const sets: RuleSet[] = []
  for (const p of [...new Set(stops.map((s) => s.province))]) {
    const r = await extra.ruleSet(p)
    if ('error' in r) return rejectWithValue(r.error)
    sets.push(r.data.value)
  }
  const state = getState()
  const now = extra.clock.now()
  const fromPass = selectPassInputs(state)
  const inputs =
    fromPass ??
    inputsFromManual(
      manual,
      stops.map((s) => s.province),
      now,
      selectDeclarationRecords(state),
    )
  // Verified foreign certificates on the pass add their tests, doses and recoveries (with provenance).
  const personId = selectActivePerson(state)?.id
  const held =
    state.foreignCerts?.status === 'ready'
      ? selectHeldForeignCerts(state, personId)
      : (personId && readHeldForeignCerts(extra.storage)[personId]) || []
  const use = held.length ? foreignUse(held, now, Math.max(now, ...stops.map((s) => s.arrivalAt))) : null
  if (use)
    Object.assign(inputs, {
      tests: [...inputs.tests, ...use.tests],
      vaccinations: [...inputs.vaccinations, ...use.vaccinations],
      recoveries: use.recoveries,
    })
  const foreign = use ? { used: use.used, notUsed: use.notUsed } : null
  const readsDeclarations = new Set(
    sets
      .flatMap((x) => x.rules)
      .filter((r) => r.affectedFields.some((f) => /^(derived|payload)\.declarations/.test(f)))
      .map((r) => r.identifier),
  )
  try {
    const checks = checkTrip(stops, inputs, sets, now, selectLang(state)).map((c) => ({
      ...c,
      needsDeclaration: c.verdict.reasons.some((r) => readsDeclarations.has(r.ruleId)),
    }))
    return { checks, source: fromPass ? 'pass' : 'manual', at: now, foreign }
  } catch (e) {
    return rejectWithValue(toNpError(e, 'NP_ERR_RULES_NONE').toJSON())
  }
})

export const tripSlice = createSlice({
  name: 'trip',
  initialState,
  reducers: {
    tripDraftChanged(s, a: PayloadAction<Partial<TripDraft>>) {
      s.draft = { ...s.draft, ...a.payload }
      // Results without the stops they were for would mislead.
      if (s.draft.stops.length === 0) {
        s.checks = []
        s.status = 'idle'
        s.checkedAt = null
      }
    },
  },
  extraReducers: (b) => {
    b.addCase(tripChecked.pending, (s) => {
      s.status = 'checking'
      s.error = null
    })
    b.addCase(tripChecked.fulfilled, (s, a) => {
      s.status = 'done'
      s.checks = a.payload.checks
      s.source = a.payload.source
      s.checkedAt = a.payload.at
      s.foreign = a.payload.foreign
    })
    b.addCase(tripChecked.rejected, (s, a) => {
      s.status = 'failed'
      s.checks = []
      s.error = a.payload ?? { code: 'NP_ERR_RULES_NONE', message: a.error.message ?? '' }
    })
  },
  selectors: { selectTrip: (s) => s },
})

export const { tripDraftChanged } = tripSlice.actions
export const { selectTrip } = tripSlice.selectors

// Injected into the app store when this module loads (issue 16: it travels with its page).
registerLazySlice(tripSlice)
