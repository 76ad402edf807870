/**
 * The services thunks reach through `extra`: the plugin host, the trusted
 * clock, encrypted storage, the cached trust list and the cached entry rules.
 * Components never see these; slices call them and keep plain results.
 */
import type { AxiosInstance } from 'axios'
import { formatDuration, NpError, type SerializedError, toNpError } from '../core/errors'
import type { ProvinceCode } from '../core/model'
import { ROOT_PUBLIC_KEY } from '../core/rootKey'
import type { RuleSet } from '../core/rules/types'
import { acceptRuleSet, verifyRuleSetAsync } from '../core/signedRules'
import { verifyAsync } from '../core/ed25519Async'
import {
  acceptTrustList,
  type SignedTrustList,
  type TrustList,
  trustListDue,
  trustListState,
  verifyTrustListAsync,
} from '../core/trustList'
import type { ForeignTrustList, SignedForeignTrustList } from '../core/foreign/trust'
import { acceptForeignTrustList, openForeignTrustList } from '../core/foreign/trustEnvelope'
import { createHost, createRegistry, type Host } from '../sdk/host'
import { installErrorInterceptor } from '../sdk/http'
import type { PluginConfig, PluginSession, SignInCredential } from '../sdk/types'
import type { SessionStore } from '../sdk/sessions'
import { authorities, demoAuthorityConfig } from '../../plugins/authorities'
import type { Clock } from '../platform/clock'
import { randomBytes } from '../platform/random'
import { afterNextPaint } from '../platform/firstFrame'
import { base64urlEncode } from '../core/bytes'
import { ensurePhoneKey } from '../features/identity/phoneKey'
import type { SecureStorage } from '../platform/secureStorage'
import { CLOCK_KEY, CONSENT_KEY, sessionKey, TRUST_LIST_KEY } from '../platform/storageKeys'

/** How old a cached trust list or rule set may get before the app warns. */
export const TRUST_LIST_MAX_AGE_MS = 24 * 3600_000

export interface Cached<T> {
  value: T
  /**
   * When it was fetched; for the trust list its issue time when that is
   * earlier, so re-serving an old list cannot make it look new.
   */
  fetchedAt: number
  version: string
  /**
   * Why an update was refused (`NP_ERR_TRUST_LIST_ROLLBACK`,
   * `NP_ERR_RULES_ROLLBACK`, an unsigned update) or that the list is past its
   * next update (`NP_ERR_TRUST_LIST_STALE` / `_EXPIRED`): `value` is still the
   * newest valid one held.
   */
  warning?: SerializedError
}

/** A verified list as cached: its age counts from its issue when that is earlier than the fetch. */
function asCached(list: TrustList, fetchedAt: number): Cached<TrustList> {
  return { value: list, fetchedAt: Math.min(fetchedAt, list.issuedAt), version: String(list.version) }
}

export type Outcome<T> = { data: T } | { error: SerializedError }

export interface Services {
  host: Host
  clock: Clock
  storage: SecureStorage
  /** The verified trust list: cached copy at once, refreshed from the national endpoint when online. */
  trustList(options?: { refresh?: boolean }): Promise<Outcome<Cached<TrustList>>>
  /**
   * A province's entry rules: signed by a key the trust list lists for the
   * province (`verifyRuleSet`), never older than those held; cached signed per
   * province for offline use and re-verified on every load.
   */
  ruleSet(province: ProvinceCode, options?: { refresh?: boolean }): Promise<Outcome<Cached<RuleSet>>>
  /** Consent per province: the host hands identity only to these. */
  consents: ConsentBook
  /** axios bound to `${apiBase}${path}` (national endpoints such as `/identity`), with catalogued errors. */
  http(path: string): AxiosInstance
  /**
   * The verified foreign trust list (EU DSCs, SHC issuers), cached like the
   * trust list; a fetched list older than the cached one is refused (rollback).
   */
  foreignTrustList?(options?: { refresh?: boolean }): Promise<Outcome<Cached<ForeignTrustList>>>
  /** Who is signed in to the provinces: the credential and each province's session (encrypted, never logged). */
  signIn: SignInBook
}

