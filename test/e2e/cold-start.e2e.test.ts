/**
 * A cold start (no saved pass on the device) on the pass page, in Chromium
 * against the mock backends (issue 16): the current province's answer is shown
 * the moment it is verified — or refused, with its reason — by the page's own
 * chunk and the services', without waiting for the full view's code (its chunk
 * is held back here until the answer is on screen), and the full view then
 * replaces it.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Route } from 'playwright-core'
import { type E2E, startE2E } from './harness'

const DIST = process.env.NP_E2E_DIST ?? path.resolve(__dirname, '..', '..', 'dist', 'h5')

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E({ locale: 'zh-CN' })
  await e2e.open('pass')
  await e2e.page.locator('[data-demo-person="green"]').click({ timeout: 20000 })
  await e2e.page.locator('[data-progress="32/32"]').waitFor({ timeout: 30000 })
})
afterAll(async () => {
  await e2e?.close()
})

/** Forget the saved pass (and its display record): the next open is a cold start. The traveller stays signed in. */
async function forgetPass() {
  const { page } = e2e
  await page.goto(new URL('/manifest.webmanifest', e2e.app.url).href)
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('pass.')) localStorage.removeItem(k)
  })
}

/** Hold every request for the full view's chunk until `release` is called. */
async function holdFullView(): Promise<{ release: () => Promise<void>; held: () => number }> {
  const { page } = e2e
  const held: Route[] = []
  let released = false
  await page.route('**/js/pass-view.*.js', (route) => {
    if (released) return route.continue()
    held.push(route)
  })
  return {
    held: () => held.length,
    release: async () => {
      released = true
      for (const r of held.splice(0)) await r.continue()
      await page.unroute('**/js/pass-view.*.js')
    },
  }
}

const FULL_VIEW = '[data-section="headline"]'

