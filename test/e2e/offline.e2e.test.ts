/**
 * The H5 build as an offline-first, installable web app, in Chromium with its
 * service worker allowed: loaded once online, then opened again with the whole
 * network off (`context.setOffline(true)`, not only `/np-api/` cut); a new
 * build's worker shown as a "new version ready" banner that reloads only on a
 * tap; and the manifest, icons and registration a browser asks for to install.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import jsQR from 'jsqr'
import type { Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { decodePass } from '../../src/core/passCodec'
import { ARTIFACTS, type E2E, startE2E } from './harness'

const DIST = process.env.NP_E2E_DIST ?? path.resolve(__dirname, '..', '..', 'dist', 'h5')

/** Wait until the app's service worker is active and controls `page` (state, not time). */
async function controlled(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
      )
    }
    // `ready` resolves while the worker may still be 'activating': wait for its state, not for time.
    const active = reg.active
    if (active && active.state !== 'activated') {
      await new Promise<void>((resolve) => {
        const done = () => {
          if (active.state === 'activated') resolve()
        }
        active.addEventListener('statechange', done)
        done()
      })
    }
    return `${reg.active?.state} ${navigator.serviceWorker.controller?.scriptURL}`
  })
}

/** Every URL the app's caches hold (without Workbox's `__WB_REVISION__` parameter). */
async function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = []
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) urls.push(req.url.replace(/\?__WB_REVISION__=\w+$/, ''))
    }
    return urls
  })
}

/** What a guard's camera sees in the pass page's QR. */
async function qrSeen(page: Page): Promise<string | undefined> {
  // What a camera sees once the QR has settled (its frame animates in): look again until it reads, a bounded number of times.
  // Centre it on screen first: the tab bar at the bottom would otherwise cover its last rows.
  await page.locator('[data-pass]').evaluate((el) => el.scrollIntoView({ block: 'center' }))
  for (let i = 0; i < 20; i++) {
    const shot = PNG.sync.read(await page.locator('[data-pass]').screenshot({ animations: 'disabled' }))
    const seen = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height)?.data
    if (seen) return seen
    await page.locator('[data-pass]').waitFor()
  }
  return undefined
}

/** What a pass carries, signatures included, whatever time a bound QR was shown at: its claims and bundles. */
const contentOf = (t: string | null | undefined): string[] => {
  const p = decodePass(t ?? '')
  return [...p.claims, ...(p.bundles ?? [])].map((c) => Buffer.from([...c.bytes, ...c.sig]).toString('hex'))
}

/** The pass QR text once the pass bundles arrived (the text turns NP3): a state, not a time. */
async function settledPass(page: Page): Promise<string> {
  // Settled: refreshed, the itinerary read and every pass bundle landed (they arrive one authority at a time).
  await page.waitForFunction(
    () => {
      const qr = document.querySelector('[data-pass]')
      return qr?.getAttribute('data-pass-settled') === '1' && (qr.getAttribute('data-pass') ?? '').startsWith('NP3:')
    },
    undefined,
    { timeout: 20000 },
  )
  return (await page.locator('[data-pass]').getAttribute('data-pass')) ?? ''
}

