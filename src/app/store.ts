import {
  combineSlices,
  configureStore,
  type Middleware,
  type Reducer,
  unwrapResult,
  type WithSlice,
} from '@reduxjs/toolkit'
import { settingsSlice } from '../features/settings/settingsSlice'
import { identitySlice } from '../features/identity/identitySlice'
import { passSlice } from '../features/pass/passSlice'
import { checkinSlice } from '../features/checkin/checkinSlice'
import { declareSlice } from '../features/declare/declareSlice'
import { nationalSlice } from '../features/national/nationalSlice'
import { foreignCertsSlice } from '../features/foreign/foreignCertsSlice'
// Types only: these features' code loads with their pages (./lazySlices.ts), never with the store.
import type { venueSlice } from '../features/venue/venueSlice'
import type { guardSlice } from '../features/guard/guardSlice'
import type { tripSlice } from '../features/trip/tripSlice'
import { onLazySlice } from './lazySlices'
import type { Services } from './services'

/**
 * The slices every start needs (the pass page and its foreign-certificate
 * card, and the check-in and declaration queues retried app-wide), combined once.
 */
const startSlices = combineSlices(
  settingsSlice,
  identitySlice,
  passSlice,
  checkinSlice,
  declareSlice,
  nationalSlice,
  foreignCertsSlice,
)

/** The slices injected when their page loads (issue 16): venue, trip, guard. */
type LoadedWithTheirPage = WithSlice<typeof venueSlice> & WithSlice<typeof guardSlice> & WithSlice<typeof tripSlice>

/**
 * The root reducer: the start slices, and each feature slice injected when
 * its module loads (Redux Toolkit 2 `combineSlices(...).inject`).
 */
export const rootReducer = startSlices.withLazyLoadedSlices<LoadedWithTheirPage>()
onLazySlice((slice) => void rootReducer.inject(slice as never))

/**
 * The app state. A page's slice is there once its module has loaded (the
 * store fills it in at once, ./lazySlices.ts): whatever reads it imports it.
 */
export type RootState = ReturnType<typeof startSlices> & LoadedWithTheirPage

/** The action a store gets when a feature slice is injected, so its state is there before anything reads it. */
export const SLICE_LOADED = 'app/sliceLoaded'

export interface StoreOptions {
  /** Thunks dispatched before this settles wait for it (H5: the services' code is an async chunk). */
  until?: Promise<unknown>
}

/**
 * Thunks wait until `until` settles; plain actions pass at once. The promise a
 * waiting thunk's dispatch returns keeps `abort()` and `unwrap()` (createAsyncThunk's).
 */
function thunksWaitFor(until: Promise<unknown>): Middleware {
  let ready = false
  const settled = until.then(
    () => {
      ready = true
    },
    () => {
      ready = true
    },
  )
  return () => (next) => (action) => {
    if (ready || typeof action !== 'function') return next(action)
    let inner: { abort?: (reason?: string) => void } | undefined
    const result = settled.then(() => {
      inner = next(action) as typeof inner
      return inner
    })
    return Object.assign(result, {
      abort: (reason?: string) => inner?.abort?.(reason),
      unwrap: () => result.then((r) => unwrapResult(r as never)),
    })
  }
}

/**
 * A fresh store. Thunks reach the plugin host, clock and storage through the
 * thunk `extra` argument; tests pass their own `services` and `preloaded` state.
 */
export function makeStore(preloaded?: Partial<RootState>, services?: Services, options: StoreOptions = {}) {
  const store = configureStore({
    reducer: rootReducer as unknown as Reducer<RootState>,
    preloadedState: preloaded as RootState | undefined,
    middleware: (getDefault) => {
      const all = getDefault({ thunk: { extraArgument: services as Services } })
      return options.until ? all.prepend(thunksWaitFor(options.until)) : all
    },
  })
  onLazySlice((slice) => {
    if ((store.getState() as unknown as Record<string, unknown>)[slice.reducerPath] === undefined)
      store.dispatch({ type: SLICE_LOADED, payload: slice.reducerPath })
  })
  return store
}

export type AppStore = ReturnType<typeof makeStore>
export type AppDispatch = AppStore['dispatch']

/** For `createAsyncThunk<…, ThunkApi>`: typed state, dispatch and services. */
export interface ThunkApi {
  state: RootState
  dispatch: AppDispatch
  extra: Services
}
