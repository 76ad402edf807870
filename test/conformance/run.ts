/**
 * Runs one plugin through every capability it declares and every fault, and
 * records the results for the conformance assertions. Calls within one plugin
 * are sequential (some backends count requests); plugins run in parallel.
 */
import { demoPerson } from '../../mock/data/people'
import { venuesOf } from '../../mock/data/venues'
import type { Fault } from '../../mock/lib/types'
import type { SerializedError } from '../../src/core/errors'
import type { DeclarationForm, DeclarationField, Identity, VenueRef, Verification } from '../../src/core/model'
import type { HostData, HostResult } from '../../src/sdk/host'
import { type AnyProvincePlugin, HOOK_NAMES } from '../../src/sdk/registry'
import type { HookName, PassBundleRequest } from '../../src/sdk/types'
import { base64urlEncode } from '../../src/core/bytes'
import { generateKeyPair } from '../../src/core/ed25519'
import { type Harness, withFault } from './harness'

/** The DEMO traveller every plugin is asked about. */
export const traveller = demoPerson('green').identity
const demoTraveller = traveller
export const HANG_DEADLINE_MS = 300
/** The deadline of calls that are not about deadlines: an answer, however slow the machine, is not a timeout. */
export const RELAXED_MIN_MS = 60_000
const DAY = 86_400_000

type AnyResult = HostResult<unknown>

export interface FaultRun {
  hook: HookName
  result: AnyResult
  verification?: Verification[]
  /** Another province asked at the same time; absent when the run has no witness. */
  witness?: { plugin: string; result: AnyResult; verification: Verification[] }
}

export interface PluginRun {
  calls: Partial<
    Record<
      HookName,
      { result: AnyResult; verification?: Verification[]; again?: AnyResult; request?: PassBundleRequest }
    >
  >
  faults: Partial<Record<Fault, FaultRun>>
}

/** Sign-in and authorisation hooks: tested by the suite's sign-in and proxy tests. */
export const SIGN_IN_HOOKS: readonly HookName[] = ['signIn', 'refreshSession', 'requestProxy', 'revokeProxy']

/** Data hooks the plugin declares, in contract order. */
export const declaredHooks = (p: AnyProvincePlugin): HookName[] =>
  HOOK_NAMES.filter((h) => typeof p[h] === 'function' && !SIGN_IN_HOOKS.includes(h))

/** The hook a fault is tried on: the first network capability the plugin has. */
export function faultHook(p: AnyProvincePlugin): HookName | undefined {
  const order: HookName[] = ['getHealthCode', 'getTestResults', 'getVaccinations', 'entryRules', 'declarationForm']
  return order.find((h) => typeof p[h] === 'function')
}

/** The faults each plugin is put through, with the codes that count as right. */
export function faultsFor(p: AnyProvincePlugin): Array<[Fault, readonly string[]]> {
  const list: Array<[Fault, readonly string[]]> = [
    ['500', ['NP_ERR_HTTP_STATUS']],
    ['503', ['NP_ERR_HTTP_STATUS']],
    ['html', ['NP_ERR_HTTP_NOT_JSON']],
    ['badjson', ['NP_ERR_HTTP_NOT_JSON', 'NP_ERR_RESPONSE_INVALID']],
    ['shape', ['NP_ERR_RESPONSE_INVALID']],
    ['hang', ['NP_ERR_PLUGIN_TIMEOUT']],
  ]
  if (p.signs !== false && typeof p.getHealthCode === 'function') list.push(['badsig', []])
  return list
}

function dataOf<T>(r: HostResult<T>): T | undefined {
  return 'data' in r ? r.data : undefined
}

