/**
 * The place-code in Chromium: a venue makes its poster; the PNG is read from
 * an image file on the scan page; the check-in lands at the mock backend; a
 * Wuxi 门铃码 checks in through the Jiangsu plugin; a tampered code is refused.
 */
import type { Page } from 'playwright-core'
import { createSecureStorage } from '../../src/platform/secureStorage'
import { demoPerson } from '../../mock/data/people'
import { wuxiDoorbellVenue } from '../../mock/data/venues'
import { type E2E, startE2E } from './harness'

let e2e: E2E
const person = demoPerson('green').identity

beforeAll(async () => {
  e2e = await startE2E({ locale: 'zh-CN' })
  await seedIdentity(e2e.page)
})
afterAll(() => e2e?.close())

/** The traveller signed in with consent to every province, written the way the app writes it (encrypted, Taro's localStorage envelope). */
async function seedIdentity(page: Page) {
  await e2e.open('scan')
  await page.locator('.np-title-text').waitFor({ timeout: 15000 })
  const stored: Record<string, string> = await page.evaluate(() => {
    const out: Record<string, string> = {}
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i) as string
      out[k] = localStorage.getItem(k) ?? ''
    }
    return out
  })
  const map = new Map<string, string>()
  for (const [k, v] of Object.entries(stored)) {
    try {
      const data = (JSON.parse(v) as { data?: unknown }).data
      if (typeof data === 'string') map.set(k, data)
    } catch {
      // Not a Taro storage entry.
    }
  }
  const storage = createSecureStorage({
    get: (k) => map.get(k),
    set: (k, v) => void map.set(k, v),
    remove: (k) => void map.delete(k),
  })
  const id = `p-${person.idNumber.slice(-6)}`
  storage.write('identity.people', {
    people: [{ id, identity: person, self: true, consentAt: Date.now(), source: 'demo' }],
    activeId: id,
  })
  storage.write('consents', { '440000': true, '320000': true })
  // Signed in: the one-time credential the identity service issues after the (DEMO) super-app login.
  const login = (await (
    await fetch(`${e2e.app.mockUrl}/identity/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'demo-green' }),
    })
  ).json()) as { credential: string; expiresAt: number }
  storage.write('auth.credential', { kind: 'super-app', code: login.credential, expiresAt: login.expiresAt })
  await page.evaluate(
    (entries) => {
      for (const [k, v] of entries) localStorage.setItem(k, JSON.stringify({ data: v }))
    },
    [...map.entries()],
  )
  // Services read consents once at start: reload so the app starts over with the seeded storage.
  await page.reload()
  await page.locator('.np-title-text').waitFor({ timeout: 15000 })
}

async function stored(slug: string): Promise<{ count: number; keys: string[] }> {
  const res = await fetch(`${e2e.app.mockUrl}/${slug}/__admin/checkins`)
  return (await res.json()) as { count: number; keys: string[] }
}

async function typeInto(selector: string, text: string) {
  const field = e2e.page.locator(`${selector} input, ${selector} textarea`).first()
  await field.fill(text)
}

describe('national place-code in the H5 build', () => {
  let placeCode = ''
  let png: Buffer

  test('a venue registers with its province and gets a poster (SVG + PNG) with its place-code', async () => {
    await e2e.open('venue')
    await e2e.page.locator('[data-field="venue-name"]').waitFor({ timeout: 15000 })
    await typeInto('[data-field="venue-name"]', '天河路咖啡馆')
    await typeInto('[data-field="venue-address"]', '广州市天河区天河路100号')
    await e2e.page.locator('[data-action="register"]').click()
    const poster = e2e.page.locator('[data-poster]')
    await poster.waitFor({ timeout: 15000 })
    placeCode = (await poster.getAttribute('data-place-code')) ?? ''
    expect(placeCode).toMatch(/^https:\/\/np\.example\.cn\/p\/[A-Za-z0-9_-]+$/)
    // A v2 place-code (issue 16): id and name signed, no address; within the 160-character budget.
    expect(placeCode.length).toBeLessThanOrEqual(160)
    const dataUrl = (await poster.getAttribute('data-png')) ?? ''
    expect(dataUrl.startsWith('data:image/png;base64,')).toBe(true)
    png = Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64')
    await e2e.screenshot('venue-poster')
  })

  test('the poster PNG, chosen as an image file on the scan page, checks in at the Guangdong backend', async () => {
    const before = await stored('guangdong')
    // The traveller's pass is loaded first, so the result can say what Guangdong decides.
    await e2e.open('pass')
    await e2e.page
      .locator('[data-province="440000"][data-status="done"]')
      .waitFor({ state: 'attached', timeout: 15000 })
    // Every province answered before the page is left: a province signing in when the page closes redeems the
    // one-time credential with its answer lost (the next test checks in through Jiangsu with the session kept here).
    await e2e.page.waitForFunction(
      () => {
        const [answered, asked] = (
          document.querySelector('[data-progress]')?.getAttribute('data-progress') ?? '/'
        ).split('/')
        return answered !== '' && answered === asked
      },
      null,
      { timeout: 30000 },
    )
    await e2e.open('scan')
    const button = e2e.page.locator('[data-action="image"]')
    await button.waitFor({ timeout: 15000 })
    const [chooser] = await Promise.all([e2e.page.waitForEvent('filechooser'), button.click()])
    await chooser.setFiles({ name: 'poster.png', mimeType: 'image/png', buffer: png })
    const result = e2e.page.locator('[data-checkin]')
    await result.waitFor({ timeout: 15000 })
    expect(await result.getAttribute('data-checkin')).toBe('sent')
    expect(await e2e.page.locator('[data-field="venue"]').textContent()).toBe('天河路咖啡馆')
    expect(await e2e.page.locator('[data-field="retention"]').textContent()).toContain('21')
    expect(await e2e.page.locator('[data-field="headline"]').getAttribute('data-colour')).toBe('green')
    await e2e.page.locator('[data-field="verdict"]').waitFor({ timeout: 10000 })
    expect(['admit', 'needs-action', 'refuse']).toContain(
      await e2e.page.locator('[data-field="verdict"]').getAttribute('data-verdict'),
    )
    await e2e.screenshot('checkin-result')
    const after = await stored('guangdong')
    expect(after.count).toBe(before.count + 1)
  })

  test('a Wuxi 门铃码 pasted on the scan page checks in through the Jiangsu plugin', async () => {
    const before = await stored('jiangsu')
    await e2e.open('scan')
    await e2e.page.locator('[data-field="paste"]').waitFor({ timeout: 15000 })
    await typeInto('[data-field="paste"]', wuxiDoorbellVenue.legacyCode ?? '')
    await e2e.page.locator('[data-action="paste"]').click()
    const result = e2e.page.locator('[data-checkin]')
    await result.waitFor({ timeout: 15000 })
    expect(await result.getAttribute('data-venue-id')).toBe('WX320213-000123')
    expect(`${await result.getAttribute('data-checkin')} ${await result.innerText()}`).toMatch(/^sent /)
    expect((await stored('jiangsu')).count).toBe(before.count + 1)
  })

  test('the mini-program deep link (?c=) lands on the check-in result', async () => {
    const before = await stored('guangdong')
    await e2e.open('scan', `c=${placeCode.slice(placeCode.lastIndexOf('/') + 1)}`)
    const result = e2e.page.locator('[data-checkin]')
    await result.waitFor({ timeout: 15000 })
    expect(await result.getAttribute('data-checkin')).toBe('sent')
    expect((await stored('guangdong')).count).toBe(before.count + 1)
  })

  test('a tampered place-code and unknown text are refused with the reason', async () => {
    await e2e.open('scan')
    await e2e.page.locator('[data-field="paste"]').waitFor({ timeout: 15000 })
    const at = placeCode.length - 10
    const tampered = placeCode.slice(0, at) + (placeCode[at] === 'A' ? 'B' : 'A') + placeCode.slice(at + 1)
    await typeInto('[data-field="paste"]', tampered)
    await e2e.page.locator('[data-action="paste"]').click()
    const error = e2e.page.locator('[data-scan="error"]')
    await error.waitFor({ timeout: 15000 })
    expect(await error.getAttribute('data-error-code')).toMatch(
      /NP_ERR_(SIGNATURE_INVALID|PLACE_CODE_MALFORMED|CLAIM_MALFORMED)/,
    )
    await typeInto('[data-field="paste"]', 'hello, not a code')
    await e2e.page.locator('[data-action="paste"]').click()
    await e2e.page.locator('[data-error-code="NP_ERR_PLACE_CODE_UNKNOWN"]').waitFor({ timeout: 15000 })
  })
})
