import './platform/polyfills'
import { createElement, type PropsWithChildren } from 'react'
import Taro, { useLaunch } from '@tarojs/taro'
import { loadServices, servicesNow } from './app/serviceLoader'
import { loadUntilLoaded } from './app/codeLoad'
import { randomReady } from './platform/random'
import { systemLanguage } from './platform/systemLanguage'
import { makeStore } from './app/store'
import { StoreProvider } from './app/hooks'
import { langFromSystem } from './i18n'
import { selectLang, systemLanguageRead } from './features/settings/settingsSlice'
import { persistSettings, restoreSettings, trackSettingChoices } from './features/settings/persist'
import { flushCheckIns, restoreCheckIns } from './features/checkin/checkinSlice'
import { startCheckInRetries } from './features/checkin/retry'
import { declarationsFlushed, declarationsRestored } from './features/declare/declareSlice'
import { restoreIdentity } from './features/identity/identitySlice'
import { restoreCachedPass } from './features/pass/passRestore'
import { afterStart, markStart, startOver } from './platform/startMarks'
import { afterFirstFrame, noSavedFrame } from './platform/firstFrame'
import { isPassRoute } from './platform/bootShell'
import { openPassWhenReady } from './app/passOpener'
import { appStorage } from './platform/storage'
import { lazyServices } from './app/lazyServices'
import { savedDisplayRestored } from './features/pass/passSlice'
import { readSavedDisplay } from './features/pass/savedDisplay'
import './app.css'

markStart('np:boot')
/** How long after the first frame the start is over at the latest (./platform/startMarks.ts, `afterStart`). */
const START_AT_MOST_MS = 3000
// The saved display record, where storage is ready at boot (H5; mini-programs seed their randomness first).
const savedAtBoot = randomReady() ? readSavedDisplay(appStorage()) : undefined
// No saved colour to paint first (issue 16, cold start): nothing waits for the first frame (./platform/firstFrame.ts).
const coldStart = savedAtBoot !== undefined && !savedAtBoot?.colour
if (coldStart) noSavedFrame()
// A cold start on the pass page (H5): the pass is opened as soon as who is signed in is known, rather than after the
// page's render and its effect (~80 ms of the start's path); the page's own opening then shares this one.
const openPassAtOnce = process.env.TARO_ENV === 'h5' && coldStart && isPassRoute(location.hash)
const afterFirstFramePromise = () => new Promise<void>((resolve) => afterFirstFrame(resolve))
// Services (the plugin host, its HTTP clients, the clock's saved skew) are made on first use, after the first frame;
// on H5 their code is an async chunk, fetched after the first frame too (thunks dispatched before it wait for it).
let makeServices = servicesNow
// A failed download (no network) shows an error and a retry on the pass page (./app/codeLoad.ts); thunks wait on.
const servicesLoaded = afterFirstFramePromise().then(() =>
  makeServices
    ? undefined
    : loadUntilLoaded(loadServices).then((make) => {
        makeServices = make
      }),
)
const services = lazyServices(() => {
  if (!makeServices) throw new Error('the app services are not loaded yet')
  return makeServices()
})
const store = makeStore(undefined, services, makeServices ? {} : { until: servicesLoaded })
// A language or elder mode chosen before the saved settings are read is kept (they are read after the first frame).
const settingChoices = trackSettingChoices(store)

// The first frame: the saved display record only — one small decrypt (issue 16). Everything else waits for it.
const showSaved = (display = readSavedDisplay(appStorage())) => {
  store.dispatch(savedDisplayRestored(display))
  markStart('np:storage-read')
}
// Mini-programs: secure randomness is asynchronous, so the device key is created once it is seeded; wait for that
// first. Without a secure source nothing is saved (NP_ERR_RANDOM_UNAVAILABLE) and restoring finds nothing.
const storageReady = (): Promise<void> =>
  randomReady()
    ? Promise.resolve()
    : (appStorage().ready?.() ?? Promise.resolve()).catch(() => {
        // NP_ERR_RANDOM_UNAVAILABLE: writes stay in memory for this session.
      })
if (savedAtBoot !== undefined) showSaved(savedAtBoot)
else void storageReady().then(() => showSaved())

// After the first paint: settings, who the traveller is and their saved pass (the pass page then refreshes it),
// check-ins and declarations, whichever page the app opens on (trip, declare, …).
void servicesLoaded.then(() => {
  restoreSettings(store, settingChoices())
  store.subscribe(() => persistSettings(store.getState().settings))
  void storageReady().then(() =>
    store.dispatch(restoreIdentity()).then(() => {
      const personId = store.getState().identity.activeId
      if (!personId) return
      void store.dispatch(restoreCachedPass(personId))
      if (openPassAtOnce) openPassWhenReady(store.dispatch, personId)
    }),
  )
  // The queued check-ins and declarations: on a cold start on the pass page, once its start is over (their reads took
  // ~10 ms before the current province was asked); elsewhere at once (the declare page shows its queue).
  const queues = () => {
    void store.dispatch(restoreCheckIns())
    startCheckInRetries(store, () => services.clock.now())
    void store.dispatch(declarationsRestored())
    // Queued declarations are retried app-wide, not only while their page is open.
    setInterval(() => {
      if (store.getState().declare.queue.length > 0) void store.dispatch(declarationsFlushed())
    }, 30_000)
    // Back online: send queued check-ins and declarations now rather than at the next backoff step.
    Taro.onNetworkStatusChange?.((status) => {
      if (!status.isConnected) return
      void store.dispatch(flushCheckIns({ force: true }))
      if (store.getState().declare.queue.length > 0) void store.dispatch(declarationsFlushed({ force: true }))
    })
  }
  if (openPassAtOnce) afterStart(queues)
  else queues()
})
// The start is over at the first verified colour or when the refresh is done; at the latest this long after the
// first frame (a page that shows no pass, a traveller not signed in).
afterFirstFrame(() => setTimeout(startOver, START_AT_MOST_MS))

// The H5 app's service worker (offline start, update banner): production H5 builds only, so the
// mini-programs and dev:h5 carry none of it. Registered once the start is over (`afterStart`): its chunk took ~12 ms of a cold start's path.
if (process.env.TARO_ENV === 'h5' && process.env.NODE_ENV === 'production') {
  afterStart(() => {
    void import('./platform/serviceWorker').then(({ registerServiceWorker }) =>
      registerServiceWorker({ lang: () => selectLang(store.getState()) }),
    )
  })
} else if (process.env.TARO_ENV === 'h5' && process.env.NODE_ENV === 'development') {
  // dev:h5 served where a production build ran before: drop its worker, which would keep serving the old app.
  void navigator.serviceWorker?.getRegistrations().then((rs) => rs.forEach((r) => void r.unregister()))
}

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    store.dispatch(systemLanguageRead(langFromSystem(systemLanguage())))
  })
  return createElement(StoreProvider, { store, children })
}

export default App