/** Plausible answers for a declaration form: the first option, today's date, a matching text. */
export function answersFor(form: DeclarationForm, now: number): Record<string, string> {
  const iso = new Date(now).toISOString()
  const candidates = (f: DeclarationField): string[] => {
    switch (f.type) {
      case 'select':
        return (f.options ?? []).map((o) => o.value)
      case 'boolean':
        return ['false', 'true']
      case 'date':
        return [iso.slice(0, 10)]
      case 'datetime':
        return [iso, iso.slice(0, 16)]
      case 'phone':
        return [traveller.phone]
      default:
        return ['G1234', '成都市锦江区春熙路1号', 'DEMO', '1', iso.slice(0, 10), traveller.phone]
    }
  }
  return Object.fromEntries(
    form.fields.map((f) => [
      f.key,
      candidates(f).find((c) => !f.pattern || new RegExp(f.pattern).test(c)) ?? candidates(f)[0] ?? 'DEMO',
    ]),
  )
}

/** What a run asks with, beside the DEMO defaults (the conformance CLI sets these for a province's staging backend). */
export interface RunOptions {
  /** Who is asked about. @default the DEMO green traveller */
  traveller?: Identity
  /** Where to check in when the plugin cannot register a venue. @default the plugin's DEMO national venue */
  venue?: VenueRef
  /** Put the plugin through the faults (only our mock backends inject them). @default true */
  faults?: boolean
}

