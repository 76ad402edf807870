/**
 * The traveller's pass in Chromium against the mock backends.
 * A hanging province is made with Playwright: requests to `/np-api/hunan/**`
 * are routed to a handler that never answers. "Offline" aborts every
 * `/np-api/**` request (the app shell still loads, as a mini-program's
 * package does from the device); `context.setOffline` would stop the reload itself.
 */
import jsQR from 'jsqr'
import type { Route } from 'playwright-core'
import { PNG } from 'pngjs'
import { type E2E, startE2E } from './harness'

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E({ locale: 'zh-CN' })
})
afterAll(async () => {
  await e2e?.close()
})

describe('the pass', () => {
  test('the conflicted demo traveller sees every authority, the explanation and a pass QR', async () => {
    const { page } = e2e
    await e2e.open('pass')
    await page.locator('[data-demo-person="conflicted"]').click({ timeout: 15000 })
    await page.locator('[data-dissent="430000"]').waitFor({ timeout: 15000 })
    const dissent = await page.locator('[data-dissent="430000"]').textContent()
    expect(dissent).toMatch(/湖南省：黄码/)
    expect(dissent).toMatch(/五一广场/)
    expect(await page.locator('[data-section="disagreement"]').textContent()).toMatch(/绿码/)
    await page.locator('[data-progress="31/31"]').waitFor({ timeout: 15000 })
    expect(await page.locator('[data-section="authorities"] [data-province]').count()).toBe(31)
    expect(await page.locator('[data-province="350000"]').textContent()).toMatch(/已验签/)
    // Verified greens fold into one line; Hunan's yellow stays in view; the fold opens on a tap.
    expect(await page.locator('[data-province="430000"]').isVisible()).toBe(true)
    expect(await page.locator('[data-province="350000"]').isVisible()).toBe(false)
    expect(await page.locator('[data-action="toggle-greens"]').textContent()).toMatch(/\d+ 个地区：绿码，均已验签/)
    await page.locator('[data-action="toggle-greens"]').click()
    await page.locator('[data-province="350000"]').waitFor()
    await page.locator('[data-verdict]').first().waitFor({ timeout: 10000 })
    // Here (Guangdong): Guangdong's own code is held; Hunan's yellow is what needs action.
    const headline = page.locator('[data-section="headline"]')
    await headline.locator('[data-rule="GD-CODE-0002"]').waitFor({ timeout: 10000 })
    expect(await headline.locator('[data-verdict]').getAttribute('data-verdict')).toBe('needs-action')
    expect(await headline.locator('[data-rule="GD-CODE-0003"]').count()).toBe(0)
    const passText = await page.locator('[data-pass]').getAttribute('data-pass')
    expect(passText).toMatch(/^NP1:[0-9A-Z $%*+\-./:]+$/)
    expect(passText?.length).toBeLessThan(552)
    // What a guard's camera sees: the QR on screen decodes to exactly that text.
    const shot = PNG.sync.read(await page.locator('[data-pass]').screenshot())
    const seen = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height)
    expect(seen?.data).toBe(passText)
    await e2e.screenshot('pass-conflicted')
  })

  test('a hanging province times out while the rest render', async () => {
    const { page } = e2e
    const hung: Route[] = []
    await page.route('**/np-api/hunan/**', (route) => {
      hung.push(route)
    })
    await page.reload()
    await page.locator('[data-province="350000"][data-status="done"]').waitFor({ state: 'attached', timeout: 10000 })
    expect(await page.locator('[data-province="430000"]').getAttribute('data-status')).toBe('loading')
    await page.locator('[data-province="430000"][data-status="timeout"]').waitFor({ timeout: 10000 })
    expect(await page.locator('[data-province="430000"]').textContent()).toMatch(/超时未应答/)
    expect(await page.locator('[data-status="done"]').count()).toBeGreaterThanOrEqual(28)
    await e2e.screenshot('pass-hunan-timeout')
    await page.unroute('**/np-api/hunan/**')
    for (const r of hung) await r.abort().catch(() => undefined)
  })

  test('reload while offline shows the cached pass with its age', async () => {
    const { page } = e2e
    await page.route('**/np-api/**', (route) => route.abort('internetdisconnected'))
    await page.reload()
    await page.locator('[data-cached-age]').waitFor({ timeout: 10000 })
    expect(await page.locator('[data-cached-age]').textContent()).toMatch(/本机保存于 .+ 前/)
    expect(await page.locator('[data-province="350000"]').textContent()).toMatch(/绿码/)
    await page.locator('[data-offline]').waitFor({ timeout: 10000 })
    expect(await page.locator('[data-pass]').getAttribute('data-pass')).toMatch(/^NP1:/)
    await e2e.screenshot('pass-offline')
    await page.unroute('**/np-api/**')
  })

  test('elder mode shows one big verdict; English works', async () => {
    const { page } = e2e
    await e2e.open('settings')
    await page.locator('[data-lang="en"]').click()
    await page.locator('[data-action="elder"]').click()
    await page.locator('.np-theme-elder').waitFor()
    await e2e.open('pass')
    await page.locator('[data-elder] [data-verdict]').waitFor({ timeout: 15000 })
    expect(await page.locator('[data-elder] [data-section="headline"] .np-big').textContent()).toMatch(
      /Admitted|Refused|Action needed/,
    )
    expect(await page.locator('[data-section="authorities"]').count()).toBe(0)
    await e2e.screenshot('pass-elder-en')
    await e2e.open('settings')
    await page.locator('[data-lang="system"]').click()
    await page.locator('[data-action="elder"]').click()
  })
})