describe('the H5 app with no network at all', () => {
  let e2e: E2E
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'zh-CN', serviceWorkers: 'allow' })
  })
  afterAll(async () => {
    await e2e?.context.setOffline(false)
    await e2e?.close()
  })

  test('opens on the pass page with the saved pass, its age and a QR the offline guard page verifies', async () => {
    const { page, context, app } = e2e
    // Online once: sign in, let the pass save, open guard mode so its trust list and rules are cached.
    await page.goto(`${app.url}#/pages/pass/index`)
    await page.locator('[data-demo-person="green"]').click({ timeout: 20000 })
    await page.locator('[data-progress="32/32"]').waitFor({ timeout: 20000 })
    // Once every authority answered, the ones in the QR send their pass bundles (saved with the pass): NP3, bound.
    const passText = await settledPass(page)
    expect(passText).toMatch(/^NP3:/)
    expect(await controlled(page)).toBe(`activated ${app.url}sw.js`)
    const venue = decodePass(passText ?? '').decoded.find((c) => c.typ === 'hc' && c.iss !== '100000')?.iss ?? '440000'
    await page.goto(`${app.url}#/pages/guard/index?province=${venue}`)
    await page.locator('[data-guard-status="ready"]').waitFor({ timeout: 20000 })
    await page.locator('[data-cache="trust-list"]').waitFor()

    // The worker precached the shell and every page's chunks, and no province's answer.
    const cached = await cachedUrls(page)
    expect(cached).toContain(`${app.url}index.html`)
    for (const f of readdirJs()) expect(cached).toContain(`${app.url}js/${f}`)
    expect(cached.filter((u) => u.includes('/np-api/'))).toEqual([])

    await context.setOffline(true)
    try {
      // A new page at the app's bare address, as a home-screen icon opens it: the pass page.
      const offline = await context.newPage()
      const failed: string[] = []
      offline.on('requestfailed', (r) => failed.push(new URL(r.url()).pathname))
      await offline.goto(app.url)
      await offline.locator('[data-cached-age]').waitFor({ timeout: 20000 })
      expect(await offline.locator('[data-cached-age]').textContent()).toMatch(/本机保存于 .+ 前/)
      // The saved pass, signed again by the phone offline (bound QRs carry the time they are shown).
      const claimsOf = contentOf
      const shown = await offline.locator('[data-pass]').getAttribute('data-pass')
      expect(shown).toMatch(/^NP3:/)
      expect(claimsOf(shown)).toEqual(claimsOf(passText))
      const seen = await qrSeen(offline)
      expect(seen).toMatch(/^NP3:/)
      expect(claimsOf(seen)).toEqual(claimsOf(passText))
      // It says it is offline once.
      await offline.locator('[data-offline]').waitFor({ timeout: 20000 })
      expect(await offline.locator('[data-offline]').count()).toBe(1)
      // Nothing of the app itself failed to load: only province requests meet the cut network.
      expect(failed.filter((p) => !p.startsWith('/np-api/'))).toEqual([])
      await offline.screenshot({ path: path.join(ARTIFACTS, 'offline-start-pass.png') })

      // Guard mode, also opened offline, verifies what its camera read from that QR, from its cached trust list and rules.
      const guard = await context.newPage()
      await guard.goto(`${app.url}#/pages/guard/index?province=${venue}`)
      await guard.locator('[data-guard-status="ready"]').waitFor({ timeout: 20000 })
      await guard.locator('[data-input="pass-text"] textarea').fill(seen ?? '')
      await guard.locator('[data-action="verify"]').click()
      const verdict = guard.locator('[data-verdict]')
      await verdict.waitFor({ timeout: 10000 })
      // Every signature verifies offline; what may remain is the venue's rules (as in guard.e2e.test.ts).
      expect(await verdict.getAttribute('data-verdict')).not.toBe('refuse')
      for (const code of await verdict
        .locator('[data-reason]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')))) {
        expect(code).toBe('NP_ERR_RULE_NOT_MET')
      }
      expect(await guard.locator('[data-claim]').count()).toBeGreaterThan(0)
      await guard.screenshot({ path: path.join(ARTIFACTS, 'offline-start-guard.png') })

      // A place-code link opened offline still reaches the scan page with its code.
      const link = await context.newPage()
      await link.goto(`${app.url}p/ABC123`)
      await link.waitForURL(/#\/pages\/scan\/index\?c=ABC123$/)
    } finally {
      await context.setOffline(false)
    }
  })

  test('the manifest, its icons and the registration make it installable', async () => {
    const { page, app } = e2e
    await page.goto(`${app.url}#/pages/pass/index`)
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest')
    const res = await page.request.get(`${app.url}manifest.webmanifest`)
    expect(res.headers()['content-type']).toBe('application/manifest+json')
    const manifest = await res.json()
    expect(manifest).toMatchObject({
      name: expect.stringContaining('全国通行码'),
      short_name: expect.any(String),
      display: 'standalone',
      theme_color: '#1a73e8',
      start_url: '/#/pages/pass/index',
      scope: '/',
    })
    const icons = manifest.icons as Array<{ src: string; sizes: string; type: string; purpose: string }>
    for (const purpose of ['any', 'maskable']) {
      for (const size of [192, 512]) {
        const icon = icons.find((i) => i.purpose === purpose && i.sizes === `${size}x${size}`)
        expect(icon?.type).toBe('image/png')
        const png = await page.request.get(new URL(icon?.src ?? '', app.url).href)
        expect(png.headers()['content-type']).toBe('image/png')
        const { width, height } = PNG.sync.read(await png.body())
        expect([width, height]).toEqual([size, size])
      }
    }
    const sw = await page.request.get(`${app.url}sw.js`)
    expect(sw.headers()['cache-control']).toBe('no-cache')
    expect(sw.headers()['content-type']).toMatch(/^text\/javascript/)
    const reg = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration()
      return { scope: r?.scope, script: r?.active?.scriptURL, secure: window.isSecureContext }
    })
    expect(reg).toEqual({ scope: app.url, script: `${app.url}sw.js`, secure: true })
  })
})

