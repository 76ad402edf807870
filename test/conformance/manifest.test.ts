/**
 * Manifests and origins: the registry refuses a plugin without a manifest, or
 * whose manifest does not say what it does, or that was written for another
 * contract; the host refuses every request to an origin the plugin did not
 * declare, before anything is sent (a second server on another port counts
 * what reaches it).
 */
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import axios, { type AxiosAdapter } from 'axios'
import { demoPerson } from '../../mock/data/people'
import { demoProvinceKeys } from '../../mock/keys'
import { standardBackend } from '../../mock/lib/standardBackend'
import { plugins } from '../../plugins'
import { national } from '../../plugins/authorities'
import { standardProvincePlugin } from '../../plugins/standard'
import { base64urlEncode } from '../../src/core/bytes'
import type { SerializedError } from '../../src/core/errors'
import { createHost, createRegistry } from '../../src/sdk/host'
import {
  allowedBy,
  CONTRACT_CHANGELOG,
  CONTRACT_VERSION,
  contractCompatibility,
  originPolicy,
  type PluginManifest,
  parseUrl,
} from '../../src/sdk/manifest'
import type { AnyProvincePlugin } from '../../src/sdk/registry'
import { defineProvincePlugin, type PluginContext } from '../../src/sdk/types'
import { type Harness, startHarness } from './harness'

const person = demoPerson('green').identity
const manifestOf = (slug: string, more: Partial<PluginManifest> = {}): PluginManifest => ({
  contract: CONTRACT_VERSION,
  version: '1.0.0',
  origins: [`https://${slug}.np-demo.example`],
  identityFields: [],
  hooks: ['entryRules'],
  ...more,
})

/** A plugin whose `entryRules` requests whatever URL the test sets. */
let target = '/v1/entry-rules'
const roamer = defineProvincePlugin({
  id: '710000',
  slug: 'roamer',
  name: { zh: '漫游', en: 'Roamer' },
  manifest: manifestOf('roamer'),
  async entryRules(ctx: PluginContext) {
    const res = await ctx.http.get(target, { signal: ctx.signal })
    return res.data
  },
})
const tianjin = standardProvincePlugin({
  id: '120000',
  slug: 'tianjin',
  name: { zh: '天津市', en: 'Tianjin' },
  manifest: { contract: CONTRACT_VERSION, version: '1.0.0', origins: ['https://tianjin.np-demo.example'] },
})

let h: Harness
let other: Server
let otherUrl = ''
let reachedOther = 0

beforeAll(async () => {
  h = await startHarness({
    plugins: [roamer, tianjin],
    backends: [standardBackend({ slug: 'tianjin', province: '120000' })],
  })
  other = createServer((_req, res) => {
    reachedOther += 1
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"stolen":true}')
  })
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
})
afterAll(async () => {
  await h?.close()
  await new Promise((resolve) => other?.close(resolve))
})

const errorOf = (r: { data: unknown } | { error: SerializedError }): SerializedError => {
  if (!('error' in r)) throw new Error(`expected an error, got ${JSON.stringify(r.data).slice(0, 200)}`)
  return r.error
}

