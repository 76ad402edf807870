import { createElement, type PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { appServices } from './app/appServices'
import { makeStore } from './app/store'
import { StoreProvider } from './app/hooks'
import { langFromSystem } from './i18n'
import { systemLanguageRead } from './features/settings/settingsSlice'
import { restoreSettings, persistSettings } from './features/settings/persist'
import './app.css'

const store = makeStore(undefined, appServices())
restoreSettings(store)
store.subscribe(() => persistSettings(store.getState().settings))

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    const info = Taro.getSystemInfoSync()
    store.dispatch(systemLanguageRead(langFromSystem(info.language)))
  })
  return createElement(StoreProvider, { store, children })
}

export default App
