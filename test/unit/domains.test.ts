/**
 * `npm run domains`: the request-domain lists come from the manifests, the
 * committed list is current, and the build check fails when a plugin's origin
 * is missing from the list.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
// Every authority the app asks: the 31 provinces and the national platform.
import { authorities as plugins } from '../../plugins/authorities'
import {
  apiBaseFor,
  DOMAINS_FILE,
  formatDomains,
  missingFrom,
  notRegistrable,
  type RequestDomains,
  requestDomains,
} from '../../scripts/domains'

jest.setTimeout(60_000)

const repo = resolve(__dirname, '../..')
const tsx = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env } })

const manifestOrigins = [...new Set(plugins.flatMap((p) => [...(p.manifest?.origins ?? [])]))].sort()

describe('request domains', () => {
  const d = requestDomains(plugins, 'https://api.np.example.cn/v1', 'production')

  test('the WeChat and Alipay lists are the manifests’ origins plus the API base’s origin', () => {
    expect(manifestOrigins.length).toBeGreaterThanOrEqual(31)
    expect(d.weapp).toEqual([...new Set(['https://api.np.example.cn', ...manifestOrigins])].sort())
    expect(d.alipay).toEqual(d.weapp)
    for (const p of plugins) expect(d.plugins[p.slug]).toEqual(p.manifest?.origins)
  })

  test('the H5 proxy forwards each plugin’s prefix to its first origin, the rest to the API base', () => {
    for (const p of plugins)
      expect(d.h5Proxy).toContainEqual({ path: `/np-api/${p.slug}/`, to: `${p.manifest?.origins[0]}/` })
    expect(d.h5Proxy.at(-1)).toEqual({ path: '/np-api/', to: 'https://api.np.example.cn/v1/' })
    const text = formatDomains(d)
    expect(text).toContain('request 合法域名')
    expect(text).toContain('服务器域名白名单')
    expect(text).toContain('location /np-api/guangdong/ { proxy_pass https://guangdong.np-demo.example/;')
  })

  test('a relative API base (H5) adds no origin', () => {
    expect(requestDomains(plugins, '/np-api').weapp).toEqual(manifestOrigins)
  })

  test('origins a console will refuse are flagged', () => {
    expect(notRegistrable('http://127.0.0.1:9300')).toMatch(/not https/)
    expect(notRegistrable('https://127.0.0.1')).toMatch(/IP address/)
    expect(notRegistrable('https://guangdong.np-demo.example')).toMatch(/DEMO placeholder/)
    expect(notRegistrable('https://ykm.gd.gov.cn')).toBeUndefined()
  })

  test('the API base comes from the environment, then .env.<mode>', () => {
    expect(apiBaseFor('production', repo, { TARO_APP_API_BASE: 'https://x.example.cn' })).toBe('https://x.example.cn')
    const envFile = readFileSync(join(repo, '.env.production'), 'utf8')
    const line = envFile.split('\n').find((l) => l.startsWith('TARO_APP_API_BASE='))
    expect(apiBaseFor('production', repo, {})).toBe(line?.split('=')[1]?.trim())
  })

  test('the committed config/request-domains.json is what the manifests say now', () => {
    const committed = JSON.parse(readFileSync(DOMAINS_FILE, 'utf8')) as RequestDomains
    const fresh = requestDomains(plugins, apiBaseFor('production', repo, {}), 'production')
    expect(committed).toEqual(fresh)
    expect(missingFrom(fresh, committed)).toEqual([])
  })

  test('a plugin origin missing from the list is named, per platform', () => {
    const fresh = requestDomains(plugins, 'http://127.0.0.1:9300')
    const lacking = { ...fresh, weapp: fresh.weapp.filter((o) => o !== 'https://guangdong.np-demo.example') }
    expect(missingFrom(fresh, lacking)).toEqual([
      'guangdong: origin https://guangdong.np-demo.example is missing from the weapp request-domain list',
    ])
  })
})

describe('the commands', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'np-domains-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('npm run domains prints every manifest origin under both consoles', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/domains.ts'], {
      cwd: repo,
      encoding: 'utf8',
    })
    const [wechat, rest] = out.split('Alipay')
    for (const origin of manifestOrigins) {
      expect(wechat).toContain(origin)
      expect(rest).toContain(origin)
    }
  })

  test('--check and the build check fail when a plugin origin is missing from the generated list', () => {
    const committed = JSON.parse(readFileSync(DOMAINS_FILE, 'utf8')) as RequestDomains
    const file = join(dir, 'request-domains.json')
    writeFileSync(
      file,
      JSON.stringify({ ...committed, alipay: committed.alipay.filter((o) => o !== 'https://hunan.np-demo.example') }),
    )
    const check = tsx(['scripts/domains.ts', '--check', '--file', file])
    expect(check.status).toBe(1)
    expect(check.stderr).toContain(
      'hunan: origin https://hunan.np-demo.example is missing from the alipay request-domain list',
    )

    const build = spawnSync(
      process.execPath,
      ['scripts/check-build.mjs', 'weapp', '--dist', dir, '--domains-file', file],
      { cwd: repo, encoding: 'utf8' },
    )
    expect(build.status).toBe(1)
    expect(build.stdout + build.stderr).toContain('hunan: origin https://hunan.np-demo.example is missing')

    writeFileSync(file, JSON.stringify(committed))
    expect(tsx(['scripts/domains.ts', '--check', '--file', file]).status).toBe(0)
  })
})
