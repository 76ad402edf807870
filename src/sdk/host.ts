/**
 * The plugin host: runs one hook of one plugin with a deadline, an
 * AbortSignal, the minimum identity, a redacting log, and validation of the
 * answer. It never throws: every call resolves to `{ data }` or `{ error }`
 * with a catalogued code naming the plugin and the hook (STYLE rules 6, 12).
 */
import type { AxiosInstance } from 'axios'
import { isNpError, NpError, type SerializedError } from '../core/errors'
import type { Identity, IdentityField, VenueRef } from '../core/model'
import type { TrustList } from '../core/trustList'
import type { SignatureCheck } from '../core/claims'
import { createPluginCrypto, createPluginLog, type LogSink, type RandomBytes } from './context'
import { installErrorInterceptor } from './http'
import { guardOrigins } from './manifest'
import { createRedactor } from './redact'
import { type AnyProvincePlugin, pluginLabel, type Registry } from './registry'
import { checkAnswer } from './answers'
import { type SignedHook, verifyAnswer } from './verify'
import type {
  CheckInOptions,
  DeclarationOptions,
  HookName,
  PluginClock,
  PluginConfig,
  PluginContext,
  PluginHooks,
  RiskAreaQuery,
  PassBundleRequest,
  ProxyRequest,
  RefreshOptions,
  SignInCredential,
  TestQuery,
} from './types'
import { createSessionManager, type HostAuth, isHttpStatus } from './sessions'
import type { Verification } from '../core/model'

export { createRegistry, type Registry, type AnyProvincePlugin } from './registry'
export type { LogEntry, LogSink } from './context'
export { type HostAuth, memorySessionStore, type SessionStore } from './sessions'

/** What the caller passes to each hook (the host adds `ctx` and minimises `person`). */
export interface HostArgs {
  getHealthCode: [person: Identity]
  getTestResults: [person: Identity, query: TestQuery]
  getVaccinations: [person: Identity]
  recognizePlaceCode: [text: string]
  checkIn: [venue: VenueRef, person: Identity, options: CheckInOptions]
  entryRules: []
  declarationForm: []
  submitDeclaration: [person: Identity, answers: Record<string, string>, options: DeclarationOptions]
  registerVenue: [venue: { name: string; address: string }]
  getItinerary: [person: Identity]
  getRiskAreas: [query: RiskAreaQuery]
  signIn: [credential: SignInCredential]
  refreshSession: [refreshToken: string, options?: RefreshOptions]
  requestProxy: [member: Identity, request: ProxyRequest]
  revokeProxy: [grantId: string]
  getPassBundle: [request: PassBundleRequest]
}

/** The validated answer of each hook. */
export type HostData<H extends HookName> = Awaited<ReturnType<PluginHooks[H]>>

/** Every host call resolves to one of these; it never rejects. */
export type HostResult<T> = { data: T } | { error: SerializedError }

/** Per-call options. */
export interface CallOptions {
  /** Overrides the plugin's and the host's deadline. */
  timeoutMs?: number
  /** Cancels the call (`NP_ERR_PLUGIN_ABORTED`). */
  signal?: AbortSignal
}

export interface HostOptions {
  registry: Registry
  /** An axios instance bound to `config.baseURL`; called once per hook call. The host installs the error interceptor. */
  httpFactory: (config: PluginConfig) => AxiosInstance
  clock: PluginClock
  configFor: (pluginId: string) => PluginConfig
  /** @default 8000 */
  defaultTimeoutMs?: number
  /** Whether the traveller consented to share identity with this province. */
  consent: (pluginId: string) => boolean
  /** @default entries are dropped */
  logSink?: LogSink
  /** @default `globalThis.crypto.getRandomValues` */
  randomBytes?: RandomBytes
  /**
   * Sign-in per province: every person-taking hook of a plugin with `signIn`
   * runs with that province's session token (`Authorization: Bearer`).
   * Without it, hooks run without a token and provinces refuse personal data.
   */
  auth?: HostAuth
}

export interface Host {
  readonly registry: Registry
  /** Run `hook` of plugin `pluginId` with the host's deadline. */
  call<H extends HookName>(pluginId: string, hook: H, ...args: HostArgs[H]): Promise<HostResult<HostData<H>>>
  /** `call` with a per-call deadline or cancellation signal. */
  callWith<H extends HookName>(
    options: CallOptions,
    pluginId: string,
    hook: H,
    ...args: HostArgs[H]
  ): Promise<HostResult<HostData<H>>>
  /**
   * One `Verification` per object of a validated answer (one for a health
   * code): `verified` when its claim checks against `trustList` at `at` and
   * says what the object says; `unverified('unsigned')` for plugins with
   * `signs: false`; `invalid(code)` otherwise. Never throws.
   * @param at @default clock.now()
   */
  verifyClaims<H extends SignedHook>(
    pluginId: string,
    hook: H,
    data: HostData<H>,
    trustList: TrustList,
    at?: number,
    /** How signatures are checked: @default `verify`; e.g. answers from `precheckClaims` (src/core/claimsAsync.ts). */
    check?: SignatureCheck,
  ): Verification[]
}

