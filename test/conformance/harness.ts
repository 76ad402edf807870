/**
 * Test harness shared by the conformance and isolation suites: a mock server,
 * a host wired to it with Node axios, captured logs, the verified DEMO trust
 * list, and per-call fault injection (AsyncLocalStorage carries the fault from
 * the test's call into the host's `httpFactory`, so calls in parallel can each
 * ask for their own fault).
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import axios from 'axios'
import type { IdentityField } from '../../src/core/model'
import { type TrustList, verifyTrustList } from '../../src/core/trustList'
import type { LogEntry } from '../../src/sdk/context'
import { createHost, createRegistry, type Host, type HostOptions, memorySessionStore } from '../../src/sdk/host'
import type { SessionStore } from '../../src/sdk/sessions'
import { createNodeHttp } from '../../src/sdk/http'
import type { AnyProvincePlugin } from '../../src/sdk/registry'
import type { PluginConfig, ProvincePlugin } from '../../src/sdk/types'
import { DEMO_ROOT_PUBLIC_KEY } from '../../mock/keys'
import { startMockServer, type MockServer } from '../../mock/lib/server'
import type { Fault, MockBackend } from '../../mock/lib/types'

const faultScope = new AsyncLocalStorage<Fault>()

/** Run `fn` (a host call) with every request it makes asking the mock for `fault`. */
export function withFault<T>(fault: Fault, fn: () => Promise<T>): Promise<T> {
  return faultScope.run(fault, fn)
}

export interface Harness {
  server: MockServer
  host: Host
  logs: LogEntry[]
  trustList: TrustList
  /** The person each plugin received, per hook call, in order. */
  received: Array<{ plugin: string; hook: string; person: object }>
  /** The same plugins and server, with no sign-in: personal calls carry no token. */
  bareHost: Host
  /** The host's sessions per province (signed in as {@link HarnessOptions.signInAs}). */
  sessions: SessionStore & { map: Map<string, unknown> }
  close(): Promise<void>
}

/**
 * A fresh one-time credential for a DEMO person, as the app gets it: the
 * super-app login code exchanged at the identity service.
 */
export async function demoCredential(serverUrl: string, personKey: string) {
  const res = await axios.post(`${serverUrl}/identity/login`, { code: `demo-${personKey}` }, { adapter: 'http' })
  return { kind: 'super-app' as const, code: String(res.data.credential), expiresAt: Number(res.data.expiresAt) }
}

export interface HarnessOptions {
  plugins: readonly AnyProvincePlugin[]
  backends: readonly MockBackend[]
  /** Extra configuration (app keys) per plugin, beside the mock base URL. */
  configOf?: (plugin: AnyProvincePlugin, baseURL: string) => PluginConfig
  consent?: (pluginId: string) => boolean
  defaultTimeoutMs?: number
  /** The DEMO person the host signs in as; `null`: no sign-in at all. @default 'green' */
  signInAs?: string | null
}

/** Hooks that take `person`, and where (after `ctx`). */
const PERSON_AT: Record<string, number> = {
  getHealthCode: 1,
  getTestResults: 1,
  getVaccinations: 1,
  checkIn: 2,
  submitDeclaration: 1,
}

/** A copy of `plugin` whose person-taking hooks record the person they receive. */
export function spyOnPerson(plugin: AnyProvincePlugin, received: Harness['received']): AnyProvincePlugin {
  const copy: Record<string, unknown> = { ...(plugin as object) }
  for (const [hook, at] of Object.entries(PERSON_AT)) {
    const original = (plugin as unknown as Record<string, unknown>)[hook]
    if (typeof original !== 'function') continue
    copy[hook] = (...args: unknown[]) => {
      received.push({ plugin: plugin.id, hook, person: args[at] as object })
      return (original as (...a: unknown[]) => unknown).apply(plugin, args)
    }
  }
  return copy as unknown as ProvincePlugin<IdentityField>
}

/** A host over `plugins` with captured logs and received persons; faults from {@link withFault} become the `x-np-fault` header. */
export interface HarnessHost {
  host: Host
  /** The same plugins with no sign-in: personal calls carry no token. */
  bareHost: Host
  logs: LogEntry[]
  received: Harness['received']
}

export interface HarnessHostOptions {
  plugins: readonly AnyProvincePlugin[]
  configFor: (plugin: AnyProvincePlugin) => PluginConfig
  consent?: (pluginId: string) => boolean
  defaultTimeoutMs?: number
  /** How `host` signs in (sessions + credential); without it, `host` is as bare as `bareHost`. */
  auth?: HostOptions['auth']
}

/** The host of {@link startHarness}, for any backend (the conformance CLI points it at a province's staging server). */
export function createHarnessHost(options: HarnessHostOptions): HarnessHost {
  const logs: LogEntry[] = []
  const received: Harness['received'] = []
  const plugins = options.plugins.map((p) => spyOnPerson(p, received))
  const registry = createRegistry(plugins)
  const hostOptions: HostOptions = {
    registry,
    httpFactory: (config) => {
      const http = createNodeHttp(config)
      const fault = faultScope.getStore()
      if (fault && fault !== 'none') http.defaults.headers.common['x-np-fault'] = fault
      return http
    },
    clock: { now: () => Date.now() },
    configFor: (id) => {
      const plugin = registry.get(id)
      if (!plugin) throw new Error(`no plugin ${id}`)
      return options.configFor(plugin)
    },
    consent: options.consent ?? (() => true),
    defaultTimeoutMs: options.defaultTimeoutMs ?? 8000,
    logSink: (entry: LogEntry) => logs.push(entry),
  }
  const host = createHost({ ...hostOptions, ...(options.auth ? { auth: options.auth } : {}) })
  const bareHost = createHost(hostOptions)
  return { host, bareHost, logs, received }
}

/** Start the mock server and a host over `plugins`. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const server = await startMockServer({ port: 0, backends: options.backends })
  const configOf = options.configOf ?? ((_p: AnyProvincePlugin, baseURL: string) => ({ baseURL }))
  const sessions = memorySessionStore()
  const signInAs = options.signInAs === undefined ? 'green' : options.signInAs
  const { host, bareHost, logs, received } = createHarnessHost({
    plugins: options.plugins,
    configFor: (plugin) => configOf(plugin, `${server.url}/${plugin.slug}`),
    consent: options.consent,
    defaultTimeoutMs: options.defaultTimeoutMs,
    ...(signInAs ? { auth: { sessions, credential: () => demoCredential(server.url, signInAs) } } : {}),
  })
  const signed = await axios.get(`${server.url}/national/trust-list`, { adapter: 'http' })
  const trustList = verifyTrustList(signed.data, DEMO_ROOT_PUBLIC_KEY)
  return { server, host, bareHost, logs, trustList, received, sessions, close: () => server.close() }
}
