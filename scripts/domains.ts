/**
 * `npm run domains`: the request-domain lists to register in the WeChat
 * (开发管理 → 服务器域名 → request 合法域名) and Alipay (开发设置 → 服务器域名白名单 →
 * httpRequest) consoles for the current build, and the H5 proxy configuration,
 * from the plugins' manifests.
 *
 *   npm run domains                        # print the lists (mode production)
 *   npm run domains -- --mode development  # for a development build
 *   npm run domains -- --json              # the same as JSON
 *   npm run domains -- --write             # write config/request-domains.json (commit it)
 *   npm run domains -- --check [--file f]  # exit 1 if a plugin's origin is missing from the file
 *
 * The app reaches the national endpoints, and in development every plugin,
 * through the build's API base (`TARO_APP_API_BASE` in `.env.<mode>`); in
 * production each plugin may reach its manifest's origins. Both go in the lists.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { authorities } from '../plugins/authorities'
import { CONTRACT_VERSION, originOf } from '../src/sdk/manifest'
import type { AnyProvincePlugin } from '../src/sdk/registry'

const ROOT = resolve(__dirname, '..')
/** The generated list the consoles were set from; the build check compares the manifests with it. */
export const DOMAINS_FILE = join(ROOT, 'config', 'request-domains.json')
/** The H5 app's proxy prefix (src/platform/http.ts, scripts/serveApp.ts). */
export const H5_PREFIX = '/np-api'

export interface RequestDomains {
  /** Build mode the API base was read for. */
  mode: string
  /** The build's API base (`TARO_APP_API_BASE`), as the mini-programs use it. */
  apiBase: string
  contract: string
  /** WeChat: request 合法域名. */
  weapp: string[]
  /** Alipay: httpRequest 服务器域名白名单. */
  alipay: string[]
  /** H5: where the same-origin proxy forwards each prefix. */
  h5Proxy: Array<{ path: string; to: string }>
  /** Each plugin's declared production origins. */
  plugins: Record<string, string[]>
}

/** `TARO_APP_API_BASE` for `mode`: the environment first, then `.env.<mode>`, then the app's default. */
export function apiBaseFor(mode: string, root = ROOT, env: Record<string, string | undefined> = process.env): string {
  if (env.TARO_APP_API_BASE) return env.TARO_APP_API_BASE
  const file = join(root, `.env.${mode}`)
  if (existsSync(file)) {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('TARO_APP_API_BASE='))
    if (line) return line.slice('TARO_APP_API_BASE='.length).replace(/^["']|["']$/g, '')
  }
  return 'http://127.0.0.1:9300'
}

/** The lists for a build whose API base is `apiBase`. */
export function requestDomains(
  list: readonly AnyProvincePlugin[],
  apiBase: string,
  mode = 'production',
): RequestDomains {
  const perPlugin: Record<string, string[]> = {}
  for (const p of list) perPlugin[p.slug] = [...(p.manifest?.origins ?? [])]
  const base = originOf(apiBase)
  const origins = [...new Set([...(base ? [base] : []), ...Object.values(perPlugin).flat()])].sort()
  const h5Proxy = list
    .filter((p) => perPlugin[p.slug].length > 0)
    .map((p) => ({ path: `${H5_PREFIX}/${p.slug}/`, to: `${perPlugin[p.slug][0]}/` }))
  if (base) h5Proxy.push({ path: `${H5_PREFIX}/`, to: `${apiBase.replace(/\/+$/, '')}/` })
  return { mode, apiBase, contract: CONTRACT_VERSION, weapp: origins, alipay: origins, h5Proxy, plugins: perPlugin }
}

/** Each declared origin of each plugin that `file` lacks, as a sentence. */
export function missingFrom(fresh: RequestDomains, file: Partial<RequestDomains>): string[] {
  const problems: string[] = []
  for (const [slug, origins] of Object.entries(fresh.plugins))
    for (const origin of origins)
      for (const platform of ['weapp', 'alipay'] as const)
        if (!file[platform]?.includes(origin))
          problems.push(`${slug}: origin ${origin} is missing from the ${platform} request-domain list`)
  return problems
}

/** Origins a console will not accept (http, an IP address, localhost, a reserved DEMO name). */
export function notRegistrable(origin: string): string | undefined {
  const u = new URL(origin)
  if (u.protocol !== 'https:') return 'not https: development only (tick 不校验合法域名 in the IDE)'
  if (/^\d+\.\d+\.\d+\.\d+$/.test(u.hostname) || u.hostname === 'localhost') return 'an IP address or localhost'
  if (/\.(example|invalid|test|localhost)$/.test(u.hostname)) return 'a DEMO placeholder: the province supplies its own'
  return undefined
}

/** The human-readable lists. */
export function formatDomains(d: RequestDomains): string {
  const lines: string[] = []
  const entry = (o: string) => {
    const why = notRegistrable(o)
    return `  ${o}${why ? `    # ${why}` : ''}`
  }
  lines.push(`Request domains for the ${d.mode} build (API base ${d.apiBase}, contract ${d.contract})`, '')
  lines.push('WeChat — 开发管理 → 开发设置 → 服务器域名 → request 合法域名:', ...d.weapp.map(entry), '')
  lines.push('Alipay — 开发设置 → 服务器域名白名单 (httpRequest):', ...d.alipay.map(entry), '')
  lines.push(`H5 — the app calls ${H5_PREFIX}/… on its own origin; proxy (nginx):`)
  for (const p of d.h5Proxy)
    lines.push(
      `  location ${p.path} { proxy_pass ${p.to}; proxy_set_header Host $proxy_host; proxy_ssl_server_name on; }`,
    )
  lines.push('', 'Per plugin (from plugins/<slug>/manifest.ts):')
  for (const [slug, origins] of Object.entries(d.plugins)) lines.push(`  ${slug.padEnd(16)} ${origins.join(' ')}`)
  return lines.join('\n')
}

function main(argv: readonly string[]): number {
  const flag = (name: string) => argv.includes(name)
  const value = (name: string) => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const mode = value('--mode') ?? 'production'
  const file = resolve(value('--file') ?? DOMAINS_FILE)
  const fresh = requestDomains(authorities, apiBaseFor(mode), mode)
  if (flag('--check')) {
    if (!existsSync(file)) {
      console.error(`${file} not found: run npm run domains -- --write`)
      return 1
    }
    const problems = missingFrom(fresh, JSON.parse(readFileSync(file, 'utf8')) as Partial<RequestDomains>)
    for (const p of problems) console.error(p)
    if (problems.length > 0) {
      console.error(`Run npm run domains -- --write, commit ${file} and register the lists in the consoles.`)
      return 1
    }
    console.log(`request domains: every plugin origin is in ${file}`)
    return 0
  }
  if (flag('--write')) {
    writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`)
    console.log(`wrote ${file}`)
    return 0
  }
  console.log(flag('--json') ? JSON.stringify(fresh, null, 2) : formatDomains(fresh))
  return 0
}

if (process.argv[1]?.replace(/\\/g, '/').endsWith('scripts/domains.ts')) process.exitCode = main(process.argv.slice(2))
