/**
 * The conformance suite: every registered plugin against its mock backend.
 * Each declared capability returns valid domain objects through the host;
 * claims verify (or are 'unverified' for legacy backends); the person handed
 * over has only the declared fields; nothing personal is logged; every fault
 * is that province's typed error while another province answers.
 *
 *   npx jest test/conformance
 */
import { venuesOf } from '../../mock/data/venues'
import { allBackends } from '../../mock/provinces'
import { parseSignedClaim, verifySignedClaim } from '../../src/core/claims'
import type {
  CheckInReceipt,
  DeclarationReceipt,
  HealthCode,
  TestResult,
  Vaccination,
  VenueRef,
} from '../../src/core/model'
import { loadRuleSet } from '../../src/core/rules/load'
import type { AnyProvincePlugin } from '../../src/sdk/registry'
import { demoPluginConfig, plugins } from '../../plugins'
import { type Harness, startHarness } from './harness'
import {
  dataOrFail,
  declaredHooks,
  errorOf,
  faultsFor,
  faultHook,
  HANG_DEADLINE_MS,
  type PluginRun,
  runPlugin,
  traveller,
} from './run'

// Waits end on answers; this bound only has to outlast a busy machine (npm run test:stress).
jest.setTimeout(240_000)

let h: Harness
const runs = new Map<string, Promise<PluginRun>>()

/** The witness for faults on `p`: the next plugin with the default deadline (slow backends count requests). */
function witnessOf(p: AnyProvincePlugin): AnyProvincePlugin {
  const i = plugins.indexOf(p)
  const others = [...plugins.slice(i + 1), ...plugins.slice(0, i)]
  return others.find((o) => o.timeoutMs === undefined && typeof o.getHealthCode === 'function') ?? others[0]
}

beforeAll(async () => {
  let config: ReturnType<typeof demoPluginConfig> = {}
  h = await startHarness({ plugins, backends: allBackends, configOf: (p) => config[p.id] })
  config = demoPluginConfig(h.server.url)
  for (const p of plugins) {
    const run = runPlugin(h, p, witnessOf(p))
    run.catch(() => undefined) // awaited (and reported) by the plugin's own tests
    runs.set(p.id, run)
  }
})
afterAll(() => h?.close())

const runOf = (p: AnyProvincePlugin): Promise<PluginRun> =>
  runs.get(p.id) ?? Promise.reject(new Error(`no run for ${p.id}`))

test('the registry holds every mainland province once', () => {
  expect(plugins.length).toBeGreaterThanOrEqual(31)
  expect(new Set(plugins.map((p) => p.id)).size).toBe(plugins.length)
  expect(new Set(allBackends.map((b) => b.slug))).toEqual(new Set(plugins.map((p) => p.slug)))
})

describe.each(plugins.map((p) => [`${p.slug} (${p.id})`, p] as const))('%s', (_label, plugin) => {
  const signs = plugin.signs !== false
  const expectVerified = (verification: unknown[] | undefined, count: number): void => {
    expect(verification).toHaveLength(count)
    for (const v of verification ?? [])
      expect(v).toEqual(
        signs ? { status: 'verified', kid: expect.any(String) } : { status: 'unverified', reason: 'unsigned' },
      )
  }

  test.each(declaredHooks(plugin))('%s answers valid domain objects', async (hook) => {
    const run = await runOf(plugin)
    const call = run.calls[hook]
    if (hook === 'checkIn' && !call) {
      expect(venuesOf(plugin.id)).toHaveLength(0) // no venue to check in at: nothing else may skip
      return
    }
    expect(call).toBeDefined()
    const data = dataOrFail(call!.result)
    switch (hook) {
      case 'getHealthCode': {
        const code = data as HealthCode
        expect(code.province).toBe(plugin.id)
        expect(code.history.length).toBeGreaterThan(0)
        expectVerified(call!.verification, 1)
        break
      }
      case 'getTestResults':
        expectVerified(call!.verification, (data as TestResult[]).length)
        break
      case 'getVaccinations':
        expectVerified(call!.verification, (data as Vaccination[]).length)
        break
      case 'recognizePlaceCode':
        expect(data).toBeNull()
        for (const v of venuesOf(plugin.id).filter((x) => x.legacyCode)) {
          expect(plugin.recognizePlaceCode?.(v.legacyCode!)).toMatchObject<Partial<VenueRef>>({
            province: plugin.id,
            venueId: v.venueId,
            source: 'legacy',
          })
        }
        break
      case 'checkIn':
      case 'submitDeclaration': {
        const first = data as CheckInReceipt | DeclarationReceipt
        const again = dataOrFail(call!.again!) as CheckInReceipt | DeclarationReceipt
        expect(first.duplicate).toBe(false)
        expect(again).toMatchObject({ receiptId: first.receiptId, duplicate: true })
        break
      }
      case 'entryRules':
        expect(() => loadRuleSet(data)).not.toThrow()
        break
      case 'declarationForm':
        expect(data).toMatchObject({ province: plugin.id })
        break
      case 'registerVenue': {
        const { venueId, claim } = data as { venueId: string; claim: string }
        const { claim: signed } = verifySignedClaim(parseSignedClaim(claim), h.trustList, Date.now())
        expect(signed).toMatchObject({ typ: 'venue', iss: plugin.id, body: { venueId } })
        break
      }
    }
  })

  test('the person handed over has exactly the declared identity fields', async () => {
    await runOf(plugin)
    const seen = h.received.filter((r) => r.plugin === plugin.id)
    const declared = [...(plugin.identityFields ?? [])].sort()
    expect(seen.length).toBeGreaterThan(0)
    for (const r of seen) expect(Object.keys(r.person).sort()).toEqual(declared)
  })

  const hook = faultHook(plugin)
  const faults = hook ? faultsFor(plugin) : []
  test.each(faults)(
    `fault %s on ${hook ?? '-'} is this province's typed error; another province answers`,
    async (fault, codes) => {
      const run = (await runOf(plugin)).faults[fault]
      expect(run).toBeDefined()
      if (fault === 'badsig') {
        dataOrFail(run!.result)
        expect(run!.verification?.[0]).toMatchObject({ status: 'invalid', code: 'NP_ERR_SIGNATURE_INVALID' })
      } else {
        const error = errorOf(run!.result)
        expect({ code: error.code, plugin: error.plugin, hook: error.hook }).toEqual({
          code: expect.stringMatching(new RegExp(`^(${codes.join('|')})$`)),
          plugin: plugin.id,
          hook: run!.hook,
        })
        if (fault === 'hang') expect(error.message).toContain(`${HANG_DEADLINE_MS} ms`)
      }
      dataOrFail(run!.witness.result)
      expect(run!.witness.verification.every((v) => v.status !== 'invalid')).toBe(true)
    },
  )
})

test('nothing personal reaches the logs or the error messages', async () => {
  const settled = await Promise.allSettled([...runs.values()])
  const text = JSON.stringify(h.logs) + JSON.stringify(settled)
  expect(h.logs.length).toBeGreaterThan(plugins.length)
  for (const secret of [traveller.idNumber, traveller.phone, traveller.name]) expect(text).not.toContain(secret)
})
