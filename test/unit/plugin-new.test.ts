/**
 * `npm run plugin:new` scaffolds a plugin and its mock backend that pass
 * conformance with no edits. Runs the scaffolder into a temporary copy of the
 * project (never the working tree), typechecks the generated files, and puts
 * the new plugin through the conformance run against a started mock server.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

jest.setTimeout(60_000)

const repo = resolve(__dirname, '../..')
let root: string

/** Modules of the temporary copy (its own NpError class, registry and mock). */
function fromCopy<T>(path: string): T {
  return require(join(root, path)) as T
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'np-plugin-new-'))
  for (const dir of ['src', 'mock', 'plugins', 'scripts', 'test/conformance'])
    cpSync(join(repo, dir), join(root, dir), { recursive: true })
  cpSync(join(repo, 'tsconfig.json'), join(root, 'tsconfig.json'))
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir')
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

type Scaffold = typeof import('../../scripts/plugin-new')

describe('plugin:new', () => {
  let files: string[]
  beforeAll(async () => {
    const { scaffoldPlugin } = fromCopy<Scaffold>('scripts/plugin-new.ts')
    files = await scaffoldPlugin({ root, slug: 'test-province', code: '710000', zh: '测试省', en: 'Test Province' })
  })

  test('writes the plugin and backend and registers both above the markers', () => {
    expect(files.map((f) => f.slice(root.length + 1)).sort()).toEqual(
      [
        'mock/provinces/index.ts',
        'mock/provinces/test-province.ts',
        'plugins/index.ts',
        'plugins/test-province/index.ts',
        'plugins/test-province/manifest.ts',
      ].sort(),
    )
    const plugins = readFileSync(join(root, 'plugins/index.ts'), 'utf8')
    expect(plugins).toContain("import testProvince from './test-province'")
    expect(plugins).toMatch(/ {2}testProvince,\n {2}\/\/ plugin:new inserts above this line/)
    const backends = readFileSync(join(root, 'mock/provinces/index.ts'), 'utf8')
    expect(backends).toMatch(/ {2}testProvinceBackend,\n {2}\/\/ plugin:new inserts above this line/)
    const pluginLines = readFileSync(join(root, 'plugins/test-province/index.ts'), 'utf8').split('\n').length
    expect(pluginLines).toBeLessThanOrEqual(150)
  })

  test('the generated files typecheck under the project tsconfig', () => {
    const generated = [
      'plugins/test-province/index.ts',
      'plugins/test-province/manifest.ts',
      'mock/provinces/test-province.ts',
    ]
    const check = { extends: './tsconfig.json', compilerOptions: { types: ['node'] }, include: [], files: generated }
    writeFileSync(join(root, 'tsconfig.check.json'), JSON.stringify(check))
    let output = ''
    try {
      execFileSync(join(repo, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.check.json', '--noEmit'], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      })
    } catch (e) {
      // tsc exits non-zero for errors anywhere in the import graph; only the generated files are ours to judge.
      output = String((e as { stdout?: string }).stdout ?? e)
    }
    expect(output.split('\n').filter((line) => generated.some((f) => line.startsWith(f)))).toEqual([])
  })

  test('the new plugin passes the conformance run with no edits', async () => {
    jest.resetModules() // the scaffolder loaded the registry before it was edited
    const { plugins, demoPluginConfig } = fromCopy<typeof import('../../plugins')>('plugins/index.ts')
    const { allBackends } = fromCopy<typeof import('../../mock/provinces')>('mock/provinces/index.ts')
    const { startHarness } = fromCopy<typeof import('../conformance/harness')>('test/conformance/harness.ts')
    const run = fromCopy<typeof import('../conformance/run')>('test/conformance/run.ts')
    const plugin = plugins.find((p) => p.id === '710000')
    const witness = plugins.find((p) => p.id === '120000')
    expect(plugin && witness).toBeTruthy()
    expect(plugin!.manifest).toEqual({
      contract: fromCopy<typeof import('../../src/sdk/manifest')>('src/sdk/manifest.ts').CONTRACT_VERSION,
      version: '0.1.0',
      origins: ['https://test-province.np-demo.example'],
      identityFields: ['name', 'idNumber'],
      hooks: [...run.declaredHooks(plugin!), 'signIn', 'refreshSession', 'requestProxy', 'revokeProxy'],
    })
    const backends = allBackends.filter((b) => b.province === '710000' || b.province === '120000')
    expect(backends).toHaveLength(2)
    let config: Record<string, { baseURL: string }> = {}
    const h = await startHarness({ plugins: [plugin!, witness!], backends, configOf: (p) => config[p.id] })
    config = demoPluginConfig(h.server.url)
    try {
      const result = await run.runPlugin(h, plugin!, witness!)
      for (const hook of run.declaredHooks(plugin!)) {
        const call = result.calls[hook]
        expect([hook, call && 'data' in call.result]).toEqual([hook, true])
        for (const v of call?.verification ?? []) expect(v).toMatchObject({ status: 'verified', kid: 'x710000-1' })
      }
      expect(result.calls.getHealthCode?.verification).toHaveLength(1)
      expect(result.calls.checkIn?.again).toMatchObject({ data: { duplicate: true } })
      for (const [fault, codes] of run.faultsFor(plugin!)) {
        const f = result.faults[fault]!
        if (fault === 'badsig')
          expect(f.verification?.[0]).toMatchObject({ status: 'invalid', code: 'NP_ERR_SIGNATURE_INVALID' })
        else expect(codes).toContain(run.errorOf(f.result).code)
        expect(f.witness && 'data' in f.witness.result).toBe(true)
      }
      expect(
        h.received
          .filter((r) => r.plugin === '710000')
          .every((r) => Object.keys(r.person).sort().join() === 'idNumber,name'),
      ).toBe(true)
      expect(plugin!.recognizePlaceCode?.('TES:TES-R00001:测试场所')).toMatchObject({
        province: '710000',
        venueId: 'TES-R00001',
        source: 'legacy',
      })
    } finally {
      await h.close()
    }
  })
})

describe('plugin:new refuses', () => {
  const scaffold = (slug: string, code: string) =>
    fromCopy<Scaffold>('scripts/plugin-new.ts').scaffoldPlugin({ root, slug, code })

  test.each([
    ['guangdong', '720000', /plugins\/guangdong already exists/],
    ['canton', '440000', /Province 440000 is already registered by guangdong/],
    ['Bad_Slug', '720000', /Slug "Bad_Slug" must be lower-case/],
    ['new-region', '72000', /Code "72000" must be a GB\/T 2260 province code/],
    ['new-region', '441900', /six digits ending in 0000/],
  ])('%s / %s', async (slug, code, message) => {
    await expect(scaffold(slug, code)).rejects.toThrow(message)
    expect(existsSync(join(root, 'plugins', slug.toLowerCase(), 'index.ts')) && slug !== 'guangdong').toBe(false)
  })

  test.each(['http://api.example.cn', 'https://api.example.cn/v1', 'api.example.cn'])('origin %s', async (origin) => {
    const { scaffoldPlugin } = fromCopy<Scaffold>('scripts/plugin-new.ts')
    await expect(scaffoldPlugin({ root, slug: 'origin-test', code: '730000', origin })).rejects.toThrow(
      /--origin .* must be https:\/\/host\[:port\]/,
    )
    expect(existsSync(join(root, 'plugins', 'origin-test'))).toBe(false)
  })

  test('the CLI prints a clear message and exits 1', () => {
    const run = (): string =>
      execFileSync(join(repo, 'node_modules/.bin/tsx'), ['scripts/plugin-new.ts', 'beijing', '--code', '110000'], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      })
    expect(run).toThrow(/plugins\/beijing already exists/)
  })
})
