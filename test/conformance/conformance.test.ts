/**
 * The conformance suite: every registered plugin against its mock backend.
 * Each declared capability returns valid domain objects through the host;
 * claims verify (or are 'unverified' for legacy backends); the person handed
 * over has only the declared fields; nothing personal is logged; every fault
 * is that province's typed error while another province answers.
 *
 *   npx jest test/conformance
 */
import fs from 'node:fs'
import path from 'node:path'
import { demoPerson } from '../../mock/data/people'
import { venuesOf } from '../../mock/data/venues'
import { bundleSecrets } from '../../mock/secrets'
import { allBackends } from '../../mock/provinces'
import type { AnyProvincePlugin } from '../../src/sdk/registry'
import { demoPluginConfig, plugins } from '../../plugins'
import { type Harness, startHarness } from './harness'
import { type CheckEnv, checkFault, checkHook, checkIdentity } from './checks'
import { dataOrFail, declaredHooks, errorOf, faultsFor, faultHook, type PluginRun, runPlugin, traveller } from './run'

jest.setTimeout(45_000)

let h: Harness
const secrets = bundleSecrets()
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

  describe('sign-in', () => {
    test('declares signIn and refreshSession', () => {
      expect(typeof plugin.signIn).toBe('function')
      expect(typeof plugin.refreshSession).toBe('function')
    })

    test('without a token the province refuses personal data (HTTP 401)', async () => {
      await runOf(plugin)
      const error = errorOf(await h.bareHost.call(plugin.id, 'getHealthCode', traveller))
      expect({ code: error.code, plugin: error.plugin, message: error.message }).toEqual({
        code: 'NP_ERR_HTTP_STATUS',
        plugin: plugin.id,
        message: expect.stringContaining('401'),
      })
    })

    test('an expired access token is refreshed (rotating the refresh token) and the call answers', async () => {
      await runOf(plugin)
      const first = h.sessions.get(plugin.id)
      expect(first?.accessToken).toEqual(expect.any(String))
      // Expired at the province while the app still thinks it live: 401, refresh, the same call answers.
      h.server.auth.expireAccess(plugin.id)
      dataOrFail(await h.host.call(plugin.id, 'getHealthCode', traveller))
      const second = h.sessions.get(plugin.id)
      expect(second?.accessToken).not.toBe(first?.accessToken)
      expect(second?.refreshToken).not.toBe(first?.refreshToken)
      // Expired on the app's clock: refreshed before the request.
      h.sessions.set(plugin.id, { ...second!, expiresAt: 0 })
      dataOrFail(await h.host.call(plugin.id, 'getHealthCode', traveller))
      expect(h.sessions.get(plugin.id)?.accessToken).not.toBe(second?.accessToken)
    })

    test('a refused refresh token falls back to a new sign-in', async () => {
      await runOf(plugin)
      h.sessions.set(plugin.id, { accessToken: 'at.revoked-token', expiresAt: 0, refreshToken: 'rt.revoked-token' })
      dataOrFail(await h.host.call(plugin.id, 'getHealthCode', traveller))
      expect(h.sessions.get(plugin.id)?.accessToken).not.toBe('at.revoked-token')
    })

    test("another person's codes, asked with their name and ID, are refused (NP_ERR_AUTH_FORBIDDEN)", async () => {
      await runOf(plugin)
      const stranger = demoPerson('conflicted').identity
      const error = errorOf(await h.host.call(plugin.id, 'getHealthCode', stranger))
      expect({ code: error.code, plugin: error.plugin }).toEqual({ code: 'NP_ERR_AUTH_FORBIDDEN', plugin: plugin.id })
    })

    test('a family member is seen only with an authorisation the province recorded; revoking it stops it', async () => {
      await runOf(plugin)
      const id = plugin.id
      const elder = demoPerson('elder').identity
      const child = demoPerson('child').identity
      const refused = async (who: typeof elder) => errorOf(await h.host.call(id, 'getHealthCode', who)).code
      expect(await refused(elder)).toBe('NP_ERR_AUTH_FORBIDDEN')
      expect(await refused(child)).toBe('NP_ERR_AUTH_FORBIDDEN')
      // A guardian's declaration is for a child under 14 only; an adult confirms from their own phone.
      const asGuardian = await h.host.call(id, 'requestProxy', elder, { basis: 'guardian' })
      expect(errorOf(asGuardian).code).toBe('NP_ERR_PROXY_REFUSED')
      const wrongCode = await h.host.call(id, 'requestProxy', elder, { basis: 'self-confirmed', code: '000000x' })
      expect(errorOf(wrongCode).code).toBe('NP_ERR_PROXY_REFUSED')
      const { code } = h.server.auth.sendSms(elder.phone, 'proxy', Date.now())
      const grant = dataOrFail(await h.host.call(id, 'requestProxy', elder, { basis: 'self-confirmed', code })) as {
        id: string
        basis: string
      }
      expect(grant.basis).toBe('self-confirmed')
      dataOrFail(await h.host.call(id, 'getHealthCode', elder))
      const guardian = dataOrFail(await h.host.call(id, 'requestProxy', child, { basis: 'guardian' })) as { id: string }
      dataOrFail(await h.host.call(id, 'getHealthCode', child))
      dataOrFail(await h.host.call(id, 'revokeProxy', grant.id))
      expect(await refused(elder)).toBe('NP_ERR_AUTH_FORBIDDEN')
      dataOrFail(await h.host.call(id, 'revokeProxy', guardian.id))
      expect(await refused(child)).toBe('NP_ERR_AUTH_FORBIDDEN')
    })

    test('no server secret, private key or derivation label is in its code', () => {
      const sources = [`plugins/${plugin.slug}/index.ts`, 'plugins/standard.ts', 'plugins/oauth.ts']
        .map((f) => path.join(__dirname, '..', '..', f))
        .filter((f) => fs.existsSync(f))
        .map((f) => fs.readFileSync(f, 'utf8'))
        .join('\n')
      expect(sources.length).toBeGreaterThan(0)
      for (const s of secrets)
        expect({ secret: s.name, found: sources.includes(s.value) }).toEqual({ secret: s.name, found: false })
    })
  })
})

test('nothing personal reaches the logs or the error messages', async () => {
  const settled = await Promise.allSettled([...runs.values()])
  const text = JSON.stringify(h.logs) + JSON.stringify(settled)
  expect(h.logs.length).toBeGreaterThan(plugins.length)
  for (const secret of [traveller.idNumber, traveller.phone, traveller.name]) expect(text).not.toContain(secret)
})
