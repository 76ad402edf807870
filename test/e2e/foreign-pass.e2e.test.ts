/**
 * A traveller adds a foreign certificate to their pass, H5 build in Chromium:
 * the SMART Health Cards specification's example-00 (three COVID-19 doses,
 * John B. Anyperson, no expiry) as an image of its QR, chosen through the
 * image picker and read by the same jsQR path as the guard's scanner, with
 * the network cut (verified offline against the cached foreign trust list).
 * The trip check to Qinghai, whose DEMO rules require a third dose 14 days
 * before arrival, then counts the certificate's doses: the booster rule that
 * was unmet before is met, and the result says a foreign certificate was used.
 *
 * Not a corpus EU DCC: every dgc-testdata certificate expired in 2021–2022,
 * and an expired certificate is refused when added (tested in test/unit and
 * test/ui); the guard's e2e scans the corpus HCERT image (foreign.e2e).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type E2E, startE2E } from './harness'

jest.setTimeout(180_000)

const H = 3_600_000
const SVG = readFileSync(join(__dirname, '../fixtures/shc-examples/examples/example-00-g-qr-code-0.svg'), 'utf8')
const JOHN = { name: 'John B. Anyperson', idNumber: '110101195101200010', phone: '13800000000' }

let e2e: E2E
beforeAll(async () => {
  e2e = await startE2E({ locale: 'zh-CN' })
})
afterAll(() => e2e?.close())

function beijing(ms: number): string {
  return new Date(ms + 8 * H).toISOString().slice(0, 16).replace('T', ' ')
}

/** A stop in Qinghai three hours from now, checked; returns the unmet rule ids and the foreign note. */
async function checkQinghai(): Promise<{ unmet: string[]; used: string | null }> {
  const { page } = e2e
  await e2e.open('trip')
  await page.locator('[data-trip-status]').waitFor({ timeout: 20000 })
  await page.locator('[data-picker="stop-0"] [data-action="open-provinces"]').click()
  await page.locator('[data-picker="stop-0"] [data-province="630000"]').click()
  const when = beijing(Date.now() + 3 * H)
  const [date, time] = when.split(' ')
  for (const [mode, value] of [
    ['date', date],
    ['time', time],
  ] as const)
    await page
      .locator(`[data-stop-input="0"] [data-field="arrival"] taro-picker-core[mode="${mode}"]`)
      .first()
      .evaluate((el, v) => el.dispatchEvent(new CustomEvent('change', { detail: { value: v } })), value)
  await page.locator(`[data-stop-input="0"] [data-field="arrival"][data-value="${when}"]`).waitFor({ timeout: 5000 })
  await page.locator('[data-action="check-trip"]').click()
  const stop = page.locator('[data-stop="0"]')
  await stop.waitFor({ timeout: 30000 })
  const note = page.locator('[data-section="trip-foreign"]')
  return {
    unmet: ((await stop.getAttribute('data-rules-unmet')) ?? '').split(' ').filter(Boolean),
    used: (await note.count()) ? await note.getAttribute('data-foreign-used') : null,
  }
}

test('the traveller adds a SMART Health Card image offline and the trip check counts its doses', async () => {
  const { page } = e2e
  // Signed in (DEMO), then the traveller's own record: the name and birth date the card states.
  await e2e.open('pass')
  await page.locator('[data-demo-person="green"]').click({ timeout: 15000 })
  await e2e.open('family')
  const form = page.locator('[data-section="add-member"]')
  await form.locator('[data-field="name"] input').fill(JOHN.name, { timeout: 15000 })
  await form.locator('[data-field="idNumber"] input').fill(JOHN.idNumber)
  await form.locator('[data-field="phone"] input').fill(JOHN.phone)
  await form.locator('[data-field="consent"]').click()
  await form.locator('[data-action="submit-person"]').click()
  await page.locator('[data-person="p-200010"]').waitFor({ timeout: 15000 })

  const before = await checkQinghai()
  const booster = before.unmet.find((id) => /^QH-/.test(id) && !/TEST|CODE/.test(id))
  expect(booster).toBeDefined()
  expect(before.used).toBeNull()

  // The add page (with the verifiers) and the foreign trust list are fetched online once…
  const listed = page.waitForResponse((r) => r.url().includes('/national/foreign-trust-list') && r.ok(), {
    timeout: 30000,
  })
  await e2e.open('pass')
  await page.locator('[data-action="foreign-add"]').click({ timeout: 30000 })
  await page.locator('[data-section="foreign-add"]').waitFor({ timeout: 30000 })
  await listed
  // …then the network is cut: the image is read and verified on the device.
  const png = await page.evaluate(async (svg) => {
    const img = new Image()
    img.src = `data:image/svg+xml;base64,${btoa(svg)}`
    await img.decode()
    const c = document.createElement('canvas')
    c.width = c.height = 97 * 6
    const g = c.getContext('2d') as CanvasRenderingContext2D
    g.imageSmoothingEnabled = false
    g.drawImage(img, 0, 0, c.width, c.height)
    return c.toDataURL('image/png').split(',')[1]
  }, SVG)
  await e2e.context.setOffline(true)
  try {
    const chooser = page.waitForEvent('filechooser')
    await page.locator('[data-action="foreign-scan"]').click()
    await (await chooser).setFiles({
      name: 'shc-example-00.png',
      mimeType: 'image/png',
      buffer: Buffer.from(png, 'base64'),
    })
    const added = page.locator('[data-foreign-added]')
    await added.waitFor({ timeout: 20000 })
    expect(await added.getAttribute('data-name-check')).toBe('match')
    await e2e.screenshot('traveller-foreign-added')
  } finally {
    await e2e.context.setOffline(false)
  }

  await e2e.open('pass')
  const card = page.locator('[data-foreign-cert]')
  await card.waitFor({ timeout: 20000 })
  expect(await card.getAttribute('data-usable')).toBe('yes')
  expect(await card.textContent()).toMatch(/SMART 健康卡 · 疫苗接种/)

  const after = await checkQinghai()
  expect(after.used).toBe('1')
  expect(after.unmet).not.toContain(booster)
  await e2e.screenshot('traveller-foreign-trip')
})
