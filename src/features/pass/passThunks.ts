/**
 * Pass thunks: query every consented province in parallel through the host,
 * dispatching each province's answer as it arrives; cache the last pass
 * encrypted; load entry rules; withdraw consent (and the province's data).
 * They never throw into components (STYLE 12).
 */
import { createAsyncThunk, type ThunkAction, type UnknownAction } from '@reduxjs/toolkit'
import { NpError, type SerializedError } from '../../core/errors'
import type { Identity, Verification } from '../../core/model'
import type { TrustList } from '../../core/trustList'
import type { KeyPair } from '../../core/ed25519'
import { base64urlEncode } from '../../core/bytes'
import { precheckClaims } from '../../core/claimsAsync'
import type { SignatureCheck } from '../../core/claims'
import type { Services } from '../../app/services'
import type { RootState, ThunkApi } from '../../app/store'
import { afterNextPaint } from '../../platform/firstFrame'
import { markStart, startOver } from '../../platform/startMarks'
import { setConsent } from '../identity/identitySlice'
import { ensurePhoneKey, readPhoneKey, resetPhoneKey, verifiedDeviceKeyClaim } from '../identity/phoneKey'
import { parseSignedBundle, verifyBundleSignature } from '../../core/passBundle'
import { selectLang } from '../settings/settingsSlice'
import { bundlePhoneKey, type Checked, claimHolder, passBundleRequests, type ProvinceResult } from './passLogic'
import { type CachedPass, cacheKey, restoreCachedPass } from './passRestore'
import { formsPrefetched } from '../declare/declareSlice'
import { DISPLAY_KEY, displayOf, readSavedDisplay } from './savedDisplay'
import { PROVINCES } from './strings'
import {
  passBundleReceived,
  passBundlesRequested,
  passBundlesSettled,
  provinceAnswered,
  provinceForgotten,
  refreshFinished,
  refreshStarted,
  rulesLoaded,
  rulesLoading,
  savedDisplayRestored,
} from './passSlice'

/** How long one province may take before it shows as timed out. */
export const PROVINCE_DEADLINE_MS = 5000
/** Tests older than this are not asked for. */
const TEST_WINDOW_MS = 14 * 86_400_000
const NETWORK_CODES = new Set(['NP_ERR_HTTP_NETWORK'])

// The saved pass's key and shape, and reading it back, live in ./passRestore.ts (the app's start imports only that).
export { restoreCachedPass } from './passRestore'

function firstInvalid(checks: Verification[]): SerializedError | null {
  const bad = checks.find((c) => c.status === 'invalid')
  return bad && bad.status === 'invalid' ? { code: bad.code as SerializedError['code'], message: bad.message } : null
}

function mark<T extends object>(items: T[], checks: Verification[]): Checked<T>[] {
  // Forged or mismatching records are dropped; unsigned ones are kept, unverified.
  return items.flatMap((item, i) =>
    checks[i]?.status === 'invalid' ? [] : [{ ...item, verified: checks[i]?.status === 'verified' }],
  )
}

/** How long the other provinces wait for the current one's answer before they are asked anyway. */
export const CURRENT_LEAD_MS = 400

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
/** How long the others wait for the frame that shows the current province's answer, if no frame comes. */
const PAINT_WAIT_MS = 50

/** Provinces asked per task in a refresh (3 requests each). */
export const PROVINCES_PER_TASK = 4

/**
 * `fn` of every item, `size` at a time (the first group `first`), each group started in its own task (after a 0 ms
 * timer), so what the earlier calls receive meanwhile is handled between groups. Resolves with every result in
 * `items`' order.
 */
export async function inTurns<T, R>(
  items: readonly T[],
  size: number,
  first: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const started: Promise<R>[] = []
  for (let i = 0; i < items.length; i += i === 0 ? first : size) {
    if (i > 0) await new Promise<void>((resolve) => setTimeout(resolve, 0))
    for (const item of items.slice(i, i + (i === 0 ? first : size))) {
      const p = fn(item)
      // Handled by Promise.all below; meanwhile a rejection must not count as unhandled.
      p.catch(() => undefined)
      started.push(p)
    }
  }
  return Promise.all(started)
}

