/**
 * Issue 16: a refresh asks the current province first, alone, and the others
 * only once its answer is in (so a cold start's first colour is not queued
 * behind ~100 requests); a current province that hangs holds the others no
 * longer than the lead. Opening the pass twice at once (the page, then the
 * view) runs one refresh. Against the real mock backends.
 */
import type { AxiosInstance } from 'axios'
import { createServices, type Services } from '../../src/app/services'
import { type AppStore, makeStore } from '../../src/app/store'
import { signInWithCode } from '../../src/features/identity/identitySlice'
import { passOpened, refreshPass } from '../../src/features/pass/passThunks'
import { createClock } from '../../src/platform/clock'
import { createSecureStorage } from '../../src/platform/secureStorage'
import { createNodeHttp } from '../../src/sdk/http'
import { type MockServer, startMockServer } from '../../mock/lib/server'
import { allBackends } from '../../mock/provinces'
import { memoryStore } from './checkin-harness'

jest.setTimeout(60_000)
/** Far beyond what the mock needs: no answer turns into a timeout on a busy machine. */
const UNHURRIED = 20_000

let mock: MockServer
beforeAll(async () => {
  mock = await startMockServer({ backends: allBackends })
})
afterAll(async () => {
  await mock.close()
})

interface Asked {
  /** The backend's slug (the last part of its base URL). */
  slug: string
  url: string
  /** Whether the current province had answered when this request was sent. */
  currentAnswered: boolean
}

/**
 * A signed-in traveller whose every province request is recorded once
 * recording starts; `hold(slug)` keeps that backend's requests from being
 * sent until `release()`.
 */
async function traveller() {
  const log: Asked[] = []
  let recording = false
  // Set below, once the services exist; read by their interceptor.
  const ref: { store?: AppStore } = {}
  let personId = ''
  const held = new Set<string>()
  const waiting: Array<() => void> = []
  const currentStatus = () => {
    const s = ref.store?.getState()
    return s ? s.pass.byPerson[personId]?.provinces[s.settings.currentProvince]?.status : undefined
  }
  const clock = createClock(() => Date.now())
  const s: Services = createServices({
    clock,
    storage: createSecureStorage(memoryStore()),
    apiBase: mock.url,
    httpFactory: (c) => {
      const http: AxiosInstance = createNodeHttp(c)
      const slug = c.baseURL.split('/').pop() ?? ''
      http.interceptors.request.use(async (config) => {
        if (recording) {
          const status = currentStatus()
          log.push({ slug, url: config.url ?? '', currentAnswered: status !== undefined && status !== 'loading' })
        }
        if (held.has(slug)) await new Promise<void>((resolve) => waiting.push(resolve))
        return config
      })
      return http
    },
  })
  const store = makeStore(undefined, s)
  ref.store = store
  const r = await store.dispatch(signInWithCode({ code: 'demo-green', source: 'demo' }))
  expect(r.meta.requestStatus).toBe('fulfilled')
  personId = store.getState().identity.activeId as string
  recording = true
  return {
    store,
    personId,
    log,
    hold: (slug: string) => held.add(slug),
    release: () => {
      held.clear()
      for (const w of waiting.splice(0)) w()
    },
  }
}

/**
 * The requests of the province hooks (code, tests, doses, …): not a session's token renewal nor the national
 * trust list, which go out when due.
 */
const hooks = (log: Asked[]) => log.filter((a) => !/\/oauth\/|\/trust-list$/.test(a.url))

/** Until `check()` holds, polling between tasks; fails after `ms` with what was last seen. */
async function until(check: () => boolean, ms = UNHURRIED): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('a refresh asks the current province first', () => {
  test('its three requests go out alone; every other province is asked only once it has answered', async () => {
    const t = await traveller()
    const summary = await t.store.dispatch(
      refreshPass({ personId: t.personId, timeoutMs: UNHURRIED, leadMs: UNHURRIED }),
    )
    expect(summary.payload).toMatchObject({ asked: 32, offline: false })
    const asked = hooks(t.log)
    const current = asked[0].slug
    const firstOther = asked.findIndex((a) => a.slug !== current)
    // The current province's code, tests and doses, and nothing else, before its answer.
    expect(asked.slice(0, firstOther).map((a) => a.slug)).toEqual([current, current, current])
    expect(asked.slice(firstOther).every((a) => a.currentAnswered)).toBe(true)
    expect(new Set(asked.map((a) => a.slug)).size).toBe(32)
  })

  test('a current province that hangs holds the others no longer than the lead; they answer meanwhile', async () => {
    const t = await traveller()
    // Which backend is the current province's: the first one a refresh asks.
    const probe = t.store.dispatch(refreshPass({ personId: t.personId, timeoutMs: UNHURRIED, leadMs: UNHURRIED }))
    await probe
    const current = hooks(t.log)[0].slug
    t.log.length = 0
    t.hold(current)
    const refresh = t.store.dispatch(refreshPass({ personId: t.personId, timeoutMs: UNHURRIED, leadMs: 50 }))
    // Every other province is asked and answers while the current one is still held.
    await until(() => new Set(hooks(t.log).map((a) => a.slug)).size === 32)
    const pass = () => t.store.getState().pass.byPerson[t.personId]
    const code = t.store.getState().settings.currentProvince
    await until(() => Object.entries(pass().provinces).every(([p, r]) => p === code || r.status !== 'loading'))
    expect(pass().provinces[code].status).toBe('loading')
    t.release()
    await refresh
    expect(pass().provinces[code].status).toBe('done')
  })

  test('opening the pass twice at once (the page, then the view) runs one refresh', async () => {
    const t = await traveller()
    const a = t.store.dispatch(passOpened(t.personId))
    const b = t.store.dispatch(passOpened(t.personId))
    expect(b).toBe(a)
    await a
    const current = hooks(t.log)[0].slug
    // One refresh: the current province's three hooks asked once each.
    expect(hooks(t.log).filter((x) => x.slug === current && !/entry-rules|bundle|declaration/.test(x.url)).length).toBe(
      3,
    )
    // Once it is done, opening again refreshes again.
    await t.store.dispatch(passOpened(t.personId))
    expect(hooks(t.log).filter((x) => x.slug === current && !/entry-rules|bundle|declaration/.test(x.url)).length).toBe(
      6,
    )
  })
})
