/**
 * What the national platform adds to a person's pass: the itinerary card
 * (通信行程卡), verified and cached encrypted so it shows offline with its
 * age; and the risk-area lists in force (verified per authority, cached).
 * Thunks never throw into components (STYLE 12).
 */
import { createAsyncThunk, createSlice, type PayloadAction } from '@reduxjs/toolkit'
import type { SerializedError } from '../../core/errors'
import type { Itinerary } from '../../core/itinerary'
import { NATIONAL_AUTHORITY } from '../../core/nationalAuthority'
import type { RiskAreaList, SignedRiskAreaList } from '../../core/riskAreas'
import { loadVerifiers } from '../verify/load'
import { toNpError } from '../../core/errors'
import type { ThunkApi } from '../../app/store'

/** One person's itinerary as the pass holds it. */
export interface ItineraryEntry {
  status: 'loading' | 'done' | 'failed'
  itinerary?: Itinerary & { verified: boolean }
  /** Why the last fetch failed (the card shown, if any, is the saved one). */
  error?: SerializedError
  /** When the card shown was saved, when it came from the device cache. */
  cachedAt?: number
}

export interface NationalState {
  itinerary: Record<string, ItineraryEntry>
  /** Verified risk-area lists by authority. */
  riskAreas: Record<string, RiskAreaList>
  riskErrors: Record<string, SerializedError>
}

const initialState: NationalState = { itinerary: {}, riskAreas: {}, riskErrors: {} }
const itineraryKey = (personId: string) => `itinerary.${personId}`
const riskKey = (authority: string) => `riskAreas.${authority}`

interface CachedItinerary {
  savedAt: number
  itinerary: Itinerary & { verified: boolean }
}

export const nationalSlice = createSlice({
  name: 'national',
  initialState,
  reducers: {
    itineraryLoading(s, a: PayloadAction<string>) {
      s.itinerary[a.payload] = { ...s.itinerary[a.payload], status: 'loading' }
    },
    itineraryLoaded(s, a: PayloadAction<{ personId: string; entry: ItineraryEntry }>) {
      s.itinerary[a.payload.personId] = a.payload.entry
    },
    riskAreasLoaded(s, a: PayloadAction<{ authority: string; list?: RiskAreaList; error?: SerializedError }>) {
      const { authority, list, error } = a.payload
      if (list) {
        s.riskAreas[authority] = list
        delete s.riskErrors[authority]
      }
      if (error) s.riskErrors[authority] = error
    },
  },
  selectors: {
    selectItinerary: (s, personId: string | null): ItineraryEntry | null =>
      personId ? (s.itinerary[personId] ?? null) : null,
    selectRiskAreas: (s) => s.riskAreas,
  },
})

export const { itineraryLoading, itineraryLoaded, riskAreasLoaded } = nationalSlice.actions
export const { selectItinerary, selectRiskAreas } = nationalSlice.selectors

/**
 * Fetch the person's itinerary from the national platform, verify it against
 * the trust list and save it; on failure keep the saved card, marked with its age.
 * A forged card is never shown (dropped with its error).
 */
export const refreshItinerary = createAsyncThunk<void, string, ThunkApi>(
  'national/refreshItinerary',
  async (personId, { extra, dispatch, getState }) => {
    const person = getState().identity.people.find((p) => p.id === personId)
    if (!person || !extra.host.registry.get(NATIONAL_AUTHORITY)) return
    const saved = extra.storage.read<CachedItinerary>(itineraryKey(personId))
    const cached = 'value' in saved && saved.value ? saved.value : null
    // The saved card shows at once (with its age) while the platform is asked.
    if (cached && !getState().national.itinerary[personId]?.itinerary)
      dispatch(
        itineraryLoaded({
          personId,
          entry: { status: 'loading', itinerary: cached.itinerary, cachedAt: cached.savedAt },
        }),
      )
    else dispatch(itineraryLoading(personId))
    const r = await extra.host.call(NATIONAL_AUTHORITY, 'getItinerary', person.identity)
    if ('error' in r) {
      const entry: ItineraryEntry = cached
        ? { status: 'failed', error: r.error, itinerary: cached.itinerary, cachedAt: cached.savedAt }
        : { status: 'failed', error: r.error }
      dispatch(itineraryLoaded({ personId, entry }))
      return
    }
    const tl = await extra.trustList()
    const verifiers = await loadVerifiers()
    const { verifyItinerary } = verifiers
    const at = extra.clock.now()
    const check = 'data' in tl ? verifyItinerary(r.data, tl.data.value, at) : null
    if (check?.status === 'invalid') {
      dispatch(
        itineraryLoaded({
          personId,
          entry: { status: 'failed', error: { code: check.code, message: check.message } as SerializedError },
        }),
      )
      return
    }
    const itinerary = { ...r.data, verified: check?.status === 'verified' }
    extra.storage.write<CachedItinerary>(itineraryKey(personId), { savedAt: at, itinerary })
    dispatch(itineraryLoaded({ personId, entry: { status: 'done', itinerary } }))
    // A verified card can go into the pass QR: ask the platform to bundle it with its code (one signature).
    if (itinerary.verified && getState().pass.byPerson[personId]?.refreshedAt)
      // At once (no await before it): the pass shows as settled only once this request is under way and done.
      await dispatch(verifiers.requestPassBundles({ personId }))
  },
)

/** Fetch, verify and cache the risk-area lists of `authorities` (through the national platform). */
export const loadRiskAreas = createAsyncThunk<void, readonly string[], ThunkApi>(
  'national/loadRiskAreas',
  async (authorities, { extra, dispatch }) => {
    if (!extra.host.registry.get(NATIONAL_AUTHORITY)) return
    const tl = await extra.trustList()
    const { verifyRiskAreaList } = await loadVerifiers()
    await Promise.all(
      authorities.map(async (authority) => {
        const cached = extra.storage.read<SignedRiskAreaList>(riskKey(authority))
        const fromCache = 'value' in cached && cached.value ? cached.value : null
        const verify = (signed: SignedRiskAreaList): RiskAreaList | SerializedError => {
          if (!('data' in tl)) return tl.error
          try {
            return verifyRiskAreaList(signed, tl.data.value)
          } catch (e) {
            return toNpError(e, 'NP_ERR_SIGNATURE_INVALID').toJSON()
          }
        }
        const r = await extra.host.call(NATIONAL_AUTHORITY, 'getRiskAreas', { authority })
        const fresh = 'data' in r ? verify(r.data) : r.error
        if ('areas' in fresh) {
          if ('data' in r) extra.storage.write(riskKey(authority), r.data)
          dispatch(riskAreasLoaded({ authority, list: fresh }))
          return
        }
        const old = fromCache ? verify(fromCache) : null
        dispatch(riskAreasLoaded({ authority, ...(old && 'areas' in old ? { list: old } : {}), error: fresh }))
      }),
    )
  },
)