describe('a cold start on the pass page', () => {
  test("shows the current province's verified colour before the full view's code is there, then the full view", async () => {
    const { page } = e2e
    await forgetPass()
    const hold = await holdFullView()
    await page.goto(`${e2e.app.url}#/pages/pass/index`)
    const fresh = page.locator('[data-section="fresh"] [data-province="440000"][data-verified="true"]')
    await fresh.waitFor({ timeout: 20000 })
    expect(await fresh.getAttribute('data-status')).toBe('done')
    expect(await fresh.textContent()).toMatch(/广东省.*绿码/)
    expect(await fresh.locator('[data-verification]').textContent()).toMatch(/已验签/)
    // No verdict yet: it needs every answer and the rules. It says the others are still being asked.
    expect(await page.locator(FULL_VIEW).count()).toBe(0)
    expect(await page.locator('[data-section="fresh"]').textContent()).toMatch(/正在向其余 \d+ 个地区查询/)
    // The full view's code was asked for (preloaded, or by the page) and is held: the colour did not wait for it.
    expect(hold.held()).toBeGreaterThan(0)
    await hold.release()
    await page.locator(FULL_VIEW).waitFor({ timeout: 20000 })
    await page.locator('[data-progress="32/32"]').waitFor({ timeout: 30000 })
    expect(await page.locator('[data-section="fresh"]').count()).toBe(0)
    expect(await page.locator('[data-province="440000"]').getAttribute('data-verified')).toBe('true')
  })

  test("shows the current province's failure at once, with its reason, then the full view", async () => {
    const { page } = e2e
    await forgetPass()
    const hold = await holdFullView()
    await page.route('**/np-api/guangdong/**', (route) =>
      route.fulfill({ status: 500, contentType: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' }),
    )
    try {
      await page.goto(`${e2e.app.url}#/pages/pass/index`)
      const row = page.locator('[data-section="fresh"] [data-province="440000"][data-status="failed"]')
      await row.waitFor({ timeout: 20000 })
      expect(await row.getAttribute('data-verified')).toBe('false')
      expect(await row.locator('[data-failed]').textContent()).toMatch(/\S/)
      expect(await page.locator('[data-section="fresh"] [data-verified="true"]').count()).toBe(0)
      expect(await page.locator(FULL_VIEW).count()).toBe(0)
      await hold.release()
      // The full view follows (the start is over once the current province has answered, whatever it said).
      await page.locator(FULL_VIEW).waitFor({ timeout: 20000 })
      await page.locator('[data-province="440000"][data-status="failed"]').waitFor({ timeout: 20000 })
      // The others are asked all the same (verified greens fold into one line: attached, not visible).
      await page
        .locator('[data-province="110000"][data-verified="true"]')
        .waitFor({ state: 'attached', timeout: 30000 })
    } finally {
      await page.unroute('**/np-api/guangdong/**')
    }
  })

  test("the boot shell reads the start's values ahead, and the app's storage takes them off the window", async () => {
    const { page } = e2e
    await forgetPass()
    // Note what the boot shell leaves on the window and which keys it fills in, without changing either.
    await page.addInitScript({
      content: `Object.defineProperty(window, '__npPrimed', { configurable: true, set(map) {
        const keys = (window.__npPrimedKeys = [])
        const set = map.set.bind(map)
        map.set = (k, v) => { keys.push(k); return set(k, v) }
        Object.defineProperty(window, '__npPrimed', { value: map, writable: true, configurable: true })
      } })`,
    })
    await page.goto(`${e2e.app.url}#/pages/pass/index`)
    // The current province's verified colour, in the fresh card or already in the full view (not held here).
    await page
      .locator('[data-province="440000"][data-verified="true"]')
      .first()
      .waitFor({ state: 'attached', timeout: 20000 })
    // Checked and decrypted with WebCrypto: who is signed in, the trust list, and the current province's session.
    await page.waitForFunction(
      (wanted) => {
        const keys = (window as unknown as { __npPrimedKeys?: string[] }).__npPrimedKeys ?? []
        return wanted.every((k) => keys.includes(k))
      },
      ['identity.people', 'trustList', 'auth.session.440000'],
      { timeout: 20000 },
    )
    // Taken by the app's storage: the plaintexts are no longer on the window.
    expect(await page.evaluate(() => '__npPrimed' in window)).toBe(false)
  })
})

describe('the scripts of a cold start', () => {
  /** The built scripts whose names start with `name.` (the chunk's name, content hash aside). */
  const scripts = (name: string) =>
    readdirSync(path.join(DIST, 'js')).filter((f) => f.startsWith(`${name}.`) && f.endsWith('.js'))
  const firstLine = (file: string) => readFileSync(path.join(DIST, 'js', file), 'utf8').split('\n', 1)[0]

  test("those run before the first answer carry V8's compile hint as their first line; the later ones do not", async () => {
    // After the first answer: the full view and the verifiers, compiled as V8 would (much of their code never runs at
    // load). index.html names them too (preloaded).
    const later = [...scripts('pass-view'), ...scripts('verify')]
    expect(later).toHaveLength(2)
    for (const file of later) expect(firstLine(file)).not.toContain('allFunctionsCalledOnLoad')
    // Before it: the app's own chunk, the pass page's chunk (index.html preloads it), the services and their shared
    // code. Not Taro's runtime chunk: much of it never runs, and hinted it made the start slower.
    const html = readFileSync(path.join(DIST, 'index.html'), 'utf8')
    const named = [...html.matchAll(/\/js\/([^"'\s]+\.js)/g)].map((m) => m[1])
    const early = ['app', 'shared', 'services'].map((name) => {
      const [file, ...more] = scripts(name).filter((f) => named.includes(f))
      expect(more).toEqual([])
      return file
    })
    for (const file of early) expect([file, firstLine(file)]).toEqual([file, '//# allFunctionsCalledOnLoad'])
    const page = named.filter((f) => /^\d+\./.test(f) && firstLine(f) === '//# allFunctionsCalledOnLoad')
    expect(page).toHaveLength(1)
  })
})