/** Ask one province for the person's code, tests and doses; never throws. */
export async function queryProvince(
  services: Services,
  province: string,
  person: Identity,
  /** Asked for only once the province has answered: the requests go out while the trust list is checked. */
  trustListed: TrustList | null | (() => Promise<TrustList | null>),
  timeoutMs: number,
  /** This phone's key (read once per refresh, after the sign-in that makes it). @default read from storage */
  phone: () => KeyPair | null = () => readPhoneKey(services.storage),
): Promise<ProvinceResult> {
  const { host, clock } = services
  const opts = { timeoutMs }
  const [hc, tests, doses] = await Promise.all([
    host.callWith(opts, province, 'getHealthCode', person),
    host.callWith(opts, province, 'getTestResults', person, { since: clock.now() - TEST_WINDOW_MS }),
    host.callWith(opts, province, 'getVaccinations', person),
  ])
  const at = clock.now()
  if ('error' in hc) {
    const status = hc.error.code === 'NP_ERR_PLUGIN_TIMEOUT' ? 'timeout' : 'failed'
    return { province, status, tests: [], vaccinations: [], error: hc.error, at }
  }
  const trustList = typeof trustListed === 'function' ? await trustListed() : trustListed
  const testList = 'data' in tests ? tests.data : []
  const doseList = 'data' in doses ? doses.data : []
  // Every signature checked ahead at once, natively where the runtime can (WebCrypto); the checks below answer from it.
  const claimOf = (x: unknown) => (x as { claim?: unknown } | null)?.claim
  const dk = services.signIn?.session(province)?.deviceKeyClaim
  const check = trustList
    ? await precheckClaims([...[hc.data, ...testList, ...doseList].map(claimOf), dk], trustList)
    : undefined
  const verify = (hook: 'getHealthCode' | 'getTestResults' | 'getVaccinations', data: never): Verification[] =>
    trustList ? host.verifyClaims(province, hook, data, trustList, at, check) : []
  const hcCheck = verify('getHealthCode', hc.data as never)
  const forged = firstInvalid(hcCheck)
  if (forged)
    return {
      province,
      status: 'failed',
      tests: [],
      vaccinations: [],
      error: { ...forged, plugin: province, hook: 'getHealthCode' },
      at,
    }
  const verified = hcCheck[0]?.status === 'verified'
  const deviceKeyClaim = certifiedPhoneKey(services, province, person, trustList, at, phone, check)
  return {
    province,
    status: verified ? 'done' : 'unverified',
    healthCode: { ...hc.data, verified },
    tests: mark(testList, verify('getTestResults', testList as never)),
    vaccinations: mark(doseList, verify('getVaccinations', doseList as never)),
    at,
    ...(deviceKeyClaim ? { deviceKeyClaim } : {}),
  }
}

/**
 * The `dk` claim the province's session carries (certified at sign-in or
 * refresh), when it verifies against the trust list and certifies this
 * phone's key for `person`; `undefined` otherwise (another person's pass, a
 * province without binding, no trust list).
 */
function certifiedPhoneKey(
  services: Services,
  province: string,
  person: Identity,
  trustList: TrustList | null,
  at: number,
  phoneKey: () => KeyPair | null,
  check?: SignatureCheck,
): string | undefined {
  const claim = services.signIn?.session(province)?.deviceKeyClaim
  const phone = claim && trustList ? phoneKey() : null
  if (!claim || !trustList || !phone) return undefined
  return verifiedDeviceKeyClaim(claim, trustList, at, claimHolder(person), phone.publicKey, check) ?? undefined
}

export interface RefreshSummary {
  answered: number
  asked: number
  offline: boolean
  skewMs: number
}

/**
 * Per store (its services) and person, the opening of their pass still under way: the page and the view both open
 * it, one runs. Per store, so an app torn down mid-refresh (a test) never lends its opening to the next.
 */
const openings = new WeakMap<object, Map<string, Promise<void>>>()

/**
 * The pass page opened for a person: the saved pass, then a refresh, then the declaration forms (kept for filling
 * offline; not before the provinces' answers). The page dispatches it before it renders the full view, so the
 * current province is asked before that long render (issue 16); the view dispatches it too when it mounts (if the
 * page's attempt could not load its code) and shares the one under way.
 */
