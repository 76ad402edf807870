/**
 * A venue registers through its province's plugin and gets its national
 * place-code (the URL printed on the poster). The registration is kept on the
 * device so the poster can be printed again offline.
 */
import { createAsyncThunk, createSlice } from '@reduxjs/toolkit'
import { NpError, type SerializedError, toNpError } from '../../core/errors'
import type { ProvinceCode, VenueRef } from '../../core/model'
import { encodePlaceCode, parsePlaceCodePayload, verifyPlaceCode } from '../../core/placeCode'
import type { ThunkApi } from '../../app/store'
import { registerLazySlice } from '../../app/lazySlices'

const STORAGE_KEY = 'venue.v1'

/** A registered venue and its printable place-code URL. */
export interface RegisteredVenue {
  venue: VenueRef
  placeCode: string
}

export interface VenueState {
  status: 'idle' | 'working' | 'done' | 'error'
  registered: RegisteredVenue | null
  error?: SerializedError
}

const initialState: VenueState = { status: 'idle', registered: null }

type Outcome<T> = { data: T } | { error: SerializedError }

/** Register `name` at `address` with `province`; the signed claim is checked against the trust list before it is printed. */
export const registerVenue = createAsyncThunk<
  Outcome<RegisteredVenue>,
  { province: ProvinceCode; name: string; address: string },
  ThunkApi
>('venue/register', async ({ province, name, address }, { extra }) => {
  const missing = [!name.trim() && 'name', !address.trim() && 'address'].filter(Boolean).join(', ')
  if (missing)
    return { error: new NpError('NP_ERR_VALIDATION', { params: { field: missing, detail: 'required' } }).toJSON() }
  const r = await extra.host.call(province, 'registerVenue', { name: name.trim(), address: address.trim() })
  if ('error' in r) return r
  try {
    // A v2 place-code (what provinces sign now) or a v1 venue claim.
    const placeCode = encodePlaceCode(parsePlaceCodePayload(r.data.claim))
    const trust = await extra.trustList()
    if ('error' in trust) return trust
    const venue = verifyPlaceCode(placeCode, trust.data.value, extra.clock.now())
    const registered = { venue, placeCode }
    extra.storage.write(STORAGE_KEY, registered)
    return { data: registered }
  } catch (e) {
    return { error: toNpError(e, 'NP_ERR_CLAIM_MALFORMED', { plugin: province, hook: 'registerVenue' }).toJSON() }
  }
})

/** The venue registered on this device before, if any. */
export const restoreVenue = createAsyncThunk<RegisteredVenue | null, void, ThunkApi>(
  'venue/restore',
  async (_, { extra }) => {
    const r = extra.storage.read<RegisteredVenue>(STORAGE_KEY)
    return 'value' in r && r.value?.placeCode ? r.value : null
  },
)

export const venueSlice = createSlice({
  name: 'venue',
  initialState,
  reducers: {},
  extraReducers: (b) => {
    b.addCase(registerVenue.pending, (s) => {
      s.status = 'working'
      s.error = undefined
    })
    b.addCase(registerVenue.fulfilled, (s, { payload }) => {
      if ('data' in payload) Object.assign(s, { status: 'done', registered: payload.data, error: undefined })
      else Object.assign(s, { status: 'error', error: payload.error })
    })
    b.addCase(restoreVenue.fulfilled, (s, { payload }) => {
      if (payload && !s.registered) Object.assign(s, { status: 'done', registered: payload })
    })
  },
  selectors: { selectVenue: (s) => s },
})

export const { selectVenue } = venueSlice.selectors

// Injected into the app store when this module loads (issue 16: it travels with its page).
registerLazySlice(venueSlice)
