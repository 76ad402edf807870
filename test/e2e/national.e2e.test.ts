/**
 * The national platform in Chromium against the mock backends: the national
 * code as one more authority (and in the disagreement card), the itinerary
 * card with its starred city, next steps with contacts, Beijing pop-ups of
 * each type, the pass QR carrying the national claims, and the guard showing
 * the itinerary's cities after verification. Screenshots in artifacts/e2e/.
 */
import type { ItineraryClaim } from '../../src/core/claims'
import { decodePass } from '../../src/core/passCodec'
import { BINDING_QR_CHARS, PASS_BUDGET } from '../../src/features/pass/passLogic'
import { type E2E, startE2E } from './harness'

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E({ locale: 'zh-CN' })
})
afterAll(async () => {
  await e2e?.close()
})

async function asDemo(key: string) {
  // Signed out: a fresh device, so the demo picker shows.
  await e2e.open('pass')
  await e2e.page.evaluate(() => localStorage.clear())
  await e2e.open('pass')
  await e2e.page.locator(`[data-demo-person="${key}"]`).click({ timeout: 15000 })
  await e2e.page.locator('[data-progress="32/32"]').waitFor({ timeout: 20000 })
}

describe('the national platform on the pass', () => {
  let passText = ''

  test('national yellow vs Guangdong green: authority row, disagreement, contact, starred itinerary, QR', async () => {
    const { page } = e2e
    await asDemo('national-yellow')
    const national = page.locator('[data-section="authorities"] [data-province="100000"]')
    await national.waitFor({ timeout: 15000 })
    expect(await national.textContent()).toMatch(/国家政务服务平台.*黄码/)
    expect(await national.getAttribute('data-verified')).toBe('true')
    expect(await page.locator('[data-dissent="100000"]').textContent()).toMatch(/国家政务服务平台：黄码/)
    const next = page.locator('[data-section="next-steps"] [data-contact="100000"]')
    expect(await next.textContent()).toMatch(/12345/)
    expect(await next.textContent()).toMatch(/异议申诉/)
    const card = page.locator('[data-section="itinerary"][data-starred="true"]')
    await card.waitFor({ timeout: 15000 })
    expect(await card.locator('[data-itinerary-cities]').textContent()).toMatch(/湖南省长沙市\*/)
    expect(await card.textContent()).toMatch(/更新于/)
    expect(await card.locator('[data-verified="true"]').count()).toBe(1)
    // The QR carries the yellow national code and the starred itinerary.
    await page.waitForFunction(() => {
      const t = document.querySelector('[data-pass]')?.getAttribute('data-pass') ?? ''
      return t.length > 0
    })
    passText = (await page.locator('[data-pass]').getAttribute('data-pass')) ?? ''
    const decoded = decodePass(passText).decoded
    expect(decoded.map((c) => [c.typ, c.iss])).toContainEqual(['hc', '100000'])
    const it = decoded.find((c): c is ItineraryClaim => c.typ === 'it')
    expect(it?.body.cities.filter((c) => c.starred).map((c) => c.code)).toEqual(['430100'])
    expect(passText.length).toBeLessThanOrEqual(PASS_BUDGET + BINDING_QR_CHARS)
    await e2e.screenshot('pass-national-yellow')
  })

  test('the guard sees the national code and the itinerary cities after verification', async () => {
    const { page } = e2e
    // The bound QR as the page shows it now (it is re-signed every 15 s; a guard refuses one older than 60 s).
    passText = (await page.locator('[data-pass]').getAttribute('data-pass')) ?? ''
    expect(passText).toMatch(/^NP2:/)
    await e2e.open('guard', 'province=440000')
    await page.locator('[data-guard-status="ready"]').waitFor({ timeout: 20000 })
    await page.locator('[data-input="pass-text"] textarea').fill(passText)
    await page.locator('[data-action="verify"]').click()
    await page.locator('[data-verdict]').waitFor({ timeout: 5000 })
    const it = page.locator('[data-claim="it"]')
    expect(await it.textContent()).toMatch(/行程卡：.*湖南省长沙市\*/)
    expect(await it.textContent()).not.toMatch(/未验签/)
    expect(await page.locator('[data-claim="hc"]').allTextContents()).toContainEqual(
      expect.stringMatching(/国家政务服务平台 · 黄码/),
    )
    await e2e.screenshot('guard-national-itinerary')
  })

  test.each([
    ['pooled', 'test-required', /1 号弹窗/],
    ['beijing-travel-popup', 'travel-history', /2 号弹窗/],
    ['beijing-contact-popup', 'risk-contact', /3 号弹窗/],
  ])('%s: the Beijing %s pop-up is on the pass with how to clear it', async (key, type, label) => {
    const { page } = e2e
    await asDemo(key)
    const popup = page.locator(`[data-section="popups"] [data-popup="${type}"][data-popup-province="110000"]`)
    await popup.waitFor({ timeout: 15000 })
    expect(await popup.textContent()).toMatch(label)
    expect(await popup.locator('[data-popup-clear]').textContent()).toMatch(/如何解除：.+/)
    expect(await popup.locator('[data-service-hotline="12345"]').count()).toBe(1)
    // Never folded into "all green".
    expect(await page.locator('[data-section="authorities"] [data-province="110000"]').isVisible()).toBe(true)
    await e2e.screenshot(`pass-popup-${type}`)
  })
})