/** Where each person-taking hook receives `person` (index in `HostArgs`). */
const PERSON_ARG: Partial<Record<HookName, number>> = {
  getHealthCode: 0,
  getTestResults: 0,
  getVaccinations: 0,
  checkIn: 1,
  submitDeclaration: 0,
  getItinerary: 0,
  requestProxy: 0,
}

/** Hooks that run with the province's session token: every person-taking hook, revoking an authorisation, a pass bundle. */
const NEEDS_SESSION = (hook: HookName): boolean =>
  PERSON_ARG[hook] !== undefined || hook === 'revokeProxy' || hook === 'getPassBundle'

/** Create the host. See {@link HostOptions}. */
export function createHost(options: HostOptions): Host {
  const { registry, clock, logSink = () => undefined } = options
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 8000
  const crypto = createPluginCrypto(options.randomBytes)

  async function invoke<H extends HookName>(
    callOptions: CallOptions,
    pluginId: string,
    hook: H,
    args: HostArgs[H],
  ): Promise<HostResult<HostData<H>>> {
    const plugin = registry.get(pluginId)
    if (!plugin) return { error: new NpError('NP_ERR_PLUGIN_UNKNOWN', { plugin: pluginId, hook }).toJSON() }
    const started = clock.now()
    const personAt = PERSON_ARG[hook]
    const identity = personAt === undefined ? undefined : (args[personAt] as Identity)
    try {
      const data = await runPersonal(plugin, hook, args, identity, callOptions)
      logSink({
        level: 'debug',
        plugin: plugin.id,
        hook,
        message: 'ok',
        fields: { ms: clock.now() - started },
        at: clock.now(),
      })
      return { data }
    } catch (e) {
      const error = toCallError(e, plugin, hook, identity)
      logSink({
        level: 'warn',
        plugin: plugin.id,
        hook,
        message: error.message,
        fields: { code: error.code, ms: clock.now() - started },
        at: clock.now(),
      })
      return { error: error.toJSON() }
    }
  }

  const sessions = options.auth
    ? createSessionManager<CallOptions>(options.auth, {
        now: clock.now,
        signIn: (id, credential, o) => runSignInHook(id, 'signIn', [credential], o),
        refresh: (id, refreshToken, o, deviceKey) =>
          runSignInHook(id, 'refreshSession', deviceKey ? [refreshToken, { deviceKey }] : [refreshToken], o),
      })
    : undefined

  function runSignInHook<H extends 'signIn' | 'refreshSession'>(
    pluginId: string,
    hook: H,
    args: HostArgs[H],
    callOptions: CallOptions,
  ): Promise<HostData<H>> {
    const plugin = registry.get(pluginId) as AnyProvincePlugin
    return runHook(plugin, hook, args, undefined, callOptions)
  }

  /**
   * A person-taking hook with the province's session token: signs in first
   * when there is no live session; a 401 drops the token and the hook is run
   * once more with a renewed one; still 401 is `NP_ERR_AUTH_REQUIRED`, 403 is
   * `NP_ERR_AUTH_FORBIDDEN`. Other hooks run as they are.
   */
  async function runPersonal<H extends HookName>(
    plugin: AnyProvincePlugin,
    hook: H,
    args: HostArgs[H],
    identity: Identity | undefined,
    callOptions: CallOptions,
  ): Promise<HostData<H>> {
    if (!sessions || !NEEDS_SESSION(hook) || typeof plugin.signIn !== 'function')
      return runHook(plugin, hook, args, identity, callOptions)
    const label = pluginLabel(plugin)
    const authError = (code: 'NP_ERR_AUTH_REQUIRED' | 'NP_ERR_AUTH_FORBIDDEN', e: unknown, detail: string) =>
      new NpError(code, { plugin: plugin.id, hook, cause: e, params: { plugin: label, detail } })
    for (let attempt = 0; ; attempt++) {
      const session = await sessions.session(plugin.id, label, callOptions)
      try {
        return await runHook(plugin, hook, args, identity, callOptions, session.accessToken)
      } catch (e) {
        if (isHttpStatus(e, 403)) throw authError('NP_ERR_AUTH_FORBIDDEN', e, 'HTTP 403')
        if (!isHttpStatus(e, 401)) throw e
        sessions.rejected(plugin.id, session.accessToken)
        if (attempt >= 1) throw authError('NP_ERR_AUTH_REQUIRED', e, 'the province refused the renewed session')
      }
    }
  }

  async function runHook<H extends HookName>(
    plugin: AnyProvincePlugin,
    hook: H,
    args: HostArgs[H],
    identity: Identity | undefined,
    callOptions: CallOptions,
    accessToken?: string,
  ): Promise<HostData<H>> {
    const fn = plugin[hook] as ((...a: unknown[]) => unknown) | undefined
    if (typeof fn !== 'function')
      throw new NpError('NP_ERR_PLUGIN_UNSUPPORTED', {
        plugin: plugin.id,
        hook,
        params: { plugin: pluginLabel(plugin) },
      })
    if (callOptions.signal?.aborted)
      throw new NpError('NP_ERR_PLUGIN_ABORTED', { plugin: plugin.id, hook, params: { plugin: pluginLabel(plugin) } })
    const callArgs: unknown[] = [...args]
    const personAt = PERSON_ARG[hook]
    if (personAt !== undefined && identity) callArgs[personAt] = minimise(plugin, identity)

    // recognizePlaceCode is pure and synchronous: no ctx, no deadline to race.
    if (hook === 'recognizePlaceCode') return checkAnswer(plugin, hook, fn.apply(plugin, callArgs))

    const timeoutMs = callOptions.timeoutMs ?? plugin.timeoutMs ?? defaultTimeoutMs
    const controller = new AbortController()
    const label = pluginLabel(plugin)
    let timer: ReturnType<typeof setTimeout> | undefined
    let onCallerAbort: (() => void) | undefined
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const e = new NpError('NP_ERR_PLUGIN_TIMEOUT', {
          plugin: plugin.id,
          hook,
          params: { plugin: label, ms: timeoutMs },
        })
        controller.abort(e)
        reject(e)
      }, timeoutMs)
      onCallerAbort = () => {
        const e = new NpError('NP_ERR_PLUGIN_ABORTED', { plugin: plugin.id, hook, params: { plugin: label } })
        controller.abort(e)
        reject(e)
      }
      callOptions.signal?.addEventListener('abort', onCallerAbort, { once: true })
    })
    const ctx = makeContext(plugin, hook, controller.signal, identity, accessToken)
    const work = Promise.resolve().then(() => fn.apply(plugin, [ctx, ...callArgs]))
    try {
      return checkAnswer(plugin, hook, await Promise.race([work, stop]))
    } finally {
      clearTimeout(timer)
      if (onCallerAbort) callOptions.signal?.removeEventListener('abort', onCallerAbort)
      // The loser of the race still settles; record a late failure instead of leaving it unhandled.
      work.catch((late: unknown) => {
        if (controller.signal.aborted) {
          logSink({
            level: 'debug',
            plugin: plugin.id,
            hook,
            message: 'settled after the deadline',
            fields: { late: String(isNpError(late) ? late.code : 'error') },
            at: clock.now(),
          })
        }
      })
    }
  }

  function makeContext(
    plugin: AnyProvincePlugin,
    hook: HookName,
    signal: AbortSignal,
    identity: Identity | undefined,
    accessToken?: string,
  ): PluginContext {
    const config = options.configFor(plugin.id)
    const http = installErrorInterceptor(options.httpFactory(config))
    // The registry refused plugins without a manifest; keep this one to its declared origins.
    guardOrigins(http, pluginLabel(plugin), plugin.manifest ?? { origins: [] }, config)
    http.interceptors.request.use((request) => {
      request.signal ??= signal
      // The session token goes on every request of the hook; the plugin never handles it.
      if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`)
      return request
    })
    const log = createPluginLog(logSink, { plugin: plugin.id, hook }, clock.now, identity)
    return { http, clock, signal, log: { debug: log.debug, info: log.info, warn: log.warn }, crypto, config }
  }

  function minimise(plugin: AnyProvincePlugin, identity: Identity): Partial<Identity> {
    const fields: readonly IdentityField[] = plugin.identityFields ?? []
    if (fields.length > 0 && !options.consent(plugin.id)) {
      throw new NpError('NP_ERR_CONSENT_REQUIRED', { plugin: plugin.id, params: { plugin: pluginLabel(plugin) } })
    }
    const person: Partial<Identity> = {}
    for (const field of fields) person[field] = identity[field]
    return Object.freeze(person)
  }

  function toCallError(e: unknown, plugin: AnyProvincePlugin, hook: HookName, identity: Identity | undefined): NpError {
    const label = pluginLabel(plugin)
    if (isNpError(e)) {
      if (e.plugin === plugin.id && e.hook === hook) return e
      const params = { ...e.params }
      delete params.plugin
      delete params.hook
      return new NpError(e.code, { plugin: plugin.id, hook, cause: e, params: { ...params, plugin: label } })
    }
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
    const detail = createRedactor(identity).text(message).slice(0, 300)
    return new NpError('NP_ERR_PLUGIN_THREW', { plugin: plugin.id, hook, cause: e, params: { plugin: label, detail } })
  }

  return {
    registry,
    call: (pluginId, hook, ...args) => invoke({}, pluginId, hook, args),
    callWith: (callOptions, pluginId, hook, ...args) => invoke(callOptions, pluginId, hook, args),
    verifyClaims(pluginId, hook, data, trustList, given, check) {
      const at = given ?? clock.now()
      const plugin = registry.get(pluginId)
      const items: unknown[] = Array.isArray(data) ? data : [data]
      if (!plugin) {
        const error = new NpError('NP_ERR_PLUGIN_UNKNOWN', { plugin: pluginId, hook })
        return items.map(() => ({ status: 'invalid', code: error.code, message: error.message }))
      }
      return items.map((item) => verifyAnswer(plugin, hook, item, trustList, at, check))
    },
  }
}
