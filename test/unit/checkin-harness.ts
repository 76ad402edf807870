/**
 * A running app minus the UI for check-in tests: real services over Node
 * axios against the mock server, encrypted storage over a Map that outlives
 * any one store (so a "restart" is a new store over the same map), and
 * network trouble on demand: a fault header, or answers lost on the way back.
 */
import { demoPerson } from '../../mock/data/people'
import { AxiosError } from 'axios'
import { createServices, type Services } from '../../src/app/services'
import { makeStore, type AppStore } from '../../src/app/store'
import { createNodeHttp, toHttpError } from '../../src/sdk/http'
import { createClock } from '../../src/platform/clock'
import { createSecureStorage, type RawStore } from '../../src/platform/secureStorage'
import { startMockServer, type MockServer } from '../../mock/lib/server'
import { allBackends } from '../../mock/provinces'
import type { Fault } from '../../mock/lib/types'

export interface Network {
  /** Every request asks the mock for this fault. */
  fault: Fault
  /** This many next answers are dropped after the server handled them (a lost reply). */
  loseAnswers: number
}

export interface Device {
  raw: RawStore & { map: Map<string, string> }
  net: Network
  /** A fresh app over the same device storage (a restart). */
  boot(): { store: AppStore; services: Services }
}

export function memoryStore(): RawStore & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return { map, get: (k) => map.get(k), set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) }
}

/**
 * A device over the mock at `apiBase()`. `credential` signs the traveller in
 * at first boot (as the identity service would after a super-app login).
 */
export function device(
  apiBase: () => string,
  consentTo: string[],
  credential?: () => { kind: 'super-app'; code: string; expiresAt: number },
): Device {
  const raw = memoryStore()
  const net: Network = { fault: 'none', loseAnswers: 0 }
  return {
    raw,
    net,
    boot() {
      const services = createServices({
        clock: createClock(),
        storage: createSecureStorage(raw),
        apiBase: apiBase(),
        defaultTimeoutMs: 3000,
        httpFactory: (config) => {
          const http = createNodeHttp({ baseURL: config.baseURL })
          http.interceptors.request.use((req) => {
            if (net.fault !== 'none') req.headers.set('x-np-fault', net.fault)
            return req
          })
          http.interceptors.response.use((res) => {
            if (net.loseAnswers > 0) {
              net.loseAnswers -= 1
              throw toHttpError(new AxiosError('socket hang up', 'ECONNRESET', res.config))
            }
            return res
          })
          return http
        },
      })
      for (const id of consentTo) services.consents.set(id, true)
      if (credential && !services.signIn.credential()) services.signIn.setCredential(credential())
      return { store: makeStore(undefined, services), services }
    },
  }
}

/** A one-time credential for a DEMO person, issued by the mock's identity service. */
export function credentialFrom(server: () => MockServer, personKey = 'green') {
  return () => {
    const c = server().auth.issueCredential(demoPerson(personKey), Date.now())
    return { kind: 'super-app' as const, code: c.credential, expiresAt: c.expiresAt }
  }
}

/** A mock server that can be stopped and started again on the same port, keeping its backends' state. */
export async function restartableMock(): Promise<{
  url: () => string
  stop(): Promise<void>
  start(): Promise<void>
  server: () => MockServer
}> {
  let server = await startMockServer({ backends: allBackends })
  const port = server.port
  // A province keeps its sessions across a restart.
  const auth = server.auth
  let up = true
  return {
    url: () => `http://127.0.0.1:${port}`,
    server: () => server,
    async stop() {
      if (up) await server.close()
      up = false
    },
    async start() {
      if (!up) server = await startMockServer({ backends: allBackends, port, auth })
      up = true
    },
  }
}

/** What the province backend stored: `GET /<slug>/__admin/checkins`. */
export async function storedCheckIns(base: string, slug: string): Promise<{ count: number; keys: string[] }> {
  const res = await fetch(`${base}/${slug}/__admin/checkins`)
  return (await res.json()) as { count: number; keys: string[] }
}