export const passOpened =
  (personId: string): ThunkAction<Promise<void>, RootState, Services, UnknownAction> =>
  (dispatch, _getState, extra) => {
    const opening = openings.get(extra) ?? new Map<string, Promise<void>>()
    openings.set(extra, opening)
    const under = opening.get(personId)
    if (under) return under
    const run = (async () => {
      await dispatch(restoreCachedPass(personId))
      await dispatch(refreshPass({ personId }))
      await dispatch(formsPrefetched())
    })().finally(() => {
      if (opening.get(personId) === run) opening.delete(personId)
    })
    opening.set(personId, run)
    return run
  }

/** Query every consented province for the person; each answer is dispatched as it arrives. */
export const refreshPass = createAsyncThunk<
  RefreshSummary,
  {
    personId: string
    timeoutMs?: number
    /** How long the others wait for the current province's answer: @default CURRENT_LEAD_MS */
    leadMs?: number
  },
  ThunkApi & { rejectValue: SerializedError }
>(
  'pass/refresh',
  async (
    { personId, timeoutMs = PROVINCE_DEADLINE_MS, leadMs = CURRENT_LEAD_MS },
    { extra, dispatch, getState, rejectWithValue },
  ) => {
    const person = getState().identity.people.find((p) => p.id === personId)
    if (!person)
      return rejectWithValue(
        new NpError('NP_ERR_VALIDATION', { params: { field: 'person', detail: 'unknown person' } }).toJSON(),
      )
    const provinces = extra.host.registry.plugins.map((p) => p.id).filter((id) => extra.consents.has(id))
    dispatch(refreshStarted({ personId, provinces }))
    // Checked while the first requests are on their way, in the task after the current province is asked (issue 16:
    // a cold start read, parsed and verified it before asking anyone). A province that answers first waits for it.
    let checking: Promise<TrustList | null> | undefined
    const trustList = (): Promise<TrustList | null> => {
      checking ??= extra.trustList().then(
        (tl) => ('data' in tl ? tl.data.value : null),
        () => null,
      )
      return checking
    }
    setTimeout(() => void trustList(), 0)
    let held: KeyPair | null = null
    const phone = () => {
      held ??= readPhoneKey(extra.storage)
      return held
    }
    // Saved as answers arrive, not only once the slowest province has answered (a start while Hainan is still
    // slow finds a saved pass): at the 1st, 2nd, 4th, 8th, … answer, so a refresh writes O(log n) times.
    let good = 0
    // The current province first, then the others a few at a time, one task each: sending ~100 requests takes the
    // main thread 100 ms and more, and an answer that has arrived waits for that task to end (issue 16).
    const current = getState().settings.currentProvince
    const ask = async (province: string): Promise<ProvinceResult> => {
      const result = await queryProvince(extra, province, person.identity, trustList, timeoutMs, phone)
      dispatch(provinceAnswered({ personId, result, skewMs: extra.clock.skewMs() }))
      if (result.healthCode && (result.status === 'done' || result.status === 'unverified')) {
        good += 1
        // After the frame that shows it: encrypting and writing it took ~8 ms between a cold start's first answer
        // and its colour (issue 16). Saved from the state of then, so a later answer is never lost to it.
        if ((good & (good - 1)) === 0 && good < provinces.length)
          afterNextPaint(() => saveCache(extra, personId, extra.clock.now(), getState()))
      }
      return result
    }
    const first = provinces.includes(current) ? ask(current) : null
    // The others once the current province's answer is handled and painted: started meanwhile, their requests and
    // answers took the main thread while that answer waited to be drawn (issue 16). At most CURRENT_LEAD_MS: a
    // province that hangs must not hold the rest; and a frame that does not come (a hidden tab) at most a tick.
    if (first) {
      await Promise.race([first.catch(() => undefined), delay(leadMs)])
      await Promise.race([new Promise<void>((resolve) => afterNextPaint(resolve)), delay(PAINT_WAIT_MS)])
    }
    // The current province's answer is on screen (or it had its lead): what waited for the start (the full view on
    // H5, the service worker, the queues) goes on now, alongside the others' requests.
    startOver()
    const rest = await inTurns(
      provinces.filter((p) => p !== current),
      PROVINCES_PER_TASK,
      PROVINCES_PER_TASK,
      ask,
    )
    const results = first ? [await first, ...rest] : rest
    const answered = results.filter((r) => r.status === 'done' || r.status === 'unverified').length
    const offline =
      provinces.length > 0 && answered === 0 && results.every((r) => r.error && NETWORK_CODES.has(r.error.code))
    const at = extra.clock.now()
    dispatch(refreshFinished({ personId, at, offline }))
    markStart('np:refresh-done')
    if (!offline) saveCache(extra, personId, at, getState())
    // Then one signature per authority for the QR (saved with the pass, so the offline QR is compact too).
    if (!offline && (await trustList())) await dispatch(requestPassBundles({ personId }))
    return { answered, asked: provinces.length, offline, skewMs: extra.clock.skewMs() }
  },
)