/** The build's JS files (every page's chunk). */
function readdirJs(): string[] {
  return readdirSync(path.join(DIST, 'js')).filter((f) => f.endsWith('.js'))
}

describe('a new build', () => {
  let e2e: E2E
  /** The sw.js of "the next build": the served one with index.html's precache revision changed. */
  let nextSw: string | undefined
  beforeAll(async () => {
    e2e = await startE2E({
      locale: 'en-US',
      serviceWorkers: 'allow',
      override: (pathname) => (pathname === '/sw.js' ? nextSw : undefined),
    })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  test('shows a "new version ready" banner and reloads only when the traveller taps it', async () => {
    const { page, app } = e2e
    await page.goto(`${app.url}#/pages/pass/index`)
    await page.locator('[data-demo-person="green"]').click({ timeout: 20000 })
    // The bound pass once its bundles arrived (re-signed every 15 s: its claims and bundles stay, its time moves on).
    const passText = await settledPass(page)
    const claimsOf = contentOf
    await controlled(page)
    const first = readFileSync(path.join(DIST, 'sw.js'), 'utf8')
    nextSw = first.replace(/(\{url:"\/index\.html",revision:")[0-9a-f]+"/, '$1ffffffffffffffffffffffffffffff00"')
    expect(nextSw).not.toBe(first)
    // The page keeps a mark of this load: a reload would drop it.
    await page.evaluate(() => {
      ;(window as unknown as { __npSameLoad: boolean }).__npSameLoad = true
    })
    // The browser's own update check (the app also runs one whenever the page comes back to the foreground).
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update()
    })
    const prompt = page.locator('[data-update-prompt]')
    await prompt.waitFor({ timeout: 20000 })
    expect(await prompt.textContent()).toMatch(/A new version is ready/)
    // Nothing reloaded: the pass is on screen as it was, and the new worker waits.
    expect(await page.evaluate(() => (window as unknown as { __npSameLoad?: boolean }).__npSameLoad)).toBe(true)
    expect(claimsOf(await page.locator('[data-pass]').getAttribute('data-pass'))).toEqual(claimsOf(passText))
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(true)

    await prompt.locator('[data-action="update-reload"]').click()
    await page.waitForFunction(() => !(window as unknown as { __npSameLoad?: boolean }).__npSameLoad, null, {
      timeout: 20000,
    })
    await page.locator('[data-pass]').waitFor({ timeout: 20000 })
    expect(await page.locator('[data-update-prompt]').count()).toBe(0)
    const state = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration()
      return { waiting: !!r?.waiting, active: r?.active?.state }
    })
    expect(state).toEqual({ waiting: false, active: 'activated' })
  })
})
