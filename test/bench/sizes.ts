/**
 * Size rows: builds the blank Taro app (test/bench/blank) for weapp, alipay
 * and h5 in this run — and ours when dist/ is missing or with `--rebuild` —
 * then measures the WeChat main package and total, the Alipay total and the
 * H5 initial JavaScript (gzip), each as a ratio to the blank app, plus an
 * estimate of the province plugins' share of the mini-program bundle.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import type { BenchRow } from './types'

export const ROOT = path.resolve(__dirname, '..', '..')
export const BLANK_SRC = path.join(ROOT, 'test', 'bench', 'blank', 'src')
const OUT = path.join(ROOT, 'artifacts', 'bench')
const KB = 1024
const MiB = 1024 * 1024

export type Platform = 'weapp' | 'alipay' | 'h5'
export const distOf = (platform: Platform, blank: boolean): string =>
  path.join(ROOT, blank ? 'dist-blank' : 'dist', platform)

/** The file that proves a build finished. */
const marker = (platform: Platform): string => (platform === 'h5' ? 'index.html' : 'app.json')
export const isBuilt = (platform: Platform, blank: boolean): boolean =>
  existsSync(path.join(distOf(platform, blank), marker(platform)))

/** `taro build --type <platform>` (production), output logged to artifacts/bench/build-*.log. Throws on failure. */
export function build(platform: Platform, blank: boolean): number {
  mkdirSync(OUT, { recursive: true })
  const log = path.join(OUT, `build-${blank ? 'blank-' : ''}${platform}.log`)
  const t0 = Date.now()
  const { NP_BENCH_BLANK: _inherited, ...inherited } = process.env
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    NODE_ENV: 'production',
    FORCE_COLOR: '0',
    ...(blank ? { NP_BENCH_BLANK: '1' } : {}),
  }
  process.stdout.write(`  building ${blank ? 'blank' : 'ours'} ${platform}… `)
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', platform], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * MiB,
  })
  writeFileSync(log, `${r.stdout ?? ''}\n${r.stderr ?? ''}`)
  const seconds = (Date.now() - t0) / 1000
  if (r.status !== 0 || !isBuilt(platform, blank)) {
    console.log('failed')
    throw new Error(
      `build of ${blank ? 'blank' : 'ours'} ${platform} failed (exit ${r.status}); see ${path.relative(ROOT, log)}`,
    )
  }
  console.log(`${seconds.toFixed(0)} s`)
  return seconds
}

interface CheckBuildResult {
  packages?: Record<string, { bytes: number }>
  mainBytes: number
  totalBytes: number
  jsBytes: number
  files: Array<{ path: string; bytes: number }>
  errors: string[]
}
interface CheckBuildModule {
  checkBuild(platform: 'weapp' | 'alipay', opts: { distDir?: string; configPath?: string }): CheckBuildResult
}
interface BudgetsModule {
  h5InitialJs(
    distDir: string,
    route?: string,
  ): { route: string; bytes: number; gzipBytes: number; files: Array<{ path: string; gzipBytes: number }> }
  BUDGETS: Array<{ name: string; platform: string; field: string; max: number }>
}

// Non-literal specifiers: these are plain .mjs scripts without type declarations.
const importScript = async <T>(file: string): Promise<T> => (await import(path.join(ROOT, 'scripts', file))) as T

function walk(dir: string, base = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) walk(full, base, out)
    else out.push(path.relative(base, full).split(path.sep).join('/'))
  }
  return out
}

/** Mini-program package sizes: scripts/check-build.mjs when present, else the same count done here (no subpackages). */
async function miniSizes(
  platform: 'weapp' | 'alipay',
  blank: boolean,
): Promise<{ main: number; total: number; js: number; packages?: Record<string, { bytes: number }> }> {
  const distDir = distOf(platform, blank)
  const configPath = path.join(blank ? BLANK_SRC : path.join(ROOT, 'src'), 'app.config.ts')
  try {
    const { checkBuild } = await importScript<CheckBuildModule>('check-build.mjs')
    const r = checkBuild(platform, { distDir, configPath })
    if (!r.files.length) throw new Error(r.errors.join('; '))
    return { main: r.mainBytes, total: r.totalBytes, js: r.jsBytes, packages: r.packages }
  } catch (e) {
    if (!(e instanceof Error && /Cannot find module|ERR_MODULE_NOT_FOUND/.test(String(e)))) throw e
    let total = 0
    let js = 0
    for (const f of walk(distDir)) {
      if (/(^|\/)\.|\.map$|^project(\.private)?\.config\.json$|^mini\.project\.json$/.test(f)) continue
      const n = statSync(path.join(distDir, f)).size
      total += n
      if (f.endsWith('.js')) js += n
    }
    return { main: total, total, js }
  }
}

/**
 * Estimate of the plugins' own code in the bundle: plugins/** bundled alone by
 * esbuild (minified, gzip level 9), with everything outside plugins/ (the SDK,
 * core and npm packages, which the app ships anyway) left external.
 */
