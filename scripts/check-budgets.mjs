#!/usr/bin/env node
/**
 * Size budgets (issue 8), checked after the builds by `npm test`:
 *
 *   node scripts/check-budgets.mjs [--json out.json]
 *
 *  - weapp main package ≤ 480 KiB (issue 16: ≤ 1.8× the blank Taro app's 274 KB, 435 KB today): the code after the first frame is the async subpackage lazy/ (issue 16),
 *    which holds every plugin (≤ 320 KiB), and none of that code is in the main package;
 *  - alipay main package ≤ 1 MiB (the same budget: both platforms ship one bundle);
 *  - weapp guard subpackage ≤ 768 KiB (independent: it brings its own runtime, and the foreign verifier page);
 *  - every other subpackage (scan, trip, family, venue, check-in, declare) ≤ 64 KiB on alipay, ≤ 160 KiB on
 *    weapp (each carries its copy of the verification core there), weapp's foreign ≤ 192 KiB, alipay's guard
 *    ≤ 256 KiB, and neither main package holds a subpackage page's code (issue 16).
 * Sizes come from scripts/check-build.mjs (bytes of every packaged file). Only
 * sizes are checked here — they are deterministic; time figures stay in `npm run bench`.
 * A platform whose dist is missing fails (build it first). Exits 1 when a budget is exceeded.
 *
 * Also exports `h5InitialJs(distDir, route)`: the JavaScript the H5 build loads
 * for its first route (the `<script src>` tags of index.html plus the chunks
 * the router's `load()` for `route` imports), raw and gzip — used by `npm run bench`.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const MiB = 1024 * 1024

export const BUDGETS = [
  // WeChat (issue 16): the code the first frame does not need is the async subpackage lazy/ (434 KiB measured;
  // 1 MiB before). The blank Taro app's is ~274 KB: `npm run bench -- --only=sizes` prints the ratio (goal ≤ 1.8×).
  { name: 'weapp main package', platform: 'weapp', field: 'mainBytes', max: 480 * 1024 },
  { name: 'alipay main package', platform: 'alipay', field: 'mainBytes', max: 1 * MiB },
  // The guard starts alone on weapp (issue 16): its independent subpackage carries its own Taro runtime and vendors,
  // and (issue 17) the foreign certificate verifier page (CBOR, zlib, P-256, RSA-PSS, X.509: about +100 KB), which
  // must share the guard's package to share its hand-off state. 640 KiB → 768 KiB; WeChat allows 2 MB per package.
  { name: 'weapp guard subpackage (independent)', platform: 'weapp', package: 'pages/guard', max: 768 * 1024 },
  // Every other page is a subpackage on both mini-programs (issue 16), with its feature's code: 5–17 KB each on Alipay.
  // On WeChat the verification core (valibot, Ed25519, claims, rules, pass codec) left the main package for lazy/,
  // so each subpackage page that uses it carries its own copy (Taro's optimizeMainPackage: sub-common/): 5–134 KB.
  ...['weapp', 'alipay'].flatMap((platform) =>
    ['scan', 'trip', 'family', 'venue', 'checkin', 'declare'].map((page) => ({
      name: `${platform} ${page} subpackage`,
      platform,
      package: `pages/${page}`,
      max: (platform === 'weapp' ? 160 : 64) * 1024,
    })),
  ),
  // The code after the first frame (services, plugins, axios, verifiers, pass view, rules, QR): 294 KiB measured.
  { name: 'weapp lazy subpackage (async, require.async)', platform: 'weapp', package: 'lazy', max: 320 * 1024 },
  { name: 'weapp foreign subpackage', platform: 'weapp', package: 'pages/foreign', max: 192 * 1024 },
  { name: 'alipay guard subpackage', platform: 'alipay', package: 'pages/guard', max: 256 * 1024 },
  // What the main package holds: no code of a page that is in a subpackage (scripts/check-build.mjs PAGE_MARKERS).
  ...['weapp', 'alipay'].map((platform) => ({
    name: `${platform} main package holds no subpackage page's code`,
    platform,
    field: 'pageCodeInMain',
    max: 0,
    unit: 'markers',
  })),
  // ... nor any of the async subpackage's (scripts/check-build.mjs LAZY_PACKAGES: plugins, axios, rules, QR, view).
  {
    name: 'weapp main package holds none of the lazy subpackage’s code',
    platform: 'weapp',
    field: 'lazyCodeInMain',
    max: 0,
    unit: 'markers',
  },
]

const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length

/**
 * The JS the H5 build loads before `route` can render.
 * @param {string} distDir e.g. dist/h5
 * @param {string} route e.g. 'pages/pass/index' (default: the first page)
 * @returns {{ files: Array<{ path: string, bytes: number, gzipBytes: number, why: string }>, bytes: number, gzipBytes: number, route: string }}
 */
