import { type E2E, startE2E } from './harness'

const H = 3_600_000
let e2e: E2E

/** `YYYY-MM-DD HH:mm` in Beijing time, as the trip page takes it. */
function beijing(ms: number): string {
  return new Date(ms + 8 * H).toISOString().slice(0, 16).replace('T', ' ')
}

/**
 * Set a date-and-time field through its two Taro pickers: each picker's own
 * `change` event (what the picker sheet emits on 确定), date then time.
 */
async function fill(selector: string, text: string): Promise<void> {
  const [date, time] = text.split(' ')
  for (const [mode, value] of [
    ['date', date],
    ['time', time],
  ] as const) {
    await e2e.page
      .locator(`${selector} taro-picker-core[mode="${mode}"]`)
      .first()
      .evaluate((el, v) => el.dispatchEvent(new CustomEvent('change', { detail: { value: v } })), value)
  }
  await e2e.page.locator(`${selector}[data-value="${text}"]`).first().waitFor({ timeout: 5000 })
}

async function pickProvince(picker: string, code: string): Promise<void> {
  await e2e.page.locator(`[data-picker="${picker}"] [data-action="open-provinces"]`).click()
  await e2e.page.locator(`[data-picker="${picker}"] [data-province="${code}"]`).click()
}

beforeAll(async () => {
  e2e = await startE2E({ locale: 'en-US' })
})

afterAll(async () => {
  await e2e?.close()
})

describe('trip check and arrival declarations in the H5 build', () => {
  test('a three-stop trip whose second stop needs a fresh test says exactly that, and only there', async () => {
    const now = Date.now()
    await e2e.open('trip')
    await e2e.page.locator('[data-trip-status]').waitFor({ timeout: 20000 })
    await fill('[data-field="pcr-sampled"]', beijing(now - 2 * H))
    await fill('[data-field="pcr-reported"]', beijing(now - H))
    const stops: Array<[string, number]> = [
      ['440000', 3 * H],
      ['430000', 30 * H],
      ['310000', 50 * H],
    ]
    for (const [i, [province, after]] of stops.entries()) {
      if (i > 0) await e2e.page.locator('[data-action="add-stop"]').click()
      await pickProvince(`stop-${i}`, province)
      await fill(`[data-stop-input="${i}"] [data-field="arrival"]`, beijing(now + after))
    }
    await e2e.page.locator('[data-action="check-trip"]').click()
    await e2e.page.locator('[data-stop="2"]').waitFor({ timeout: 20000 })
    await e2e.screenshot('trip-three-stops')
    // The results come first, above the form; each stop names the test that counts, and one test covering
    // several stops says so.
    expect(
      await e2e.page.evaluate(() => {
        const results = document.querySelector('[data-section="trip-results"]')
        const form = document.querySelector('[data-stop-input="0"]')
        return !!results && !!form && !!(results.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING)
      }),
    ).toBe(true)
    expect(await e2e.page.locator('[data-stop="0"] [data-covers]').textContent()).toMatch(
      /Test that counts: PCR sampled .*This one test covers stops 1, 2, 3/,
    )

    expect(await e2e.page.locator('[data-stop="0"]').getAttribute('data-outcome')).toBe('admit')
    expect(await e2e.page.locator('[data-stop="1"]').getAttribute('data-outcome')).toBe('needs-action')
    expect(await e2e.page.locator('[data-stop="2"]').getAttribute('data-outcome')).toBe('admit')
    const advice = await e2e.page.locator('[data-stop="1"] [data-advice]').allTextContents()
    expect(advice).toHaveLength(1)
    expect(advice[0]).toMatch(/^Take a PCR test before \d{2}:\d{2} on .* to enter Hunan at \d{2}:\d{2} on /)
    expect(await e2e.page.locator('[data-stop="0"] [data-advice], [data-stop="2"] [data-advice]').count()).toBe(0)
  })

  test('a declaration submitted offline is queued, then delivered once when back online', async () => {
    const admin = `${e2e.app.mockUrl}/shandong/__admin/declarations`
    const count = async (): Promise<number> => ((await (await fetch(admin)).json()) as { count: number }).count
    const before = await count()

    await e2e.open('declare', 'province=370000')
    await e2e.page.locator('[data-demo-person="green"]').click({ timeout: 20000 })
    await e2e.page.locator('[data-form="370000"]').waitFor({ timeout: 20000 })

    await e2e.context.setOffline(true)
    const field = (key: string) => e2e.page.locator(`[data-decl-field="${key}"]`)
    await field('arrivalDate')
      .locator('input')
      .fill(new Date(Date.now() + 32 * H).toISOString().slice(0, 10))
    await field('fromCity').locator('input').fill('Chengdu')
    await field('transport').locator('[data-choice="train"]').click()
    await field('destinationAddress').locator('input').fill('Jinan, Lixia District 1')
    await field('contactPhone').locator('input').fill('13900000101')
    await field('symptoms').locator('[data-choice="false"]').click()
    await e2e.page.locator('[data-action="submit-declaration"]').click()
    await e2e.page.locator('[data-queued="1"]').waitFor({ timeout: 10000 })
    await e2e.screenshot('declare-queued-offline')
    expect(await count()).toBe(before)

    await e2e.context.setOffline(false)
    await e2e.page.locator('[data-receipt]').first().waitFor({ timeout: 30000 })
    await e2e.page.waitForTimeout(7000)
    expect(await e2e.page.locator('[data-receipt]').count()).toBe(1)
    expect(await e2e.page.locator('[data-queued]').count()).toBe(0)
    expect(await count()).toBe(before + 1)
    await e2e.screenshot('declare-delivered')
  })
})
