#!/usr/bin/env node
/**
 * Post-build check for the mini-program outputs (dist/weapp, dist/alipay).
 *
 *   node scripts/check-build.mjs weapp|alipay [--json out.json] [--dist DIR]
 *        [--max-main-bytes N] [--max-sub-bytes N] [--max-total-bytes N] [--top N] [--quiet]
 *
 * Checks:
 *  - dist/<platform>/app.json lists EXACTLY the pages of src/app.config.ts, in order
 *    (and the same subpackages, if the config declares any);
 *  - every page has its .js, .json and template file (.wxml for weapp, .axml for alipay);
 *  - every `require("./x")` in the emitted JS and every `usingComponents` entry resolves;
 *  - an independent subpackage (weapp's guard) loads nothing outside its root;
 *  - a page in a subpackage takes its feature's code with it: the main package holds none
 *    of its PAGE_MARKERS, its subpackage does (issue 16);
 *  - an asynchronous subpackage (weapp's lazy/, LAZY_PACKAGES) is loaded with require.async by a
 *    path that resolves from the calling main-package file, and the main package holds none of
 *    its code's markers (issue 16); no file requires another subpackage's file synchronously;
 *  - main package (everything not under a subpackage root) <= --max-main-bytes
 *    (default 2 MB, WeChat's and Alipay's limit), each subpackage <= --max-sub-bytes
 *    (default 2 MB), whole package <= --max-total-bytes (default 20 MB).
 *  - every origin in the plugins' manifests is in the generated request-domain list
 *    (config/request-domains.json, `npm run domains -- --write`; --domains-file F, --no-domains).
 * Prints sizes (bytes, KB, gzip of the JS) and a per-file top list; exits 1 on failure.
 *
 * Also usable as a library: `import { checkBuild } from './scripts/check-build.mjs'`.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import zlib from 'node:zlib'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const MB = 1024 * 1024

export const PLATFORMS = {
  weapp: { template: '.wxml', style: '.wxss', script: '.wxs', global: 'wx' },
  alipay: { template: '.axml', style: '.acss', script: '.sjs', global: 'my' },
}

/**
 * Code that travels with its page (issue 16): for each page folder that is a
 * subpackage, strings only that page's feature code contains (an async thunk's
 * action type, a data attribute its view renders). When the config makes the
 * folder a subpackage, the main package must hold none of them, and the
 * subpackage must hold them (else the markers are stale).
 */
export const PAGE_MARKERS = {
  'pages/guard': ['guard/scanned'],
  'pages/venue': ['venue/restore', 'data-poster'],
  'pages/trip': ['data-trip-status'],
  'pages/declare': ['data-declare-queue'],
  'pages/family': ['data-person'],
  'pages/checkin': ['data-venue-id'],
  'pages/scan': ['data-error-code'],
}

/**
 * WeChat's asynchronous subpackages (issue 16; src/app/lazyCode.ts): a page-less
 * subpackage whose one entry file the main package loads with `require.async`
 * after the first frame. For each: the entry exists; a main-package file that
 * calls `require.async` names it by a path that resolves to it relative to that
 * file (WeChat resolves them so); the main package holds NONE of its markers —
 * the moved code (province plugins' origins, axios, the rules engine, the QR
 * encoder, the pass view, the refresh) — and the subpackage holds EVERY one
 * (else the markers are stale). Checked when the build declares the subpackage.
 */
export const LAZY_PACKAGES = {
  lazy: {
    entry: 'lazy/index.js',
    markers: [
      'np-demo.example', // the province plugins' manifests (their origins)
      'AxiosError', // axios
      'not of the form { "var"', // certlogic-js, the rules engine's evaluator
      'code length overflow', // qrcode-generator, the QR encoder
      'data-pass', // the full pass view (PassView)
      'pass/refresh', // the pass refresh thunk
      'valibot', // valibot, the schemas of claims, trust list, rules
    ],
  },
}