function saveCache(services: Services, personId: string, savedAt: number, state: RootState) {
  const provinces = state.pass.byPerson[personId]?.provinces ?? {}
  const keep = Object.fromEntries(Object.entries(provinces).filter(([, r]) => r.healthCode))
  services.storage.write<CachedPass>(cacheKey(personId), { savedAt, provinces: keep })
  saveDisplay(services, personId, savedAt, keep, state)
}

const PROVINCE_CODES = PROVINCES.map((p) => p.code)

/**
 * The saved display record (./savedDisplay.ts), written with the saved pass of
 * the active traveller: the next start's first frame decrypts it alone.
 */
function saveDisplay(
  services: Services,
  personId: string,
  savedAt: number,
  provinces: Record<string, ProvinceResult>,
  state: RootState,
) {
  if (state.identity.activeId !== personId) return
  const name = state.identity.people.find((p) => p.id === personId)?.identity.name ?? ''
  services.storage.write(DISPLAY_KEY, displayOf(personId, name, provinces, savedAt, PROVINCE_CODES, selectLang(state)))
}

/**
 * Asks each authority whose verified claims could go into the pass QR (and
 * whose plugin offers `getPassBundle`) for one signed bundle over them, checks
 * it against the trust list, keeps it with the province's answer and saves
 * the pass. Authorities without the hook, or that refuse, keep their claims
 * one by one. For the traveller's own pass ONE bundle also certifies this
 * phone's key (`deviceKey`, @default this phone's key when the person is the
 * signed-in traveller): the current province's (its code is always in the
 * QR), else the first authority's that offers bundles. The bound QR then
 * needs no separate certificate; one `dk` item is enough, and each more
 * would cost ~53 characters. That authority's kept bundle certifying another
 * key (before a reset) is asked for again.
 * Resolves to the number of bundles received; never throws.
 */
export const requestPassBundles = createAsyncThunk<number, { personId: string; deviceKey?: string }, ThunkApi>(
  'pass/requestBundles',
  async ({ personId, deviceKey: given }, { extra, dispatch, getState }) => {
    const state = getState()
    const pass = state.pass.byPerson[personId]
    if (!pass) return 0
    dispatch(passBundlesRequested(personId))
    try {
      return await bundlesFor(personId, given, { extra, dispatch, getState })
    } finally {
      dispatch(passBundlesSettled(personId))
    }
  },
)

async function bundlesFor(
  personId: string,
  given: string | undefined,
  { extra, dispatch, getState }: { extra: Services; dispatch: ThunkApi['dispatch']; getState: () => RootState },
): Promise<number> {
  const state = getState()
  const pass = state.pass.byPerson[personId]
  if (!pass) return 0
  const own = state.identity.people.find((p) => p.id === personId)?.self === true
  const phone = given === undefined && own ? readPhoneKey(extra.storage) : null
  const deviceKey = given ?? (phone ? base64urlEncode(phone.publicKey) : undefined)
  const tl = await extra.trustList()
  if (!('data' in tl)) return 0
  const trustList = tl.data.value
  const itinerary = state.national.itinerary[personId]?.itinerary
  const wanted = passBundleRequests(
    Object.values(pass.provinces),
    state.settings.currentProvince,
    itinerary?.verified ? itinerary.claim : undefined,
  )
  const offers = (province: string) =>
    typeof extra.host.registry.get(province)?.getPassBundle === 'function' && !!pass.provinces[province]
  const current = state.settings.currentProvince
  const certifier = deviceKey
    ? wanted[current] && offers(current)
      ? current
      : Object.keys(wanted).find(offers)
    : undefined
  const received = await Promise.all(
    Object.entries(wanted).map(async ([province, claims]) => {
      const held = pass.provinces[province]?.passBundle
      if (!offers(province)) return 0
      const key = province === certifier ? deviceKey : undefined
      if (held && claims.every((c) => held.claims.includes(c)) && certifiesKey(held, key)) return 0
      const r = await extra.host.call(province, 'getPassBundle', { claims, ...(key ? { deviceKey: key } : {}) })
      if (!('data' in r)) return 0
      try {
        // Kept only when it verifies now and is this authority's, covering as many items as claims sent.
        const { bundle } = verifyBundleSignature(parseSignedBundle(r.data.bundle), trustList, extra.clock.now())
        if (bundle.iss !== province || bundle.items.length < claims.length) return 0
      } catch {
        return 0
      }
      dispatch(passBundleReceived({ personId, province, record: { claims, bundle: r.data.bundle } }))
      return 1
    }),
  )
  const n = received.reduce<number>((a, b) => a + b, 0)
  if (n) saveCache(extra, personId, extra.clock.now(), getState())
  return n
}

