import { combineSlices, configureStore } from '@reduxjs/toolkit'
import { settingsSlice } from '../features/settings/settingsSlice'

/** Every feature slice, combined once. Feature slices add themselves here. */
export const rootReducer = combineSlices(settingsSlice)

export type RootState = ReturnType<typeof rootReducer>

/** A fresh store; tests pass `preloaded` state. */
export function makeStore(preloaded?: Partial<RootState>) {
  return configureStore({ reducer: rootReducer, preloadedState: preloaded })
}

export type AppStore = ReturnType<typeof makeStore>
export type AppDispatch = AppStore['dispatch']