/** Files in dist that are not uploaded as part of the package (tooling/project files). */
const NOT_PACKAGED = [/^\./, /(^|\/)\.[^/]*$/, /\.map$/, /^project(\.private)?\.config\.json$/, /^mini\.project\.json$/]

/**
 * Reads `src/app.config.ts` and returns the evaluated config object
 * ({ pages, subPackages?, ... }). Transpiles with the installed `typescript`
 * and evaluates it with `defineAppConfig = x => x`; falls back to parsing the
 * `pages: [...]` array text if evaluation fails (e.g. the config imports things).
 */
export function readAppConfig(configPath = path.join(ROOT, 'src/app.config.ts'), taroEnv = process.env.TARO_ENV) {
  const src = fs.readFileSync(configPath, 'utf8')
  try {
    const require = createRequire(path.join(ROOT, 'package.json'))
    const ts = require('typescript')
    const js = ts.transpileModule(src, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
    }).outputText
    const module = { exports: {} }
    const sandbox = {
      module,
      exports: module.exports,
      defineAppConfig: (x) => x,
      require: (id) => {
        throw new Error(`app.config.ts requires "${id}" (not supported by the evaluator)`)
      },
      process: { env: { TARO_ENV: taroEnv } },
    }
    vm.runInNewContext(js, sandbox, { filename: configPath, timeout: 2000 })
    const cfg = module.exports.default ?? module.exports
    if (!cfg || !Array.isArray(cfg.pages)) throw new Error('no pages array in evaluated config')
    return { ...cfg, __source: 'evaluated' }
  } catch (err) {
    const m = src.match(/\bpages\s*:\s*\[([\s\S]*?)\]/)
    if (!m) throw new Error(`cannot read pages from ${configPath}: ${err.message}`)
    const pages = [...m[1].matchAll(/(['"`])([^'"`]+)\1/g)].map((x) => x[2])
    return { pages, __source: `parsed (${err.message})` }
  }
}

function subPackagesOf(obj) {
  const list = obj?.subPackages ?? obj?.subpackages ?? []
  return list.map((s) => ({
    root: String(s.root).replace(/\/+$/, ''),
    pages: [...(s.pages ?? [])],
    name: s.name,
    independent: s.independent === true,
  }))
}

function walk(dir, base = dir, out = []) {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, ent.name)
    if (ent.isDirectory()) walk(full, base, out)
    else if (ent.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'))
  }
  return out
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const fmt = (n) => `${n.toLocaleString('en-US')} B (${kb(n)})`

/**
 * @param {'weapp'|'alipay'} platform
 * @param {{distDir?: string, configPath?: string, maxMainBytes?: number, maxSubBytes?: number,
 *          maxTotalBytes?: number, top?: number}} [opts]
 * @returns {object} result — `ok`, `errors`, `warnings`, sizes and the per-file list.
 */
export function checkBuild(platform, opts = {}) {
  const spec = PLATFORMS[platform]
  if (!spec) throw new Error(`unknown platform "${platform}" (expected ${Object.keys(PLATFORMS).join('|')})`)
  const distDir = path.resolve(opts.distDir ?? path.join(ROOT, 'dist', platform))
  const maxMainBytes = opts.maxMainBytes ?? 2 * MB
  const maxSubBytes = opts.maxSubBytes ?? 2 * MB
  const maxTotalBytes = opts.maxTotalBytes ?? 20 * MB
  const errors = []
  const warnings = []
  const result = {
    platform,
    distDir,
    ok: false,
    errors,
    warnings,
    expectedPages: [],
    builtPages: [],
    subPackages: [],
    limits: { maxMainBytes, maxSubBytes, maxTotalBytes },
    mainBytes: 0,
    totalBytes: 0,
    jsBytes: 0,
    jsGzipBytes: 0,
    mainJsBytes: 0,
    mainJsGzipBytes: 0,
    packages: {},
    files: [],
    excludedFiles: [],
  }

  // --- expected pages from the source config
  let config
  try {
    config = readAppConfig(opts.configPath, platform)
    result.expectedPages = config.pages
    result.configSource = config.__source
  } catch (err) {
    errors.push(err.message)
    return result
  }

  // --- app.json
  const appJsonPath = path.join(distDir, 'app.json')
  if (!fs.existsSync(appJsonPath)) {
    errors.push(`${path.relative(ROOT, appJsonPath)} not found — build first: npx taro build --type ${platform}`)
    return result
  }
  let appJson
  try {
    appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8'))
  } catch (err) {
    errors.push(`app.json is not valid JSON: ${err.message}`)
    return result
  }
  const built = Array.isArray(appJson.pages) ? appJson.pages : []
  result.builtPages = built
  const expected = config.pages
  if (JSON.stringify(built) !== JSON.stringify(expected)) {
    const missing = expected.filter((p) => !built.includes(p))
    const extra = built.filter((p) => !expected.includes(p))
    const parts = []
    if (missing.length) parts.push(`missing ${JSON.stringify(missing)}`)
    if (extra.length) parts.push(`unexpected ${JSON.stringify(extra)}`)
    if (!missing.length && !extra.length) parts.push(`order differs: built ${JSON.stringify(built)}`)
    errors.push(`app.json pages differ from src/app.config.ts: ${parts.join('; ')} (stale build?)`)
  }
  const subs = subPackagesOf(appJson)
  result.subPackages = subs
  const expectedSubs = subPackagesOf(config)
  if (
    config.__source === 'evaluated' &&
    JSON.stringify(expectedSubs) !==
      JSON.stringify(subs.map(({ root, pages, name, independent }) => ({ root, pages, name, independent })))
  ) {
    errors.push(
      `app.json subpackages differ from src/app.config.ts: built ${JSON.stringify(subs)} expected ${JSON.stringify(expectedSubs)}`,
    )
  }

  // --- preloadRule (WeChat): each rule's page is a page, each package a subpackage's root or name (or __APP__)
  for (const [page, rule] of Object.entries(appJson.preloadRule ?? {})) {
    const pages = [...built, ...subs.flatMap((x) => x.pages.map((p) => `${x.root}/${p}`))]
    if (!pages.includes(page)) errors.push(`preloadRule names ${page}, which is not a page`)
    for (const pkg of rule?.packages ?? [])
      if (pkg !== '__APP__' && !subs.some((x) => x.root === pkg || x.name === pkg))
        errors.push(`preloadRule of ${page} preloads ${pkg}, which is no subpackage`)
  }

  // --- page files
  const allPages = [...built, ...subs.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))]
  const exts = ['.js', '.json', spec.template]
  for (const page of allPages) {
    for (const ext of exts) {
      const f = path.join(distDir, page + ext)
      if (!fs.existsSync(f)) errors.push(`page ${page}: missing ${page}${ext}`)
      else if (fs.statSync(f).size === 0) errors.push(`page ${page}: ${page}${ext} is empty`)
    }
  }
  for (const f of ['app.js', 'app.json']) {
    if (!fs.existsSync(path.join(distDir, f))) errors.push(`missing ${f}`)
  }

  // --- file inventory, package assignment, sizes
  const all = walk(distDir)
  const subRoots = subs.map((s) => s.root).sort((a, b) => b.length - a.length)
  const pkgOf = (rel) => subRoots.find((r) => rel === r || rel.startsWith(`${r}/`)) ?? '__main__'
  result.packages.__main__ = { bytes: 0, jsBytes: 0, jsGzipBytes: 0, files: 0 }
  for (const r of subRoots) result.packages[r] = { bytes: 0, jsBytes: 0, jsGzipBytes: 0, files: 0 }
  for (const rel of all) {
    if (NOT_PACKAGED.some((re) => re.test(rel))) {
      result.excludedFiles.push(rel)
      continue
    }
    const buf = fs.readFileSync(path.join(distDir, rel))
    const isJs = rel.endsWith('.js')
    const gz = isJs ? zlib.gzipSync(buf, { level: 9 }).length : undefined
    const pkg = pkgOf(rel)
    result.files.push({ path: rel, bytes: buf.length, gzipBytes: gz, package: pkg })
    const p = result.packages[pkg]
    p.bytes += buf.length
    p.files += 1
    result.totalBytes += buf.length
    if (isJs) {
      p.jsBytes += buf.length
      p.jsGzipBytes += gz
      result.jsBytes += buf.length
      result.jsGzipBytes += gz
    }
    // requires between emitted chunks must resolve
    if (isJs) {
      const text = buf.toString('utf8')
      for (const m of text.matchAll(/\brequire\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)) {
        let target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]))
        if (!target.endsWith('.js')) target += '.js'
        if (!fs.existsSync(path.join(distDir, target)))
          errors.push(`${rel}: require("${m[1]}") → ${target} does not exist`)
        else if (pkgOf(target) !== '__main__' && pkgOf(target) !== pkg)
          errors.push(
            `${rel}: require("${m[1]}") reaches into subpackage ${pkgOf(target)} synchronously (only require.async may)`,
          )
      }
    }
    if (rel.endsWith('.json') && rel !== 'app.json') {
      try {
        const j = JSON.parse(buf.toString('utf8'))
        for (const [name, ref] of Object.entries(j.usingComponents ?? {})) {
          if (typeof ref !== 'string' || (!ref.startsWith('.') && !ref.startsWith('/'))) continue // plugin:// and npm refs
          const base = ref.startsWith('/') ? ref.slice(1) : path.posix.join(path.posix.dirname(rel), ref)
          const target = path.posix.normalize(base)
          if (
            !fs.existsSync(path.join(distDir, `${target}.js`)) &&
            !fs.existsSync(path.join(distDir, target, 'index.js'))
          ) {
            errors.push(`${rel}: usingComponents.${name} → ${ref} does not resolve`)
          }
        }
      } catch (err) {
        errors.push(`${rel} is not valid JSON: ${err.message}`)
      }
    }
  }
  const main = result.packages.__main__
  result.mainBytes = main.bytes
  result.mainJsBytes = main.jsBytes
  result.mainJsGzipBytes = main.jsGzipBytes
  result.files.sort((a, b) => b.bytes - a.bytes)

  if (result.mainBytes > maxMainBytes) {
    errors.push(
      `main package is ${fmt(result.mainBytes)}, over the limit of ${fmt(maxMainBytes)} — move pages into subPackages or trim dependencies`,
    )
  } else if (result.mainBytes > 0.8 * maxMainBytes) {
    warnings.push(
      `main package is ${Math.round((100 * result.mainBytes) / maxMainBytes)}% of the ${kb(maxMainBytes)} limit`,
    )
  }
  // --- independent subpackages start without the main package: nothing they load may live outside their root
  result.independent = {}
  for (const sub of subs.filter((x) => x.independent)) {
    const outside = independentLeaks(distDir, sub)
    result.independent[sub.root] = { files: outside.loaded, outside: outside.leaks }
    for (const leak of outside.leaks) errors.push(`independent subpackage ${sub.root}: ${leak}`)
    if (!outside.loaded) errors.push(`independent subpackage ${sub.root}: no page file loads`)
  }
  // --- what the main package holds (issue 16): a page in a subpackage takes its feature's code with it
  result.pageCode = {}
  for (const sub of subs) {
    const markers = PAGE_MARKERS[sub.root]
    if (!markers) continue
    const js = (pkg) => result.files.filter((f) => f.package === pkg && f.path.endsWith('.js'))
    const holding = (pkg) =>
      js(pkg).flatMap((f) => {
        const text = fs.readFileSync(path.join(distDir, f.path), 'utf8')
        return markers.filter((m) => text.includes(m)).map((m) => `${m} in ${f.path}`)
      })
    const inMain = holding('__main__')
    const inPackage = holding(sub.root)
    result.pageCode[sub.root] = { markers, inMain, inPackage: inPackage.length }
    for (const hit of inMain) errors.push(`main package holds code of ${sub.root} (${hit})`)
    if (!inPackage.length)
      errors.push(`subpackage ${sub.root} holds none of its markers (${markers.join(', ')}): stale markers?`)
  }
  // --- asynchronous subpackages (issue 16): loaded with require.async, their code out of the main package
  result.lazyCode = {}
  for (const sub of subs) {
    const spec = LAZY_PACKAGES[sub.root]
    if (!spec) continue
    const text = (f) => fs.readFileSync(path.join(distDir, f.path), 'utf8')
    const mainJs = result.files.filter((f) => f.package === '__main__' && f.path.endsWith('.js'))
    const ownJs = result.files.filter((f) => f.package === sub.root && f.path.endsWith('.js'))
    const info = { entry: spec.entry, loadedFrom: [], markers: spec.markers, inMain: [], missing: [] }
    result.lazyCode[sub.root] = info
    if (!fs.existsSync(path.join(distDir, spec.entry)))
      errors.push(`async subpackage ${sub.root}: ${spec.entry} missing`)
    else if (pkgOf(spec.entry) !== sub.root) errors.push(`async subpackage ${sub.root}: ${spec.entry} is not inside it`)
    if (sub.pages.length) warnings.push(`async subpackage ${sub.root} has pages: ${sub.pages.join(', ')}`)
    for (const f of mainJs) {
      const code = text(f)
      if (!/\brequire\b[^;]{0,80}\.async\b/.test(code)) continue
      for (const m of code.matchAll(/["'](\.{1,2}\/[^"']+\.js)["']/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(f.path), m[1]))
        if (target === spec.entry) info.loadedFrom.push(`${f.path} ("${m[1]}")`)
      }
    }
    if (!info.loadedFrom.length)
      errors.push(
        `async subpackage ${sub.root}: no main-package file calling require.async names ${spec.entry} by a path relative to itself`,
      )
    for (const f of mainJs) {
      const code = text(f)
      for (const mk of spec.markers) if (code.includes(mk)) info.inMain.push(`${mk} in ${f.path}`)
    }
    const own = ownJs.map(text).join('\n')
    info.missing = spec.markers.filter((mk) => !own.includes(mk))
    for (const hit of info.inMain) errors.push(`main package holds code of the async subpackage ${sub.root} (${hit})`)
    if (info.missing.length)
      errors.push(`async subpackage ${sub.root} holds none of ${info.missing.join(', ')}: stale markers?`)
  }
  for (const r of subRoots) {
    if (result.packages[r].bytes > maxSubBytes)
      errors.push(`subpackage ${r} is ${fmt(result.packages[r].bytes)}, over ${fmt(maxSubBytes)}`)
  }
  if (result.totalBytes > maxTotalBytes)
    errors.push(`whole package is ${fmt(result.totalBytes)}, over ${fmt(maxTotalBytes)}`)

  result.ok = errors.length === 0
  return result
}

