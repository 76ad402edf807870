/**
 * The guard page's own store, for where it runs as an independent subpackage
 * (weapp, issue 16): WeChat starts it without the main package, so there is
 * no app.js, no `App` and no app store. Only what the guard needs: settings
 * (language, elder mode, restored from storage and kept) and the guard slice,
 * over the same app services (trust list, rules, storage). Made once per
 * bundle: the independent package has its own copy of every module anyway.
 */
import { combineSlices, configureStore } from '@reduxjs/toolkit'
import { systemLanguage } from '../../platform/systemLanguage'
import { appServices } from '../../app/appServices'
import type { AppStore } from '../../app/store'
import { guardSlice } from '../../features/guard/guardSlice'
import { persistSettings, restoreSettings } from '../../features/settings/persist'
import { settingsSlice, systemLanguageRead } from '../../features/settings/settingsSlice'
import { langFromSystem } from '../../i18n'

let store: AppStore | undefined

/** The guard's store; it holds the settings and guard slices only (what the guard page selects). */
export function guardStore(): AppStore {
  if (store) return store
  const s = configureStore({
    reducer: combineSlices(settingsSlice, guardSlice),
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: appServices() } }),
  })
  // The guard page reads settings and guard state only; the other slices are absent here by design.
  store = s as unknown as AppStore
  restoreSettings(store)
  s.subscribe(() => persistSettings(s.getState().settings))
  s.dispatch(systemLanguageRead(langFromSystem(systemLanguage())))
  return store
}