async function pluginsEstimate(): Promise<{ bytes: number; gzipBytes: number; modules: number }> {
  const esbuild = await import('esbuild')
  const dir = path.join(ROOT, 'plugins')
  const r = await esbuild.build({
    entryPoints: [path.join(dir, 'index.ts')],
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    target: 'es2017',
    platform: 'neutral',
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'plugins-only',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined
            const local = args.path.startsWith('.') ? path.resolve(args.resolveDir, args.path) : ''
            if (local.startsWith(dir + path.sep)) return undefined
            return { path: args.path, external: true }
          })
        },
      },
    ],
  })
  const code = r.outputFiles[0].contents
  return {
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    modules: Object.keys(r.metafile.inputs).length,
  }
}

const kb = (n: number): number => Math.round((n / KB) * 10) / 10

export interface SizeOptions {
  rebuild?: boolean
}

export async function benchSizes(
  opts: SizeOptions = {},
): Promise<{ rows: BenchRow[]; detail: Record<string, unknown> }> {
  const platforms: Platform[] = ['weapp', 'alipay', 'h5']
  const buildSeconds: Record<string, number> = {}
  const buildErrors: Record<string, string> = {}
  const tryBuild = (p: Platform, blank: boolean): void => {
    const key = `${blank ? 'blank' : 'ours'}.${p}`
    try {
      buildSeconds[key] = build(p, blank)
    } catch (e) {
      buildErrors[key] = (e as Error).message
    }
  }
  for (const p of platforms) if (opts.rebuild || !isBuilt(p, false)) tryBuild(p, false)
  for (const p of platforms) tryBuild(p, true)

  const detail: Record<string, unknown> = { buildSeconds, buildErrors }
  const rows: BenchRow[] = []
  /** One row; a failed build or measurement is a row saying so, never a number. */
  const row = async (name: string, platform: Platform, measure: () => Promise<Omit<BenchRow, 'name'>>) => {
    const failed = buildErrors[`ours.${platform}`] ?? buildErrors[`blank.${platform}`]
    try {
      if (failed) throw new Error(failed)
      rows.push({ name, ...(await measure()) })
    } catch (e) {
      rows.push({ name, value: Number.NaN, unit: 'KB', note: `not available: ${(e as Error).message.split('\n')[0]}` })
    }
  }
  const { h5InitialJs, BUDGETS } = await importScript<BudgetsModule>('check-budgets.mjs')
  const budget = BUDGETS.find((b) => b.platform === 'weapp' && b.field === 'mainBytes')?.max ?? MiB

  await row('size.weapp.main', 'weapp', async () => {
    const [ours, blank] = [await miniSizes('weapp', false), await miniSizes('weapp', true)]
    detail.weapp = { ours, blank }
    const used = ((100 * ours.main) / budget).toFixed(0)
    return {
      value: kb(ours.main),
      unit: 'KB',
      ratio: ours.main / blank.main,
      reference: `blank ${kb(blank.main)} KB; budget ≤ ${kb(budget)} KB (${used}% used)`,
    }
  })
  // WeChat's async subpackage (issue 16): the code after the first frame, downloaded with require.async.
  await row('size.weapp.lazy', 'weapp', async () => {
    const [ours, blank] = [await miniSizes('weapp', false), await miniSizes('weapp', true)]
    const lazy = ours.packages?.lazy?.bytes
    if (lazy === undefined) throw new Error('no lazy subpackage in dist/weapp')
    return {
      value: kb(lazy),
      unit: 'KB',
      ratio: lazy / blank.main,
      reference: `of the blank app's main package ${kb(blank.main)} KB; loaded after the first frame (require.async)`,
    }
  })
  await row('size.weapp.total', 'weapp', async () => {
    const [ours, blank] = [await miniSizes('weapp', false), await miniSizes('weapp', true)]
    return {
      value: kb(ours.total),
      unit: 'KB',
      ratio: ours.total / blank.total,
      reference: `blank ${kb(blank.total)} KB`,
    }
  })
  await row('size.alipay.total', 'alipay', async () => {
    const [ours, blank] = [await miniSizes('alipay', false), await miniSizes('alipay', true)]
    detail.alipay = { ours, blank }
    return {
      value: kb(ours.total),
      unit: 'KB',
      ratio: ours.total / blank.total,
      reference: `blank ${kb(blank.total)} KB`,
    }
  })
  await row('size.h5.initialJs.gzip', 'h5', async () => {
    const ours = h5InitialJs(distOf('h5', false), 'pages/pass/index')
    const blank = h5InitialJs(distOf('h5', true))
    detail.h5 = { ours, blank }
    return {
      value: kb(ours.gzipBytes),
      unit: 'KB',
      ratio: ours.gzipBytes / blank.gzipBytes,
      reference: `blank ${kb(blank.gzipBytes)} KB; ${ours.files.length} vs ${blank.files.length} files (index.html scripts + first route chunks)`,
    }
  })
  await row('size.weapp.plugins (est.)', 'weapp', async () => {
    const plugins = await pluginsEstimate()
    const weapp = await miniSizes('weapp', false)
    detail.plugins = plugins
    return {
      value: kb(plugins.bytes),
      unit: 'KB',
      ratio: plugins.bytes / weapp.js,
      reference: `share of weapp JS ${kb(weapp.js)} KB; ${plugins.modules} modules, gzip ${kb(plugins.gzipBytes)} KB`,
      note: 'estimate: plugins/** minified alone by esbuild; SDK, core and npm code excluded',
    }
  })
  return { rows, detail }
}
