/**
 * Issue 13 end to end in the H5 build: the traveller signs in (the app makes
 * its phone key, every province certifies it), the pass page shows a bound
 * `NP2:` QR; what a camera reads from the screen is verified by the guard
 * page, with the venue policy "require a pass bound to the holder's phone"
 * on, as bound ("shown N s ago on the holder's phone").
 */
import jsQR from 'jsqr'
import type { Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { type E2E, startE2E } from './harness'

let e2e: E2E
jest.setTimeout(150_000)

beforeAll(async () => {
  e2e = await startE2E({ locale: 'en-US' })
})
afterAll(async () => {
  await e2e?.close()
})

/** What a camera sees of the QR, looked at again until it reads (bounded). */
async function qrSeen(page: Page): Promise<string | undefined> {
  await page.locator('[data-pass]').evaluate((el) => el.scrollIntoView({ block: 'center' }))
  for (let i = 0; i < 20; i++) {
    const shot = PNG.sync.read(await page.locator('[data-pass]').screenshot({ animations: 'disabled' }))
    const seen = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height)?.data
    if (seen) return seen
    await page.locator('[data-pass]').waitFor()
  }
  return undefined
}

test('the QR read from the pass page is verified by the guard page as bound to the holder’s phone', async () => {
  const { page, context, app } = e2e
  // The guard, on its own tab, ready first (trust list and Guangdong's rules downloaded), policy on.
  const guard = await context.newPage()
  await guard.goto(`${app.url}#/pages/guard/index?province=440000`)
  await guard.locator('[data-guard-status="ready"]').waitFor({ timeout: 30000 })
  await guard.locator('[data-action="require-binding"]').click()
  await guard.locator('[data-action="require-binding"][data-on="on"]').waitFor()

  // The traveller signs in and waits for the answers; the QR becomes bound.
  await page.goto(`${app.url}#/pages/pass/index`)
  await page.locator('[data-demo-person="green"]').click({ timeout: 20000 })
  await page.locator('[data-progress="32/32"]').waitFor({ timeout: 30000 })
  await page.locator('[data-pass^="NP2:"]').waitFor({ timeout: 20000 })
  await page.locator('[data-qr-bound]').waitFor()
  const seen = await qrSeen(page)
  expect(seen).toMatch(/^NP2:/)

  await guard.bringToFront()
  await guard.locator('[data-input="pass-text"] textarea').fill(seen ?? '')
  await guard.locator('[data-action="verify"]').click()
  const verdict = guard.locator('[data-verdict]')
  await verdict.waitFor({ timeout: 10000 })
  expect(await verdict.locator('[data-bound="yes"]').textContent()).toMatch(
    /Bound: shown \d+ s ago on the holder’s phone/,
  )
  const reasons = await verdict
    .locator('[data-reason]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')))
  // Bound, so the policy does not refuse it; what may remain is the venue's rules.
  for (const code of reasons) expect(code).toBe('NP_ERR_RULE_NOT_MET')
  expect(await verdict.getAttribute('data-verdict')).not.toBe('refuse')
  await e2e.screenshot('guard-bound-pass')
})
