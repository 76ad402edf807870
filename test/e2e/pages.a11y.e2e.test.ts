/**
 * Every page of the H5 build in Chinese and English, normal and elder mode:
 * a screenshot of each (artifacts/e2e/page-<page>-<lang>-<mode>.png, listed
 * in the README) and axe-core run in the page, which must report no serious
 * or critical violation (contrast included). The traveller is the DEMO green
 * person, so the pass page shows its QR.
 */
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { type E2E, startE2E } from './harness'

const PAGES = ['pass', 'scan', 'trip', 'guard', 'settings', 'family', 'venue', 'checkin', 'declare'] as const
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: string[]; failureSummary?: string }>
}

/** axe-core in the page: WCAG 2 A/AA rules; the serious and critical findings. */
async function axeSerious(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE })
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: unknown }> } })
      .axe
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })
    return r.violations
  })) as Violation[]
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

const describeViolations = (vs: Violation[]) =>
  vs.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`)

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E({ locale: 'zh-CN' })
  // Sign in as the DEMO traveller once: every page then shows a real person's data.
  await e2e.open('pass')
  await e2e.page.locator('[data-demo-person="green"]').click({ timeout: 20000 })
  await e2e.page.locator('[data-pass]').first().waitFor({ timeout: 30000 })
})
afterAll(async () => {
  await e2e?.close()
})

async function setMode(lang: 'zh' | 'en', elder: boolean) {
  await e2e.open('settings')
  // The saved settings are read after the first frame (src/app.ts): decide what to click only once they are, or a
  // saved elder mode restored after the check would stay on. The saved pass is read right after them.
  await e2e.page.waitForFunction(() => performance.getEntriesByName('np:pass-read').length > 0, null, {
    timeout: 20000,
  })
  await e2e.page.locator(`[data-lang="${lang}"]`).click()
  const isElder = async () => (await e2e.page.locator('.np-theme-elder').count()) > 0
  if ((await isElder()) !== elder) await e2e.page.locator('[data-action="elder"]').click()
  await e2e.page.waitForFunction((want) => (document.querySelector('.np-theme-elder') !== null) === want, elder)
}

describe.each([
  ['zh', false],
  ['en', false],
  ['zh', true],
  ['en', true],
] as const)('every page in %s, elder %s', (lang, elder) => {
  beforeAll(async () => {
    await setMode(lang, elder)
  })
  test.each(PAGES)('%s: screenshot, and axe finds nothing serious or critical', async (name) => {
    await e2e.open(name)
    await e2e.page.locator('.np-screen').first().waitFor({ timeout: 20000 })
    if (name === 'pass') await e2e.page.locator('[data-pass]').first().waitFor({ timeout: 30000 })
    await e2e.screenshot(`page-${name}-${lang}-${elder ? 'elder' : 'normal'}`)
    const serious = await axeSerious(e2e.page)
    expect(describeViolations(serious)).toEqual([])
    // Every control is at least 44 × 44 CSS px (WCAG 2.5.5 / Apple HIG).
    const small = await e2e.page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.np-screen [data-action], .np-screen [data-nav], .np-button'))
        .filter((el) => el.offsetParent !== null)
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.height < 44 || r.width < 44))
        .map(
          ({ el, r }) =>
            `${el.getAttribute('data-action') ?? el.getAttribute('data-nav') ?? el.className} ${Math.round(r.width)}×${Math.round(r.height)}`,
        ),
    )
    expect(small).toEqual([])
  })
})

describe('the pass QR', () => {
  test('framed in its colour, with the colour word and shape, and an accessible name saying whose pass', async () => {
    await setMode('zh', false)
    await e2e.open('pass')
    const box = e2e.page.locator('[data-pass]').first()
    await box.waitFor({ timeout: 30000 })
    expect(await box.getAttribute('data-qr-colour')).toBe('green')
    expect(await box.getAttribute('aria-label')).toMatch(/的通行码，绿码$/)
    expect(await box.locator('[data-qr-colour-word]').textContent()).toBe('● 绿码')
    const border = await box.evaluate((el) => getComputedStyle(el).borderTopColor)
    expect(border).toBe('rgb(11, 122, 52)')
    // The destination verdict sits right under the headline, above the QR.
    const order = await e2e.page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-section]'), (e) => e.getAttribute('data-section')),
    )
    expect(order.indexOf('destination')).toBe(order.indexOf('headline') + 1)
    expect(order.indexOf('qr')).toBeGreaterThan(order.indexOf('destination'))
    // Nothing English in the Chinese page but names of things (PCR, province codes).
    const text = await e2e.page.locator('.np-screen').first().innerText()
    expect(text).not.toMatch(/first issued|space-time|overlap/)
  })
})