/**
 * What an independent subpackage's pages load when started alone: the closure
 * of `require("./…")` from each page's .js (and of its `usingComponents`),
 * every file of which must lie under the subpackage's root. Returns how many
 * files that is and the leaks.
 */
export function independentLeaks(distDir, sub) {
  const leaks = []
  const seen = new Set()
  const inside = (rel) => rel.startsWith(`${sub.root}/`)
  const visit = (rel, from) => {
    if (seen.has(rel)) return
    seen.add(rel)
    if (!inside(rel)) leaks.push(`${from} loads ${rel}, outside ${sub.root}/ (in the main package)`)
    const abs = path.join(distDir, rel)
    if (!fs.existsSync(abs)) return
    const text = fs.readFileSync(abs, 'utf8')
    for (const m of text.matchAll(/\brequire\(\s*["']((?:\.{1,2})?\/[^"']+)["']\s*\)/g)) {
      let target = m[1].startsWith('/')
        ? path.posix.normalize(m[1].slice(1))
        : path.posix.normalize(path.posix.join(path.posix.dirname(rel), m[1]))
      if (!target.endsWith('.js')) target += '.js'
      visit(target, rel)
    }
  }
  for (const page of sub.pages) {
    const base = `${sub.root}/${page}`
    const json = path.join(distDir, `${base}.json`)
    if (fs.existsSync(json)) {
      const j = JSON.parse(fs.readFileSync(json, 'utf8'))
      for (const ref of Object.values(j.usingComponents ?? {})) {
        if (typeof ref !== 'string' || (!ref.startsWith('.') && !ref.startsWith('/'))) continue
        const target = ref.startsWith('/')
          ? path.posix.normalize(ref.slice(1))
          : path.posix.normalize(path.posix.join(path.posix.dirname(base), ref))
        if (!inside(`${target}.js`)) leaks.push(`${base}.json uses component ${ref}, outside ${sub.root}/`)
        visit(`${target}.js`, `${base}.json`)
      }
    }
    visit(`${base}.js`, base)
  }
  return { loaded: seen.size, leaks }
}

