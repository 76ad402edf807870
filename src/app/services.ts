/**
 * The services thunks reach through `extra`: the plugin host, the trusted
 * clock, encrypted storage, the cached trust list and the cached entry rules.
 * Components never see these; slices call them and keep plain results.
 */
import type { AxiosInstance } from 'axios'
import { NpError, type SerializedError, toNpError } from '../core/errors'
import type { ProvinceCode } from '../core/model'
import { ROOT_PUBLIC_KEY } from '../core/rootKey'
import { loadRuleSet } from '../core/rules/engine'
import type { RuleSet } from '../core/rules/types'
import { type SignedTrustList, type TrustList, verifyTrustList } from '../core/trustList'
import { createHost, createRegistry, type Host } from '../sdk/host'
import { installErrorInterceptor } from '../sdk/http'
import type { PluginConfig } from '../sdk/types'
import { authorities, demoAuthorityConfig } from '../../plugins/authorities'
import type { Clock } from '../platform/clock'
import { randomHex } from '../platform/random'
import type { SecureStorage } from '../platform/secureStorage'

/** How old a cached trust list or rule set may get before the app warns. */
export const TRUST_LIST_MAX_AGE_MS = 24 * 3600_000

export interface Cached<T> {
  value: T
  fetchedAt: number
  version: string
}

export type Outcome<T> = { data: T } | { error: SerializedError }

export interface Services {
  host: Host
  clock: Clock
  storage: SecureStorage
  /** The verified trust list: cached copy at once, refreshed from the national endpoint when online. */
  trustList(options?: { refresh?: boolean }): Promise<Outcome<Cached<TrustList>>>
  /** A province's entry rules, validated; cached per province for offline use. */
  ruleSet(province: ProvinceCode, options?: { refresh?: boolean }): Promise<Outcome<Cached<RuleSet>>>
  /** Consent per province: the host hands identity only to these. */
  consents: ConsentBook
  /** axios bound to `${apiBase}${path}` (national endpoints such as `/identity`), with catalogued errors. */
  http(path: string): AxiosInstance
}

export interface ConsentBook {
  has(pluginId: string): boolean
  set(pluginId: string, given: boolean): void
  all(): Record<string, boolean>
}

export interface ServicesOptions {
  clock: Clock
  storage: SecureStorage
  /** An axios instance bound to a base URL (Taro adapter in the app; Node's in tests). */
  httpFactory: (config: Pick<PluginConfig, 'baseURL'>) => AxiosInstance
  apiBase: string
  /** @default 8000 */
  defaultTimeoutMs?: number
}

const CONSENT_KEY = 'consents'

function createConsentBook(storage: SecureStorage): ConsentBook {
  const read = () => {
    const r = storage.read<Record<string, boolean>>(CONSENT_KEY)
    return 'value' in r && r.value ? r.value : {}
  }
  let book = read()
  return {
    has: (id) => book[id] === true,
    set(id, given) {
      book = { ...book, [id]: given }
      storage.write(CONSENT_KEY, book)
    },
    all: () => ({ ...book }),
  }
}

export function createServices(options: ServicesOptions): Services {
  const { clock, storage, httpFactory, apiBase } = options
  const configs = demoAuthorityConfig(apiBase)
  const consents = createConsentBook(storage)
  const host = createHost({
    registry: createRegistry(authorities),
    httpFactory,
    clock,
    configFor: (id) => configs[id] ?? { baseURL: apiBase },
    defaultTimeoutMs: options.defaultTimeoutMs ?? 8000,
    consent: (id) => consents.has(id),
    // Mini-program runtimes may lack crypto.getRandomValues; the platform's source works everywhere.
    randomBytes: (n) => Uint8Array.from(randomHex(n).match(/../g) ?? [], (h) => Number.parseInt(h, 16)),
  })
  const national = httpFactory({ baseURL: `${apiBase}/national` })

  async function trustList({ refresh = false } = {}): Promise<Outcome<Cached<TrustList>>> {
    const cached = storage.read<Cached<SignedTrustList>>('trustList')
    const fromCache = 'value' in cached && cached.value ? cached.value : null
    const verifyCached = (): Outcome<Cached<TrustList>> | null => {
      if (!fromCache) return null
      try {
        const list = verifyTrustList(fromCache.value, ROOT_PUBLIC_KEY)
        return { data: { value: list, fetchedAt: fromCache.fetchedAt, version: String(list.version) } }
      } catch (e) {
        storage.remove('trustList')
        return { error: toNpError(e, 'NP_ERR_TRUST_LIST_INVALID').toJSON() }
      }
    }
    if (fromCache && !refresh && clock.now() - fromCache.fetchedAt < TRUST_LIST_MAX_AGE_MS) {
      const r = verifyCached()
      if (r && 'data' in r) return r
    }
    try {
      const res = await national.get<SignedTrustList>('/trust-list', { timeout: 8000 })
      const list = verifyTrustList(res.data, ROOT_PUBLIC_KEY)
      const entry = { value: res.data, fetchedAt: clock.now(), version: String(list.version) }
      storage.write('trustList', entry)
      return { data: { value: list, fetchedAt: entry.fetchedAt, version: entry.version } }
    } catch (e) {
      const stale = verifyCached()
      if (stale && 'data' in stale) return stale
      return { error: toNpError(e, 'NP_ERR_TRUST_LIST_INVALID', { params: { detail: String(e) } }).toJSON() }
    }
  }

  async function ruleSet(province: ProvinceCode, { refresh = false } = {}): Promise<Outcome<Cached<RuleSet>>> {
    const key = `rules.${province}`
    const cached = storage.read<Cached<unknown>>(key)
    const fromCache = 'value' in cached && cached.value ? cached.value : null
    const load = (c: Cached<unknown>): Outcome<Cached<RuleSet>> => {
      try {
        return { data: { value: loadRuleSet(c.value), fetchedAt: c.fetchedAt, version: c.version } }
      } catch (e) {
        return { error: toNpError(e, 'NP_ERR_RULES_INVALID').toJSON() }
      }
    }
    if (fromCache && !refresh && clock.now() - fromCache.fetchedAt < TRUST_LIST_MAX_AGE_MS) return load(fromCache)
    const r = await host.call(province, 'entryRules')
    if ('error' in r) {
      if (fromCache) return load(fromCache)
      return r
    }
    const fresh = { value: r.data, fetchedAt: clock.now(), version: '' }
    const loaded = load(fresh)
    if ('data' in loaded) {
      fresh.version = loaded.data.value.version
      storage.write(key, fresh)
      return { data: { ...loaded.data, version: fresh.version } }
    }
    if (fromCache) return load(fromCache)
    return loaded
  }

  const http = (path: string) => installErrorInterceptor(httpFactory({ baseURL: `${apiBase}${path}` }))
  return { host, clock, storage, trustList, ruleSet, consents, http }
}

/** A thunk's failure as the plain object the store keeps. */
export function failure(code: ConstructorParameters<typeof NpError>[0], params: Record<string, string | number> = {}) {
  return new NpError(code, { params }).toJSON()
}