/** Whether a kept bundle certifies `deviceKey` (base64url); any bundle does when no key is to be certified. */
function certifiesKey(record: NonNullable<ProvinceResult['passBundle']>, deviceKey: string | undefined): boolean {
  if (!deviceKey) return true
  const key = bundlePhoneKey(record)
  return key !== null && base64urlEncode(key) === deviceKey
}

/**
 * The user resets this phone's binding key: the old key is forgotten, a new
 * one made (platform CSPRNG), every province session renewed so the province
 * certifies the new key, and the signed-in person's pass refreshed. Until a
 * province has certified it, the pass is NP1 (the old certificates name the
 * old key). Resolves to the new public key (base64url) or rejects with
 * `NP_ERR_RANDOM_UNAVAILABLE`.
 */
export const phoneKeyReset = createAsyncThunk<string, void, ThunkApi>(
  'pass/phoneKeyReset',
  async (_, { extra, dispatch, getState }) => {
    resetPhoneKey(extra.storage)
    const key = ensurePhoneKey(extra.storage, extra.clock.now())
    // Expired sessions are renewed with their refresh token at the next call, carrying the new key.
    for (const p of extra.host.registry.plugins) {
      const s = extra.signIn.sessions.get(p.id)
      if (s) extra.signIn.sessions.set(p.id, { ...s, expiresAt: 0 })
    }
    const self = getState().identity.people.find((p) => p.self)
    if (self) await dispatch(refreshPass({ personId: self.id }))
    return base64urlEncode(key.publicKey)
  },
)

/** Server-corrected now (src/platform/clock.ts), for a component: `dispatch(serverNow())`. */
export const serverNow = (): ThunkAction<number, RootState, Services, UnknownAction> => (_dispatch, _getState, extra) =>
  extra.clock.now()

/** This phone's holder-binding key, if one was made at sign-in: `dispatch(phoneKeyHeld())`. */
export const phoneKeyHeld =
  (): ThunkAction<KeyPair | null, RootState, Services, UnknownAction> => (_dispatch, _getState, extra) =>
    readPhoneKey(extra.storage)

/** The entry rules of a province (cached by the services for offline use). */
export const loadRules = createAsyncThunk<void, string, ThunkApi>(
  'pass/loadRules',
  async (province, { extra, dispatch, getState }) => {
    if (getState().pass.rules[province]?.status === 'done') return
    dispatch(rulesLoading(province))
    const r = await extra.ruleSet(province)
    dispatch(
      rulesLoaded({
        province,
        entry: 'data' in r ? { status: 'done', set: r.data.value } : { status: 'failed', error: r.error },
      }),
    )
  },
)

/** Withdraw consent for a province: it gets no identity any more, and its cached data is deleted. */
export const withdrawConsent = createAsyncThunk<void, string, ThunkApi>(
  'pass/withdrawConsent',
  async (province, { extra, dispatch, getState }) => {
    await dispatch(setConsent({ province, given: false }))
    for (const p of getState().identity.people) {
      const r = extra.storage.read<CachedPass>(cacheKey(p.id))
      if ('value' in r && r.value?.provinces[province]) {
        const { [province]: _dropped, ...rest } = r.value.provinces
        extra.storage.write<CachedPass>(cacheKey(p.id), { ...r.value, provinces: rest })
        // The first frame must not show a colour that rests on the withdrawn province either.
        saveDisplay(extra, p.id, r.value.savedAt, rest, getState())
      }
    }
    dispatch(provinceForgotten({ province }))
    if (getState().pass.display) dispatch(savedDisplayRestored(readSavedDisplay(extra.storage)))
  },
)