export function formatReport(r, { top = 12 } = {}) {
  const lines = []
  lines.push(`check-build ${r.platform}: ${path.relative(process.cwd(), r.distDir) || r.distDir}`)
  if (r.files.length === 0) {
    for (const e of r.errors) lines.push(`  ✗ ${e}`)
    lines.push(`  ✗ ${r.platform} build check FAILED`)
    return lines.join('\n')
  }
  lines.push(`  pages (${r.builtPages.length}): ${r.builtPages.join(', ')}`)
  if (r.subPackages.length)
    lines.push(`  subpackages: ${r.subPackages.map((s) => `${s.root} (${s.pages.length})`).join(', ')}`)
  lines.push(
    `  main package : ${fmt(r.mainBytes)} — JS ${fmt(r.mainJsBytes)}, gzip ${fmt(r.mainJsGzipBytes)} — limit ${kb(r.limits.maxMainBytes)}`,
  )
  for (const [root, p] of Object.entries(r.packages)) {
    if (root === '__main__') continue
    const held = r.pageCode?.[root]
    const ind = r.independent?.[root]
    const alone = ind ? ` — independent: starts alone, ${ind.files} files loaded, ${ind.outside.length} outside` : ''
    const lazy = r.lazyCode?.[root]
    const asyncNote = lazy
      ? ` — async (require.async from ${lazy.loadedFrom.join(', ') || 'nowhere'}): ${lazy.inMain.length ? `${lazy.inMain.length} marker(s) IN MAIN` : `its ${lazy.markers.length} markers not in main`}`
      : ''
    const own = held
      ? ` — its code: ${held.inMain.length ? `${held.inMain.length} marker(s) IN MAIN` : 'not in main'}`
      : ''
    lines.push(`  subpackage ${root}: ${fmt(p.bytes)} — JS gzip ${fmt(p.jsGzipBytes)}${alone}${own}${asyncNote}`)
  }
  lines.push(`  total        : ${fmt(r.totalBytes)} — JS ${fmt(r.jsBytes)}, gzip ${fmt(r.jsGzipBytes)}`)
  if (r.excludedFiles.length) lines.push(`  not counted (not packaged): ${r.excludedFiles.join(', ')}`)
  if (r.files.length) {
    lines.push('  largest files:')
    for (const f of r.files.slice(0, top)) {
      const gz = f.gzipBytes !== undefined ? `  gzip ${kb(f.gzipBytes).padStart(9)}` : ''
      const pkg = f.package === '__main__' ? '' : `  [${f.package}]`
      lines.push(`    ${kb(f.bytes).padStart(10)}${gz.padEnd(17)}  ${f.path}${pkg}`)
    }
  }
  for (const w of r.warnings) lines.push(`  warning: ${w}`)
  for (const e of r.errors) lines.push(`  ✗ ${e}`)
  lines.push(
    r.ok
      ? `  ✓ ${r.platform} build OK`
      : `  ✗ ${r.platform} build check FAILED (${r.errors.length} problem${r.errors.length === 1 ? '' : 's'})`,
  )
  return lines.join('\n')
}

