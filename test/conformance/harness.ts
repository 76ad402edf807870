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
import { createHost, createRegistry, type Host } from '../../src/sdk/host'
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
  close(): Promise<void>
}

export interface HarnessOptions {
  plugins: readonly AnyProvincePlugin[]
  backends: readonly MockBackend[]
  /** Extra configuration (app keys) per plugin, beside the mock base URL. */
  configOf?: (plugin: AnyProvincePlugin, baseURL: string) => PluginConfig
  consent?: (pluginId: string) => boolean
  defaultTimeoutMs?: number
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
  logs: LogEntry[]
  received: Harness['received']
}

export interface HarnessHostOptions {
  plugins: readonly AnyProvincePlugin[]
  configFor: (plugin: AnyProvincePlugin) => PluginConfig
  consent?: (pluginId: string) => boolean
  defaultTimeoutMs?: number
}

/** The host of {@link startHarness}, for any backend (the conformance CLI points it at a province's staging server). */
export function createHarnessHost(options: HarnessHostOptions): HarnessHost {
  const logs: LogEntry[] = []
  const received: Harness['received'] = []
  const plugins = options.plugins.map((p) => spyOnPerson(p, received))
  const registry = createRegistry(plugins)
  const host = createHost({
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
    logSink: (entry) => logs.push(entry),
  })
  return { host, logs, received }
}

/** Start the mock server and a host over `plugins`. */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const server = await startMockServer({ port: 0, backends: options.backends })
  const configOf = options.configOf ?? ((_p: AnyProvincePlugin, baseURL: string) => ({ baseURL }))
  const { host, logs, received } = createHarnessHost({
    plugins: options.plugins,
    configFor: (plugin) => configOf(plugin, `${server.url}/${plugin.slug}`),
    consent: options.consent,
    defaultTimeoutMs: options.defaultTimeoutMs,
  })
  const signed = await axios.get(`${server.url}/national/trust-list`, { adapter: 'http' })
  const trustList = verifyTrustList(signed.data, DEMO_ROOT_PUBLIC_KEY)
  return { server, host, logs, trustList, received, close: () => server.close() }
}