/** Run `plugin` through its capabilities and, against our mocks, the faults. */
export async function runPlugin(
  h: Pick<Harness, 'host' | 'trustList'>,
  plugin: AnyProvincePlugin,
  witness?: AnyProvincePlugin,
  options: RunOptions = {},
): Promise<PluginRun> {
  const { host, trustList } = h
  const run: PluginRun = { calls: {}, faults: {} }
  const id = plugin.id
  const now = Date.now()
  const traveller = options.traveller ?? demoTraveller
  const verify = <H extends 'getHealthCode' | 'getTestResults' | 'getVaccinations'>(
    hook: H,
    r: HostResult<HostData<H>>,
  ): Verification[] | undefined => {
    const data = dataOf(r)
    return data === undefined ? undefined : host.verifyClaims(id, hook, data, trustList)
  }
  const has = (hook: HookName): boolean => typeof plugin[hook] === 'function'
  // 31 backends and their clients share one process here; deadlines themselves are proven by the `hang` fault.
  // At least a minute: `npm run test:stress` (every core busy) made 3× a 4 s plugin deadline too short.
  const relaxed = { timeoutMs: Math.max(RELAXED_MIN_MS, 3 * (plugin.timeoutMs ?? 8000)) }

  if (has('getHealthCode')) {
    const result = await host.callWith(relaxed, id, 'getHealthCode', traveller)
    run.calls.getHealthCode = { result, verification: verify('getHealthCode', result) }
  }
  if (has('getTestResults')) {
    const result = await host.callWith(relaxed, id, 'getTestResults', traveller, { since: now - 30 * DAY })
    run.calls.getTestResults = { result, verification: verify('getTestResults', result) }
  }
  if (has('getVaccinations')) {
    const result = await host.callWith(relaxed, id, 'getVaccinations', traveller)
    run.calls.getVaccinations = { result, verification: verify('getVaccinations', result) }
  }
  if (has('recognizePlaceCode')) {
    run.calls.recognizePlaceCode = {
      result: await host.callWith(relaxed, id, 'recognizePlaceCode', 'definitely not a place code'),
    }
  }
  let venue: VenueRef | undefined = options.venue ?? venuesOf(id).find((v) => v.source === 'national')
  if (has('registerVenue')) {
    const result = await host.callWith(relaxed, id, 'registerVenue', { name: 'DEMO 会展中心', address: 'DEMO 路 1 号' })
    run.calls.registerVenue = { result }
    const registered = dataOf(result)
    if (registered) venue = { province: id, venueId: registered.venueId, name: 'DEMO 会展中心', source: 'national' }
  }
  if (has('checkIn') && venue) {
    const options = { idempotencyKey: `conformance-${id}-${now}`, at: now }
    const result = await host.callWith(relaxed, id, 'checkIn', venue, traveller, options)
    run.calls.checkIn = { result, again: await host.callWith(relaxed, id, 'checkIn', venue, traveller, options) }
  }
  if (has('entryRules')) run.calls.entryRules = { result: await host.callWith(relaxed, id, 'entryRules') }
  let form: DeclarationForm | undefined
  if (has('declarationForm')) {
    const result = await host.callWith(relaxed, id, 'declarationForm')
    run.calls.declarationForm = { result }
    form = dataOf(result)
  }
  if (has('submitDeclaration')) {
    const answers = form ? answersFor(form, now) : {}
    const options = { idempotencyKey: `conformance-decl-${id}-${now}` }
    const result = await host.callWith(relaxed, id, 'submitDeclaration', traveller, answers, options)
    run.calls.submitDeclaration = {
      result,
      again: await host.callWith(relaxed, id, 'submitDeclaration', traveller, answers, options),
    }
  }

  if (has('getPassBundle')) {
    // The claims the app would put in the pass: the code, the newest test and the newest dose, plus the phone key.
    const hc = run.calls.getHealthCode
    const code = hc ? (dataOf(hc.result) as { claim?: string } | undefined) : undefined
    const newest = (r: AnyResult | undefined, at: (x: { at?: number; sampledAt?: number }) => number) => {
      const list = (r && dataOf(r)) as Array<{ claim?: string; at?: number; sampledAt?: number }> | undefined
      return list?.filter((x) => x.claim).sort((a, b) => at(b) - at(a))[0]?.claim
    }
    const claims = [
      code?.claim,
      newest(run.calls.getTestResults?.result, (t) => t.sampledAt ?? 0),
      newest(run.calls.getVaccinations?.result, (v) => v.at ?? 0),
    ].filter((c): c is string => typeof c === 'string')
    if (claims.length) {
      const request = { claims, deviceKey: base64urlEncode(generateKeyPair(new Uint8Array(32).fill(7)).publicKey) }
      run.calls.getPassBundle = { result: await host.callWith(relaxed, id, 'getPassBundle', request), request }
    }
  }

  const hook = options.faults === false ? undefined : faultHook(plugin)
  for (const [fault] of hook ? faultsFor(plugin) : []) {
    const faultedHook: HookName = fault === 'badsig' ? 'getHealthCode' : (hook as HookName)
    const [result, witnessResult] = await Promise.all([
      withFault(fault, () =>
        host.callWith(
          { timeoutMs: fault === 'hang' ? HANG_DEADLINE_MS : relaxed.timeoutMs },
          id,
          faultedHook,
          ...argsFor(faultedHook, now, traveller),
        ),
      ),
      witness
        ? host.callWith(
            { timeoutMs: Math.max(RELAXED_MIN_MS, 3 * (witness.timeoutMs ?? 8000)) },
            witness.id,
            'getHealthCode',
            traveller,
          )
        : undefined,
    ])
    const witnessData = witnessResult && dataOf(witnessResult)
    run.faults[fault] = {
      hook: faultedHook,
      result,
      verification:
        fault === 'badsig' && 'data' in result
          ? host.verifyClaims(id, 'getHealthCode', result.data as HostData<'getHealthCode'>, trustList)
          : undefined,
      ...(witness && witnessResult
        ? {
            witness: {
              plugin: witness.id,
              result: witnessResult,
              verification: witnessData ? host.verifyClaims(witness.id, 'getHealthCode', witnessData, trustList) : [],
            },
          }
        : {}),
    }
  }
  return run
}

/** Arguments for the hooks a fault may be tried on. */
function argsFor(hook: HookName, now: number, person: Identity): [] | [Identity] | [Identity, { since: number }] {
  if (hook === 'getTestResults') return [person, { since: now - 30 * DAY }]
  if (hook === 'getHealthCode' || hook === 'getVaccinations') return [person]
  return []
}

/** The error of a result, or a readable failure. */
export function errorOf(r: AnyResult): SerializedError {
  if (!('error' in r)) throw new Error(`expected an error, got data ${JSON.stringify(r.data).slice(0, 200)}`)
  return r.error
}

/** The data of a result, or a readable failure naming the error. */
export function dataOrFail(r: AnyResult): unknown {
  if ('error' in r) throw new Error(`expected data, got ${r.error.code}: ${r.error.message}`)
  return r.data
}
