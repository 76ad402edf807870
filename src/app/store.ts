import { combineSlices, configureStore } from '@reduxjs/toolkit'
import { settingsSlice } from '../features/settings/settingsSlice'
import { identitySlice } from '../features/identity/identitySlice'
import { passSlice } from '../features/pass/passSlice'
import { checkinSlice } from '../features/checkin/checkinSlice'
import { venueSlice } from '../features/venue/venueSlice'
import { guardSlice } from '../features/guard/guardSlice'
import { tripSlice } from '../features/trip/tripSlice'
import { declareSlice } from '../features/declare/declareSlice'
import { nationalSlice } from '../features/national/nationalSlice'
import { foreignCertsSlice } from '../features/foreign/foreignCertsSlice'
import type { Services } from './services'

/** Every feature slice, combined once. Feature slices add themselves here. */
export const rootReducer = combineSlices(
  settingsSlice,
  identitySlice,
  passSlice,
  checkinSlice,
  venueSlice,
  guardSlice,
  tripSlice,
  declareSlice,
  nationalSlice,
  foreignCertsSlice,
)

export type RootState = ReturnType<typeof rootReducer>

/**
 * A fresh store. Thunks reach the plugin host, clock and storage through the
 * thunk `extra` argument; tests pass their own `services` and `preloaded` state.
 */
export function makeStore(preloaded?: Partial<RootState>, services?: Services) {
  return configureStore({
    reducer: rootReducer,
    preloadedState: preloaded,
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: services as Services } }),
  })
}

export type AppStore = ReturnType<typeof makeStore>
export type AppDispatch = AppStore['dispatch']

/** For `createAsyncThunk<…, ThunkApi>`: typed state, dispatch and services. */
export interface ThunkApi {
  state: RootState
  dispatch: AppDispatch
  extra: Services
}
