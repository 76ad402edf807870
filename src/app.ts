import './platform/polyfills'
import { createElement, type PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { appServices } from './app/appServices'
import { makeStore } from './app/store'
import { StoreProvider } from './app/hooks'
import { langFromSystem } from './i18n'
import { systemLanguageRead } from './features/settings/settingsSlice'
import { restoreSettings, persistSettings } from './features/settings/persist'
import { flushCheckIns, restoreCheckIns } from './features/checkin/checkinSlice'
import { startCheckInRetries } from './features/checkin/retry'
import './app.css'

const store = makeStore(undefined, appServices())
restoreSettings(store)
store.subscribe(() => persistSettings(store.getState().settings))
void store.dispatch(restoreCheckIns())
startCheckInRetries(store, appServices().clock.now)
// Back online: send queued check-ins now rather than at the next backoff step.
Taro.onNetworkStatusChange?.((status) => {
  if (status.isConnected) void store.dispatch(flushCheckIns({ force: true }))
})

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    const info = Taro.getSystemInfoSync()
    store.dispatch(systemLanguageRead(langFromSystem(info.language)))
  })
  return createElement(StoreProvider, { store, children })
}

export default App
