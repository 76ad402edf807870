/**
 * The H5 build as an installable, offline-first web app: what the server sends
 * with the worker and the manifest, what the generated worker may cache, and
 * the manifest's icons (the browser-level checks are test/e2e/offline.e2e.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PNG } from 'pngjs'
import { serviceWorkerOptions, SW_FILE } from '../../config/serviceWorker'
import { drawIcon, ICONS, THEME_COLOUR } from '../../scripts/make-icons'
import { headersFor, serveApp } from '../../scripts/serveApp'

const ROOT = path.resolve(__dirname, '..', '..')
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'public', 'manifest.webmanifest'), 'utf8'))

describe('serving the web app', () => {
  test('the worker is revalidated on every load and may control the whole origin', () => {
    expect(headersFor(`/dist/h5/${SW_FILE}`)).toEqual({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
      'service-worker-allowed': '/',
    })
  })

  test('the shell and manifest are revalidated; content-hashed chunks are immutable', () => {
    expect(headersFor('/dist/h5/index.html')['cache-control']).toBe('no-cache')
    expect(headersFor('/dist/h5/manifest.webmanifest')).toEqual({
      'content-type': 'application/manifest+json',
      'cache-control': 'no-cache',
    })
    expect(headersFor('/dist/h5/icons/icon-192.png')).toEqual({
      'content-type': 'image/png',
      'cache-control': 'no-cache',
    })
    expect(headersFor('/dist/h5/js/app.16f0b987.js')['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(headersFor('/dist/h5/css/389.0653300e.css')['cache-control']).toBe('public, max-age=31536000, immutable')
  })
})

describe('the served worker', () => {
  test('a build without one (dev:h5) answers /sw.js with 404, not the app shell; with one, the worker itself', async () => {
    const dist = mkdtempSync(path.join(os.tmpdir(), 'np-webapp-'))
    writeFileSync(path.join(dist, 'index.html'), '<!DOCTYPE html><title>shell</title>')
    const app = await serveApp({ port: 0, mockPort: 0, distDir: dist })
    try {
      const missing = await fetch(`${app.url}sw.js`)
      expect(missing.status).toBe(404)
      expect(await missing.text()).not.toContain('shell')
      // App routes still get the shell.
      expect(await (await fetch(`${app.url}pages/pass/index`)).text()).toContain('shell')
      writeFileSync(path.join(dist, 'sw.js'), 'self.addEventListener("install", () => {})')
      const sw = await fetch(`${app.url}sw.js`)
      expect(sw.status).toBe(200)
      expect(sw.headers.get('service-worker-allowed')).toBe('/')
      expect(sw.headers.get('cache-control')).toBe('no-cache')
      expect(await sw.text()).toContain('install')
    } finally {
      await app.close()
      rmSync(dist, { recursive: true, force: true })
    }
  })
})

describe('the generated service worker', () => {
  const options = serviceWorkerOptions()

  test('a new version waits for the traveller; the first one takes the open page', () => {
    expect(options.skipWaiting).toBe(false)
    expect(options.clientsClaim).toBe(true)
    expect(options.swDest).toBe(SW_FILE)
  })

  test('app addresses fall back to the shell; province answers and place-code links never do', () => {
    expect(options.navigateFallback).toBe('/index.html')
    const denied = (p: string) => (options.navigateFallbackDenylist ?? []).some((re) => re.test(p))
    expect(denied('/np-api/guangdong/health-code')).toBe(true)
    expect(denied('/np-api')).toBe(true)
    expect(denied('/p/ABC123')).toBe(true)
    expect(denied('/')).toBe(false)
    expect(denied('/index.html')).toBe(false)
  })

  test('no runtime route caches /np-api/ answers: its one route is the place-code redirect', async () => {
    const routes = options.runtimeCaching ?? []
    expect(routes).toHaveLength(1)
    const [route] = routes
    expect(typeof route.handler).toBe('function')
    const g = globalThis as unknown as { self?: unknown }
    const before = g.self
    g.self = { location: { origin: 'https://pass.example' } }
    try {
      const match = route.urlPattern as (o: { request: { mode: string }; url: URL }) => boolean
      const nav = (u: string, mode = 'navigate') => match({ request: { mode }, url: new URL(u) })
      expect(nav('https://pass.example/p/ABC_12-3')).toBe(true)
      expect(nav('https://pass.example/np-api/guangdong/health-code')).toBe(false)
      expect(nav('https://pass.example/np-api/p/x')).toBe(false)
      expect(nav('https://pass.example/p/ABC', 'cors')).toBe(false)
      expect(nav('https://elsewhere.example/p/ABC')).toBe(false)
    } finally {
      g.self = before
    }
    const handler = route.handler as (o: { url: URL }) => Promise<Response>
    const res = await handler({ url: new URL('https://pass.example/p/ABC_12-3') })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('https://pass.example/#/pages/scan/index?c=ABC_12-3')
  })

  test('source maps and licence notes are not precached', () => {
    const excluded = (f: string) => (options.exclude ?? []).some((re) => (re as RegExp).test(f))
    expect(excluded('js/app.16f0b987.js.map')).toBe(true)
    expect(excluded('js/app.16f0b987.js.LICENSE.txt')).toBe(true)
    expect(excluded('sw.js')).toBe(true)
    expect(excluded('js/app.16f0b987.js')).toBe(false)
    expect(excluded('index.html')).toBe(false)
  })
})

describe('the web app manifest', () => {
  test('names the app, starts on the pass page, stands alone, in the theme colour', () => {
    expect(manifest).toMatchObject({
      name: '全国通行码 National Pass',
      short_name: '通行码',
      start_url: '/#/pages/pass/index',
      scope: '/',
      display: 'standalone',
      theme_color: THEME_COLOUR,
    })
    expect(readFileSync(path.join(ROOT, 'src', 'index.html'), 'utf8')).toContain(
      `<meta name="theme-color" content="${THEME_COLOUR}">`,
    )
  })

  test('every icon is a PNG of its stated size, and the committed PNGs are what scripts/make-icons.ts draws', () => {
    const icons = manifest.icons as Array<{ src: string; sizes: string; purpose: string }>
    expect(icons.map((i) => `${i.purpose} ${i.sizes}`).sort()).toEqual([
      'any 192x192',
      'any 512x512',
      'maskable 192x192',
      'maskable 512x512',
    ])
    for (const icon of icons) {
      const png = PNG.sync.read(readFileSync(path.join(ROOT, 'public', icon.src)))
      expect(`${png.width}x${png.height}`).toBe(icon.sizes)
    }
    for (const icon of ICONS) {
      const committed = readFileSync(path.join(ROOT, 'public', 'icons', icon.file))
      expect(committed.equals(drawIcon(icon.size, icon.maskable))).toBe(true)
    }
  })

  test('a maskable icon fills its square: no transparent pixel, the mark inside the 80 % safe zone', () => {
    const png = PNG.sync.read(drawIcon(192, true))
    const ink = (x: number, y: number) => png.data[(y * 192 + x) * 4] === 0x1f
    let inkOutsideSafeZone = 0
    let transparent = 0
    for (let y = 0; y < 192; y++) {
      for (let x = 0; x < 192; x++) {
        if (png.data[(y * 192 + x) * 4 + 3] !== 255) transparent++
        if (ink(x, y) && Math.hypot(x + 0.5 - 96, y + 0.5 - 96) > 0.4 * 192) inkOutsideSafeZone++
      }
    }
    expect(transparent).toBe(0)
    expect(inkOutsideSafeZone).toBe(0)
  })
})