/**
 * The request-domain check: every origin a plugin's manifest declares must be
 * in the generated list the consoles are set from (config/request-domains.json,
 * written by `npm run domains -- --write`). Runs scripts/domains.ts --check.
 * @returns {{ ok: boolean, errors: string[] }}
 */
export function checkRequestDomains(file) {
  const args = ['--import', 'tsx', path.join(ROOT, 'scripts/domains.ts'), '--check', ...(file ? ['--file', file] : [])]
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' })
  if (r.status === 0) return { ok: true, errors: [] }
  const errors = `${r.stderr ?? ''}`.split('\n').filter((l) => l.trim() !== '')
  return { ok: false, errors: errors.length > 0 ? errors : [`npm run domains -- --check exited ${r.status}`] }
}

function parseArgs(argv) {
  const opts = { platforms: [] }
  const num = (v, name) => {
    const n = Number(v)
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} expects a positive number, got "${v}"`)
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const [flag, inline] =
      a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined]
    const val = () => inline ?? argv[++i]
    switch (flag) {
      case '--json':
        opts.json = val()
        break
      case '--dist':
        opts.distDir = val()
        break
      case '--config':
        opts.configPath = val()
        break
      case '--max-main-bytes':
        opts.maxMainBytes = num(val(), flag)
        break
      case '--max-sub-bytes':
        opts.maxSubBytes = num(val(), flag)
        break
      case '--max-total-bytes':
        opts.maxTotalBytes = num(val(), flag)
        break
      case '--top':
        opts.top = num(val(), flag)
        break
      case '--quiet':
        opts.quiet = true
        break
      case '--domains-file':
        opts.domainsFile = val()
        break
      case '--no-domains':
        opts.noDomains = true
        break
      case '-h':
      case '--help':
        opts.help = true
        break
      default:
        if (flag.startsWith('-')) throw new Error(`unknown option ${flag}`)
        opts.platforms.push(flag)
    }
  }
  return opts
}

async function main() {
  let opts
  try {
    opts = parseArgs(process.argv.slice(2))
  } catch (err) {
    console.error(`check-build: ${err.message}`)
    process.exit(2)
  }
  if (opts.help || opts.platforms.length === 0) {
    console.log(
      'usage: node scripts/check-build.mjs weapp|alipay [more platforms] [--json out.json] [--dist DIR] [--max-main-bytes N] [--max-sub-bytes N] [--max-total-bytes N] [--top N] [--quiet] [--domains-file F] [--no-domains]',
    )
    process.exit(opts.help ? 0 : 2)
  }
  if (opts.distDir && opts.platforms.length > 1) {
    console.error('check-build: --dist works with one platform only')
    process.exit(2)
  }
  const results = []
  for (const platform of opts.platforms) {
    let r
    try {
      r = checkBuild(platform, opts)
      if (!opts.noDomains) {
        const domains = checkRequestDomains(opts.domainsFile)
        if (!domains.ok) {
          r.errors.push(...domains.errors)
          r.ok = false
        }
      }
    } catch (err) {
      console.error(`check-build: ${err.message}`)
      process.exit(2)
    }
    results.push(r)
    if (opts.quiet)
      console.log(
        `${r.ok ? '✓' : '✗'} ${platform}: main ${kb(r.mainBytes)}, total ${kb(r.totalBytes)}, JS gzip ${kb(r.jsGzipBytes)}${r.ok ? '' : ` — ${r.errors.join('; ')}`}`,
      )
    else console.log(formatReport(r, opts))
  }
  if (opts.json) {
    const out = path.resolve(opts.json)
    fs.mkdirSync(path.dirname(out), { recursive: true })
    fs.writeFileSync(out, `${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`)
  }
  process.exit(results.every((r) => r.ok) ? 0 : 1)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main()
}