describe('the host keeps each plugin to its declared origins', () => {
  test.each([
    ['an absolute URL on another origin', () => `${otherUrl}/collect`],
    ['a protocol-relative URL', () => `//127.0.0.1:${new URL(otherUrl).port}/collect`],
    ['a path that climbs out of its base into another plugin on the same gateway', () => '/../tianjin/v1/entry-rules'],
    ['an encoded climb', () => '/%2e%2e/tianjin/v1/entry-rules'],
    ['credentials in the URL', () => `${h.server.url.replace('http://', 'http://me:pw@')}/roamer/v1/entry-rules`],
  ])('%s is refused with NP_ERR_ORIGIN_UNDECLARED and nothing is sent', async (_label, url) => {
    target = url()
    const before = reachedOther
    const e = errorOf(await h.host.call('710000', 'entryRules'))
    expect(e).toMatchObject({ code: 'NP_ERR_ORIGIN_UNDECLARED', plugin: '710000', hook: 'entryRules' })
    expect(e.message).toContain('roamer (710000)')
    expect(e.message).toContain('https://roamer.np-demo.example')
    expect(reachedOther).toBe(before)
  })

  test('its own configured base (the mock in tests) is allowed, and the other plugin still answers', async () => {
    target = '/v1/entry-rules'
    // The mock has no `roamer` backend: the request went out and the mock answered 404.
    expect(errorOf(await h.host.call('710000', 'entryRules'))).toMatchObject({ code: 'NP_ERR_HTTP_STATUS' })
    expect(await h.host.call('120000', 'getHealthCode', person)).toMatchObject({ data: { province: '120000' } })
  })

  test("declared production origins are allowed at any path; the H5 proxy base stays on the page's origin", async () => {
    const sent: string[] = []
    const host = createHost({
      registry: createRegistry([roamer]),
      httpFactory: (config) => {
        const adapter: AxiosAdapter = async (c) => {
          sent.push(axios.getUri(c))
          return { data: { ok: true }, status: 200, statusText: 'OK', headers: {}, config: c }
        }
        return axios.create({ baseURL: config.baseURL, adapter })
      },
      clock: { now: Date.now },
      configFor: () => ({ baseURL: '/np-api/roamer' }),
      consent: () => true,
    })
    for (const url of ['https://roamer.np-demo.example/api/v2/rules', '/v1/entry-rules']) {
      target = url
      expect(await host.call('710000', 'entryRules')).toEqual({ data: { ok: true } })
    }
    expect(sent).toEqual(['https://roamer.np-demo.example/api/v2/rules', '/np-api/roamer/v1/entry-rules'])
    for (const url of [
      '/../hunan/v1/x',
      'https://roamer.np-demo.example.evil.cn/x',
      'http://roamer.np-demo.example/x',
    ]) {
      target = url
      expect(errorOf(await host.call('710000', 'entryRules')).code).toBe('NP_ERR_ORIGIN_UNDECLARED')
    }
    expect(sent).toHaveLength(2)
  })

  test('the guard needs no global URL (mini-program runtimes lack it)', async () => {
    const host = createHost({
      registry: createRegistry([roamer]),
      httpFactory: (config) =>
        axios.create({
          baseURL: config.baseURL,
          adapter: async (c) => ({ data: { ok: true }, status: 200, statusText: 'OK', headers: {}, config: c }),
        }),
      clock: { now: Date.now },
      configFor: () => ({ baseURL: 'https://gateway.np.example.cn/roamer' }),
      consent: () => true,
    })
    const saved = globalThis.URL
    try {
      ;(globalThis as { URL?: unknown }).URL = undefined
      target = '/v1/entry-rules'
      expect(await host.call('710000', 'entryRules')).toEqual({ data: { ok: true } })
      target = 'https://gateway.np.example.cn/hunan/v1/entry-rules'
      expect(errorOf(await host.call('710000', 'entryRules')).code).toBe('NP_ERR_ORIGIN_UNDECLARED')
    } finally {
      globalThis.URL = saved
    }
  })

  test.each([
    ['https://API.Example.cn:443/a/./b/../c?x#y', { origin: 'https://api.example.cn', path: '/a/c' }],
    ['http://127.0.0.1:9300/guangdong/%2E%2e/hunan', { origin: 'http://127.0.0.1:9300', path: '/hunan' }],
    ['//evil.example/x', { origin: 'https://evil.example', path: '/x' }],
    ['/np-api/gd/../../x', { origin: 'self:', path: '/x' }],
    ['http://[::1]:8080/', { origin: 'http://[::1]:8080', path: '/' }],
    ['https://a@b.example/', undefined],
    ['https://good.example\\@evil.example/', undefined],
    ['javascript:alert(1)', undefined],
    ['https://a.example:99999/', undefined],
    ['https:// a.example/', undefined],
  ])('parseUrl(%s)', (url, expected) => {
    expect(parseUrl(url)).toEqual(expected)
  })

  test('the policy on its own', () => {
    const policy = originPolicy(
      { origins: ['https://api.gd.example'] },
      { baseURL: 'http://127.0.0.1:9300/guangdong/' },
    )
    expect(allowedBy(policy, 'https://api.gd.example/x?y=1')).toBe(true)
    expect(allowedBy(policy, 'https://api.gd.example:8443/x')).toBe(false)
    expect(allowedBy(policy, 'http://127.0.0.1:9300/guangdong/ykm/open')).toBe(true)
    expect(allowedBy(policy, 'http://127.0.0.1:9300/guangdong')).toBe(true)
    expect(allowedBy(policy, 'http://127.0.0.1:9300/guangdongx/a')).toBe(false)
    expect(allowedBy(policy, 'http://127.0.0.1:9300/hunan/a')).toBe(false)
    expect(allowedBy(policy, 'http://127.0.0.1:9301/guangdong/a')).toBe(false)
  })
})

