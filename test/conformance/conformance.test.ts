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
import type { AnyProvincePlugin } from '../../src/sdk/registry'
import { demoPluginConfig, plugins } from '../../plugins'
import { type Harness, startHarness } from './harness'
import { type CheckEnv, checkFault, checkHook, checkIdentity } from './checks'
import { declaredHooks, faultsFor, faultHook, type PluginRun, runPlugin, traveller } from './run'

jest.setTimeout(45_000)

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
  const env = (): CheckEnv => ({
    trustList: h.trustList,
    legacyVenues: venuesOf(plugin.id),
    noVenueIsOk: venuesOf(plugin.id).length === 0, // no venue to check in at: nothing else may skip
  })

  test.each(declaredHooks(plugin))('%s answers valid domain objects', async (hook) => {
    checkHook(plugin, hook, await runOf(plugin), env())
  })

  test('the person handed over has exactly the declared identity fields', async () => {
    await runOf(plugin)
    checkIdentity(plugin, h.received)
  })

  const hook = faultHook(plugin)
  const faults = hook ? faultsFor(plugin) : []
  test.each(faults)(
    `fault %s on ${hook ?? '-'} is this province's typed error; another province answers`,
    async (fault, codes) => {
      const run = await runOf(plugin)
      expect(run.faults[fault]?.witness).toBeDefined()
      checkFault(plugin, fault, codes, run)
    },
  )
})

test('nothing personal reaches the logs or the error messages', async () => {
  const settled = await Promise.allSettled([...runs.values()])
  const text = JSON.stringify(h.logs) + JSON.stringify(settled)
  expect(h.logs.length).toBeGreaterThan(plugins.length)
  for (const secret of [traveller.idNumber, traveller.phone, traveller.name]) expect(text).not.toContain(secret)
})