/** The signed-in person's credential and sessions. */
export interface SignInBook {
  /** A new sign-in: keep its credential and forget every province's session of the previous one. */
  setCredential(credential: SignInCredential): void
  credential(): SignInCredential | undefined
  /** Sessions per province, as the host keeps them. */
  sessions: SessionStore
  /** The province's session, for showing whose codes are shown (masked subject). */
  session(pluginId: string): PluginSession | undefined
  signOut(): void
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

const CREDENTIAL_KEY = 'auth.credential'
/** Before issue 16's cold start work: every province's session in one record (read and split once, then removed). */
const LEGACY_SESSIONS_KEY = 'auth.sessions'
/** Which provinces have a session record, so a new sign-in or a sign-out forgets every one of them. */
const SESSION_IDS_KEY = 'auth.session-ids'

/**
 * The sign-in book over encrypted storage. Sessions are kept one record per
 * province (issue 16: the first province a cold start asks decrypted the whole
 * 17 KB record of every session, ~15–35 ms on the path to its colour), with an
 * index of which provinces have one. A store from before keeps its sessions:
 * the old single record is split into per-province records the first time a
 * session is read or written, then removed.
 */
export function createSignInBook(
  storage: SecureStorage,
  /** Every plugin's id: forgotten too on a new sign-in or a sign-out, should the index itself be lost. */
  pluginIds: readonly string[] = [],
): SignInBook {
  const readIds = (): string[] => {
    const r = storage.read<string[]>(SESSION_IDS_KEY)
    return 'value' in r && Array.isArray(r.value) ? r.value.filter((x) => typeof x === 'string') : []
  }
  const writeIds = (ids: string[]) => {
    if (ids.length > 0) storage.write(SESSION_IDS_KEY, ids)
    else storage.remove(SESSION_IDS_KEY)
  }
  let migrated = false
  /** The old single record, split once (a tampered one is moved aside by the storage and reported there). */
  const migrate = () => {
    if (migrated) return
    migrated = true
    const r = storage.read<Record<string, PluginSession>>(LEGACY_SESSIONS_KEY)
    if (!('value' in r) || !r.value || typeof r.value !== 'object') return
    const ids = new Set(readIds())
    for (const [id, session] of Object.entries(r.value)) {
      if (!session) continue
      // A session written since (per province) is newer than the old record's.
      const current = storage.read<PluginSession>(sessionKey(id))
      if ('value' in current && current.value) continue
      storage.write(sessionKey(id), session)
      ids.add(id)
    }
    writeIds([...ids])
    storage.remove(LEGACY_SESSIONS_KEY)
  }
  const forgetAll = () => {
    for (const id of new Set([...readIds(), ...pluginIds])) storage.remove(sessionKey(id))
    storage.remove(SESSION_IDS_KEY)
    storage.remove(LEGACY_SESSIONS_KEY)
    migrated = true
  }
  const sessions: SessionStore = {
    get(id) {
      migrate()
      const r = storage.read<PluginSession>(sessionKey(id))
      return 'value' in r && r.value ? r.value : undefined
    },
    set(id, session) {
      migrate()
      const ids = readIds()
      if (session) {
        storage.write(sessionKey(id), session)
        if (!ids.includes(id)) writeIds([...ids, id])
      } else {
        storage.remove(sessionKey(id))
        if (ids.includes(id)) writeIds(ids.filter((x) => x !== id))
      }
    },
  }
  return {
    setCredential(credential) {
      storage.write(CREDENTIAL_KEY, credential)
      forgetAll()
    },
    credential() {
      const r = storage.read<SignInCredential>(CREDENTIAL_KEY)
      return 'value' in r && r.value ? r.value : undefined
    },
    sessions,
    session: (id) => sessions.get(id),
    signOut() {
      storage.remove(CREDENTIAL_KEY)
      forgetAll()
    },
  }
}

export function createServices(options: ServicesOptions): Services {
  const { clock, storage, httpFactory, apiBase } = options
  const configs = demoAuthorityConfig(apiBase)
  const consents = createConsentBook(storage)
  const signIn = createSignInBook(
    storage,
    authorities.map((a) => a.id),
  )
  const host = createHost({
    registry: createRegistry(authorities),
    httpFactory,
    clock,
    configFor: (id) => configs[id] ?? { baseURL: apiBase },
    defaultTimeoutMs: options.defaultTimeoutMs ?? 8000,
    consent: (id) => consents.has(id),
    // The platform's CSPRNG (crypto.getRandomValues, or wx/my.getRandomValues through a seeded DRBG).
    randomBytes,
    auth: {
      sessions: signIn.sessions,
      credential: () => signIn.credential(),
      // Holder binding: this phone's key (made once, from the platform CSPRNG), certified at each sign-in.
      deviceKey: () => base64urlEncode(ensurePhoneKey(storage, clock.now()).publicKey),
    },
  })
  const national = httpFactory({ baseURL: `${apiBase}/national` })
  let clockPending: { skewMs: number; lastServerAt: number } | undefined
  // What the clock learned survives a restart (an offline guard still judges on corrected time).
  clock.remember?.({
    read: () => {
      const r = storage.read<{ skewMs: number; lastServerAt: number }>(CLOCK_KEY)
      return 'value' in r ? r.value : null
    },
    // After the next paint, the latest value once: the first answer's observation wrote (encrypted) between that
    // answer and its colour on a cold start (~4 ms, issue 16). A value not yet written is only the last few ms' news.
    write: (value) => {
      const first = clockPending === undefined
      clockPending = value
      if (first)
        afterNextPaint(() => {
          const v = clockPending
          clockPending = undefined
          if (v) storage.write(CLOCK_KEY, v)
        })
    },
  })

  // The last trust list verified, by its exact signed bytes: every rule set and refresh asks for the list, and the
  // same payload and signature under the same root verify the same way (a pure-JS verify per ask cost the start).
  // The signature by WebCrypto where the runtime has it (src/core/ed25519Async.ts), else the same pure-JS check.
  // A check still under way is shared too (at start the refresh and the rules ask at once); a failed one is not kept.
  let lastVerified: { payload: string; sig: string; list: Promise<TrustList> } | null = null
  const verifiedList = (signed: SignedTrustList): Promise<TrustList> => {
    if (lastVerified && lastVerified.payload === signed.payload && lastVerified.sig === signed.sig)
      return lastVerified.list
    const entry = {
      payload: signed.payload,
      sig: signed.sig,
      list: verifyTrustListAsync(signed, ROOT_PUBLIC_KEY, verifyAsync),
    }
    lastVerified = entry
    entry.list.catch(() => {
      if (lastVerified === entry) lastVerified = null
    })
    return entry.list
  }

  async function trustList({ refresh = false } = {}): Promise<Outcome<Cached<TrustList>>> {
    const cached = storage.read<Cached<SignedTrustList>>(TRUST_LIST_KEY)
    const fromCache = 'value' in cached && cached.value ? cached.value : null
    const now = clock.now()
    let held: Cached<TrustList> | null = null
    let heldError: SerializedError | null = null
    if (fromCache) {
      try {
        const list = await verifiedList(fromCache.value)
        held = asCached(list, fromCache.fetchedAt)
      } catch (e) {
        storage.remove(TRUST_LIST_KEY)
        heldError = toNpError(e, 'NP_ERR_TRUST_LIST_INVALID').toJSON()
      }
    }
    const withState = (c: Cached<TrustList>, warning?: SerializedError): Outcome<Cached<TrustList>> => {
      const state = trustListState(c.value, clock.now())
      const stale =
        state === 'current'
          ? undefined
          : new NpError(state === 'stale' ? 'NP_ERR_TRUST_LIST_STALE' : 'NP_ERR_TRUST_LIST_EXPIRED', {
              params: {
                age: formatDuration(clock.now() - c.value.issuedAt),
                ago: formatDuration(clock.now() - trustListDue(c.value)),
                due: new Date(trustListDue(c.value)).toISOString(),
              },
            }).toJSON()
      const w = warning ?? stale
      return { data: w ? { ...c, warning: w } : c }
    }
    if (held && fromCache && !refresh && now - fromCache.fetchedAt < TRUST_LIST_MAX_AGE_MS) {
      if (trustListState(held.value, now) === 'current') return { data: held }
    }
    let fetched: SignedTrustList
    let list: TrustList
    try {
      fetched = (await national.get<SignedTrustList>('/trust-list', { timeout: 8000 })).data
      list = await verifiedList(fetched)
    } catch (e) {
      if (held) return withState(held)
      return {
        error: heldError ?? toNpError(e, 'NP_ERR_TRUST_LIST_INVALID', { params: { detail: String(e) } }).toJSON(),
      }
    }
    try {
      // Never back: an older list (even root-signed) would bring back revoked keys.
      acceptTrustList(held?.value ?? null, list)
    } catch (e) {
      if (held) return withState(held, toNpError(e, 'NP_ERR_TRUST_LIST_ROLLBACK').toJSON())
      throw e
    }
    const entry = { value: fetched, fetchedAt: clock.now(), version: String(list.version) }
    storage.write(TRUST_LIST_KEY, entry)
    return withState(asCached(list, entry.fetchedAt))
  }

  async function ruleSet(province: ProvinceCode, { refresh = false } = {}): Promise<Outcome<Cached<RuleSet>>> {
    const key = `rules.${province}`
    const tl = await trustList()
    if ('error' in tl) return tl
    const list = tl.data.value
    const cached = storage.read<Cached<unknown>>(key)
    const fromCache = 'value' in cached && cached.value ? cached.value : null
    // Rules are kept signed and re-verified on every load, so a key revoked since refuses them.
    const load = async (c: Cached<unknown>): Promise<Outcome<Cached<RuleSet>>> => {
      try {
        const value = await verifyRuleSetAsync(c.value, list, province, verifyAsync)
        return { data: { value, fetchedAt: c.fetchedAt, version: value.version } }
      } catch (e) {
        return { error: toNpError(e, 'NP_ERR_RULES_INVALID').toJSON() }
      }
    }
    const heldOutcome = fromCache ? await load(fromCache) : null
    const held = heldOutcome && 'data' in heldOutcome ? heldOutcome.data : null
    const keep = (warning: SerializedError): Outcome<Cached<RuleSet>> | null =>
      held ? { data: { ...held, warning } } : null
    if (held && fromCache && !refresh && clock.now() - fromCache.fetchedAt < TRUST_LIST_MAX_AGE_MS) return heldOutcome!
    const r = await host.call(province, 'entryRules')
    if ('error' in r) return heldOutcome ?? r
    const fresh = { value: r.data, fetchedAt: clock.now(), version: '' }
    const loaded = await load(fresh)
    if ('error' in loaded) return keep(loaded.error) ?? loaded
    try {
      acceptRuleSet(held?.value ?? null, loaded.data.value)
    } catch (e) {
      return (
        keep(toNpError(e, 'NP_ERR_RULES_ROLLBACK').toJSON()) ?? {
          error: toNpError(e, 'NP_ERR_RULES_ROLLBACK').toJSON(),
        }
      )
    }
    fresh.version = loaded.data.value.version
    storage.write(key, fresh)
    return loaded
  }

  const http = (path: string) => installErrorInterceptor(httpFactory({ baseURL: `${apiBase}${path}` }))
  async function foreignTrustList({ refresh = false } = {}): Promise<Outcome<Cached<ForeignTrustList>>> {
    const KEY = 'foreignTrustList'
    const cached = storage.read<Cached<SignedForeignTrustList>>(KEY)
    const fromCache = 'value' in cached && cached.value ? cached.value : null
    let cachedList: ForeignTrustList | null = null
    if (fromCache) {
      try {
        cachedList = openForeignTrustList(fromCache.value, ROOT_PUBLIC_KEY)
      } catch {
        storage.remove(KEY)
      }
    }
    const fromCacheOutcome = (): Outcome<Cached<ForeignTrustList>> | null =>
      cachedList && fromCache
        ? { data: { value: cachedList, fetchedAt: fromCache.fetchedAt, version: String(cachedList.version) } }
        : null
    if (cachedList && fromCache && !refresh && clock.now() - fromCache.fetchedAt < TRUST_LIST_MAX_AGE_MS)
      return fromCacheOutcome() as Outcome<Cached<ForeignTrustList>>
    try {
      const res = await national.get<SignedForeignTrustList>('/foreign-trust-list', { timeout: 8000 })
      const list = acceptForeignTrustList(cachedList, openForeignTrustList(res.data, ROOT_PUBLIC_KEY))
      const entry = { value: res.data, fetchedAt: clock.now(), version: String(list.version) }
      storage.write(KEY, entry)
      return { data: { value: list, fetchedAt: entry.fetchedAt, version: entry.version } }
    } catch (e) {
      return fromCacheOutcome() ?? { error: toNpError(e, 'NP_ERR_TRUST_LIST_INVALID').toJSON() }
    }
  }

  return { host, clock, storage, trustList, ruleSet, consents, http, signIn, foreignTrustList }
}

/** A thunk's failure as the plain object the store keeps. */
export function failure(code: ConstructorParameters<typeof NpError>[0], params: Record<string, string | number> = {}) {
  return new NpError(code, { params }).toJSON()
}