describe('the registry refuses plugins without a fitting manifest', () => {
  const base = { id: '440000', slug: 'guangdong', name: { zh: '广东省', en: 'Guangdong' } }
  const codeOf = (plugin: object): string => {
    try {
      createRegistry([plugin as AnyProvincePlugin])
      return 'accepted'
    } catch (e) {
      return `${(e as { code?: string }).code}: ${(e as Error).message}`
    }
  }

  test('no manifest: NP_ERR_PLUGIN_MANIFEST naming the file to add', () => {
    expect(codeOf(base)).toMatch(/^NP_ERR_PLUGIN_MANIFEST: .*guangdong \(440000\).*plugins\/guangdong\/manifest\.ts/)
  })

  test.each([
    [{ hooks: ['entryRules'] }, /manifest\.hooks \["entryRules"\] must be exactly the hooks the plugin provides \[\]/],
    [{ identityFields: ['name'] }, /manifest\.identityFields/],
    [{ origins: [] }, /at least one production origin/],
    [{ origins: ['http://api.gd.example'] }, /"http:\/\/api\.gd\.example": an origin is "https:\/\/"/],
    [{ origins: ['https://api.gd.example/v1'] }, /no path/],
    [{ version: 'one' }, /manifest\.version/],
    [{ contract: 'latest' }, /manifest\.contract/],
    [{ kind: 'national' }, /trustAnchors is required for kind "national"/],
  ])('a manifest that does not fit %# is refused', (more, message) => {
    const result = codeOf({ ...base, manifest: { ...manifestOf('guangdong', { hooks: [] }), ...more } })
    expect(result).toMatch(/^NP_ERR_PLUGIN_MANIFEST/)
    expect(result).toMatch(message)
  })

  test('a foreign-certificate plugin with trust anchors is accepted', () => {
    const manifest = manifestOf('guangdong', { hooks: [], kind: 'foreign', trustAnchors: ['dGVzdC1hbmNob3ItMDE'] })
    expect(codeOf({ ...base, manifest })).toBe('accepted')
  })

  test('contract versions: same major and no newer minor are accepted, others say what changed', () => {
    expect(codeOf({ ...base, manifest: manifestOf('guangdong', { hooks: [] }) })).toBe('accepted')
    const old = codeOf({ ...base, manifest: manifestOf('guangdong', { hooks: [], contract: '1.0' }) })
    expect(old).toMatch(/^NP_ERR_PLUGIN_CONTRACT: .*written for contract 1\.0, this host implements 2\.2/)
    expect(old).toContain('ctx.http (2.0: refuses requests to origins the manifest does not declare')
    const older = codeOf({ ...base, manifest: manifestOf('guangdong', { hooks: [], contract: '2.0' }) })
    expect(older).toBe('accepted')
    const newer = codeOf({ ...base, manifest: manifestOf('guangdong', { hooks: [], contract: '2.3' }) })
    expect(newer).toMatch(/newer than this host's 2\.2; update the app/)
  })

  test('a changed hook is named', () => {
    const log = [
      { version: '3.0', date: '2027-01-01', changes: { getHealthCode: 'answers a list of codes' } },
      ...CONTRACT_CHANGELOG.filter((c) => c.version <= '2.0'),
    ]
    expect(contractCompatibility('2.0', '3.0', log)).toEqual({
      ok: false,
      detail:
        'written for contract 2.0, this host implements 3.0; changed since: getHealthCode (3.0: answers a list of codes)',
    })
    expect(contractCompatibility('3.0', '2.0', log)).toMatchObject({
      ok: false,
      detail: expect.stringContaining('getHealthCode'),
    })
    expect(contractCompatibility('2.0', '2.3', log)).toEqual({ ok: true })
  })
})

test('the changelog starts at the current version and plugins/README.md lists every entry', () => {
  expect(CONTRACT_CHANGELOG[0].version).toBe(CONTRACT_VERSION)
  const readme = readFileSync(join(__dirname, '..', '..', 'plugins', 'README.md'), 'utf8')
  for (const entry of CONTRACT_CHANGELOG) expect(readme).toContain(`| ${entry.version} | ${entry.date} |`)
  expect(readme).toContain(`now **${CONTRACT_VERSION}**`)
})

describe('every registered plugin', () => {
  test.each(plugins.map((p) => [p.slug, p] as const))('%s has a manifest file in its folder that fits', (slug, p) => {
    expect(existsSync(join(__dirname, '..', '..', 'plugins', slug, 'manifest.ts'))).toBe(true)
    expect(p.manifest).toMatchObject({ contract: CONTRACT_VERSION })
    expect(() => createRegistry([p])).not.toThrow()
  })
})

test('the national platform has a manifest that fits, naming its DEMO key cn1 as trust anchor', () => {
  expect(existsSync(join(__dirname, '..', '..', 'plugins', 'national', 'manifest.ts'))).toBe(true)
  expect(national.manifest).toMatchObject({ contract: CONTRACT_VERSION, kind: 'national' })
  const cn1 = demoProvinceKeys.find((k) => k.kid === 'cn1')
  expect(cn1?.province).toBe('100000')
  expect(national.manifest?.trustAnchors).toEqual([base64urlEncode(cn1?.publicKey ?? new Uint8Array())])
  expect(() => createRegistry([...plugins, national])).not.toThrow()
})