export function h5InitialJs(distDir, route) {
  const html = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8')
  // Script tags, and the scripts the boot shell starts (src/boot): preloaded in <head>.
  const entry = [
    ...new Set(
      [
        ...html.matchAll(/<script\b[^>]*\bsrc=["']([^"']+\.js)["'][^>]*>/g),
        ...html.matchAll(
          /<link\b(?=[^>]*\brel=["']preload["'])(?=[^>]*\bas=["']script["'])[^>]*\bhref=["']([^"']+\.js)["'][^>]*>/g,
        ),
      ].map((m) => m[1]),
    ),
  ]
  if (!entry.length) throw new Error(`${distDir}/index.html loads no script`)
  // Inline scripts count too (Taro's rem script; our boot shell): they are JS the page runs before the app.
  const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
  const rel = (src) =>
    src
      .replace(/^(https?:)?\/\/[^/]+/, '')
      .replace(/^\/+/, '')
      .split('?')[0]
  const files = entry.map((src) => ({ path: rel(src), why: 'index.html' }))
  const texts = files.map((f) => fs.readFileSync(path.join(distDir, f.path), 'utf8'))
  const all = texts.join('\n')
  // The route table Taro emits: {"path":"pages/pass/index","load":function(a,o){return[u.e(125).then(…),a,o]}}
  const firstPage = route ?? all.match(/"pages":\["([^"]+)"/)?.[1]
  if (!firstPage) throw new Error('cannot find the first page in the H5 entry')
  const at = all.indexOf(`"path":"${firstPage}","load":`)
  if (at < 0) throw new Error(`cannot find the route table entry of ${firstPage} in the H5 entry`)
  const body = all.slice(at, all.indexOf('}}', at) + 2)
  const ids = [...body.matchAll(/\.e\(("?)([\w-]+)\1\)/g)].map((m) => m[2])
  const jsDir = path.join(distDir, 'js')
  for (const id of ids) {
    const hit = fs.readdirSync(jsDir).filter((f) => f.startsWith(`${id}.`) && f.endsWith('.js'))
    if (hit.length !== 1)
      throw new Error(`chunk ${id} of ${firstPage}: expected one js/${id}.*.js, found ${hit.length}`)
    files.push({ path: `js/${hit[0]}`, why: `chunk ${id} (${firstPage})` })
  }
  let bytes = 0
  let gzipBytes = 0
  const sized = (f, buf) => {
    const g = gzip(buf)
    bytes += buf.length
    gzipBytes += g
    return { ...f, bytes: buf.length, gzipBytes: g }
  }
  const out = files.map((f) => sized(f, fs.readFileSync(path.join(distDir, f.path))))
  if (inline.trim()) out.unshift(sized({ path: 'index.html', why: 'inline scripts' }, Buffer.from(inline)))
  return { route: firstPage, files: out, bytes, gzipBytes }
}

/** Checks every budget against the current dist; never throws. */
export async function checkBudgets({ root = ROOT } = {}) {
  const { checkBuild } = await import('./check-build.mjs')
  return BUDGETS.map((b) => {
    const r = checkBuild(b.platform, { distDir: path.join(root, 'dist', b.platform) })
    const value = b.package
      ? (r.packages[b.package]?.bytes ?? Number.NaN)
      : b.field === 'pageCodeInMain'
        ? Object.values(r.pageCode ?? {}).reduce((n, p) => n + p.inMain.length, 0)
        : b.field === 'lazyCodeInMain'
          ? Object.keys(r.lazyCode ?? {}).length
            ? Object.values(r.lazyCode).reduce((n, p) => n + p.inMain.length, 0)
            : Number.NaN
          : r[b.field]
    const built = r.files.length > 0 && Number.isFinite(value)
    const ok = built && value <= b.max
    const missing = b.package && r.files.length > 0 ? `no subpackage ${b.package} in dist/${b.platform}` : ''
    return { ...b, value, ok, error: built ? undefined : missing || r.errors.join('; ') }
  })
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`

async function main() {
  const args = process.argv.slice(2)
  const results = await checkBudgets()
  for (const r of results) {
    const detail =
      r.error ??
      (r.unit
        ? `${r.value} (max ${r.max})`
        : `${kb(r.value)} of ${kb(r.max)} (${((100 * r.value) / r.max).toFixed(0)}%)`)
    console.log(`${r.ok ? '✓' : '✗'} budget ${r.name}: ${detail}`)
  }
  const j = args.indexOf('--json')
  if (j >= 0 && args[j + 1]) {
    fs.mkdirSync(path.dirname(path.resolve(args[j + 1])), { recursive: true })
    fs.writeFileSync(path.resolve(args[j + 1]), `${JSON.stringify(results, null, 2)}\n`)
  }
  process.exit(results.every((r) => r.ok) ? 0 : 1)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main()
