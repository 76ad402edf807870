/**
 * The national slice and the declaration forms against the real mock server:
 * the itinerary is fetched, verified and saved, then shown from the device
 * with its age when the platform is unreachable; risk-area lists are verified
 * per authority; declaration forms fetched when the pass first loads can be
 * opened offline.
 */
import type { AxiosInstance } from 'axios'
import { type MockServer, startMockServer } from '../../mock/lib/server'
import { allBackends } from '../../mock/provinces'
import { createServices, type Services } from '../../src/app/services'
import { makeStore } from '../../src/app/store'
import { formLoaded, formsPrefetched } from '../../src/features/declare/declareSlice'
import { signInWithCode } from '../../src/features/identity/identitySlice'
import { loadRiskAreas, refreshItinerary } from '../../src/features/national/nationalSlice'
import { createClock } from '../../src/platform/clock'
import { createSecureStorage, type RawStore } from '../../src/platform/secureStorage'
import { createNodeHttp } from '../../src/sdk/http'

let mock: MockServer
beforeAll(async () => {
  mock = await startMockServer({ backends: allBackends })
})
afterAll(() => mock.close())

function memory(): RawStore {
  const m = new Map<string, string>()
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v), remove: (k) => void m.delete(k) }
}

/** Services over Node http; `offline` makes every request fail as the network would. */
function services(raw: RawStore, opts: { offline?: boolean; fault?: string } = {}): Services {
  return createServices({
    clock: createClock(() => Date.now()),
    storage: createSecureStorage(raw),
    apiBase: opts.offline ? 'http://127.0.0.1:1' : mock.url,
    httpFactory: (c) => {
      const http: AxiosInstance = createNodeHttp(c)
      if (opts.fault && c.baseURL.endsWith('/national-platform'))
        http.defaults.headers.common['x-np-fault'] = opts.fault
      return http
    },
  })
}

async function signedIn(s: Services, key: string) {
  const store = makeStore(undefined, s)
  await store.dispatch(signInWithCode({ code: `demo-${key}`, source: 'demo' }))
  return { store, personId: store.getState().identity.activeId as string }
}

test('the itinerary is verified and saved; offline the saved card is shown with when it was saved', async () => {
  const raw = memory()
  const online = await signedIn(services(raw), 'conflicted')
  await online.store.dispatch(refreshItinerary(online.personId))
  const entry = online.store.getState().national.itinerary[online.personId]
  expect(entry).toMatchObject({ status: 'done', itinerary: { verified: true } })
  expect(entry.itinerary?.cities.filter((c) => c.starred).map((c) => c.code)).toEqual(['430100'])

  // The trust list is cached too, so the offline store still knows it; the itinerary comes from the device.
  const offline = services(raw, { offline: true })
  const store = makeStore(online.store.getState() as never, offline)
  await store.dispatch(refreshItinerary(online.personId))
  const again = store.getState().national.itinerary[online.personId]
  expect(again.status).toBe('failed')
  expect(again.error?.code).toBe('NP_ERR_HTTP_NETWORK')
  expect(again.itinerary?.cities).toEqual(entry.itinerary?.cities)
  expect(again.cachedAt).toBeLessThanOrEqual(Date.now())
}, 30_000)

test('a forged itinerary is never shown', async () => {
  const { store, personId } = await signedIn(services(memory(), { fault: 'badsig' }), 'conflicted')
  await store.dispatch(refreshItinerary(personId))
  const entry = store.getState().national.itinerary[personId]
  expect(entry).toMatchObject({ status: 'failed', error: { code: 'NP_ERR_SIGNATURE_INVALID' } })
  expect(entry.itinerary).toBeUndefined()
}, 30_000)

test('risk-area lists are verified per authority; a forged one is refused', async () => {
  const { store } = await signedIn(services(memory()), 'green')
  await store.dispatch(loadRiskAreas(['430000', '110000', '100000']))
  const lists = store.getState().national.riskAreas
  expect(Object.keys(lists).sort()).toEqual(['100000', '110000', '430000'])
  expect(lists['430000'].areas[0].name.zh).toBe('湖南省长沙市芙蓉区五一广场街道')
  const forged = await signedIn(services(memory(), { fault: 'badsig' }), 'green')
  await forged.store.dispatch(loadRiskAreas(['430000']))
  expect(forged.store.getState().national.riskAreas['430000']).toBeUndefined()
  expect(forged.store.getState().national.riskErrors['430000'].code).toBe('NP_ERR_SIGNATURE_INVALID')
}, 30_000)

test('forms fetched when the pass first loads can be opened offline', async () => {
  const raw = memory()
  const { store } = await signedIn(services(raw), 'green')
  await store.dispatch(formsPrefetched())
  const provinces = Object.keys(store.getState().declare.forms)
  expect(provinces.length).toBeGreaterThan(0)
  for (const p of provinces) expect(store.getState().declare.forms[p].status).toBe('done')

  const offline = makeStore(undefined, services(raw, { offline: true }))
  const r = await offline.dispatch(formLoaded(provinces[0]))
  expect(r.meta.requestStatus).toBe('fulfilled')
  expect(offline.getState().declare.forms[provinces[0]]).toMatchObject({
    status: 'done',
    form: { province: provinces[0] },
  })
  // A province never fetched is still the network's typed error.
  const none = makeStore(undefined, services(memory(), { offline: true }))
  expect((await none.dispatch(formLoaded(provinces[0]))).meta.requestStatus).toBe('rejected')
}, 30_000)
