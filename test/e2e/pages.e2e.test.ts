import { readFileSync } from 'node:fs'
import path from 'node:path'
import { type E2E, startE2E } from './harness'

const appConfig = readFileSync(path.resolve(__dirname, '..', '..', 'src', 'app.config.ts'), 'utf8')
// Main-package pages ('pages/x/index') and the subpackages whose root holds an index page ({ root: 'pages/guard',
// pages: ['index', …] }): every route pages/<x>/index. (pages/foreign/certs/index is opened by foreign-pass.e2e.)
const mainPages = [...appConfig.matchAll(/'pages\/(\w+)\/index'/g)].map((m) => m[1])
const subRoots = [...appConfig.matchAll(/root: 'pages\/(\w+)', pages: \[([^\]]*)\]/g)]
  .filter((m) => /'index'/.test(m[2]))
  .map((m) => m[1])
const pages = [...new Set([...mainPages, ...subRoots])]

const zhTitles: Record<string, string> = {
  pass: '我的通行码',
  scan: '扫场所码',
  trip: '行程核验',
  guard: '核验模式',
  settings: '设置',
  family: '家人代查',
  venue: '场所码',
  checkin: '登记结果',
  declare: '入境申报',
}

let e2e: E2E

beforeAll(async () => {
  e2e = await startE2E({ locale: 'zh-CN' })
})

afterAll(async () => {
  await e2e?.close()
})

describe('every page of the H5 build', () => {
  test.each(pages)('%s renders its title and the navigation, and gets a screenshot', async (route) => {
    await e2e.open(route)
    await e2e.page.locator(`[data-page="${route}"]`).waitFor({ timeout: 15000 })
    const title = e2e.page.locator(`[data-page="${route}"] .np-title-text`)
    expect(await title.textContent()).toBe(zhTitles[route])
    expect(await e2e.page.locator(`[data-page="${route}"] .np-nav-item`).count()).toBe(5)
    await e2e.screenshot(`page-${route}`)
  })

  test('the bottom navigation moves between pages', async () => {
    await e2e.open('pass')
    await e2e.page.locator('[data-nav="settings"]').click()
    await e2e.page.locator('[data-page="settings"]').waitFor()
    await e2e.page.locator('[data-nav="trip"]').click()
    await e2e.page.locator('[data-page="trip"]').waitFor()
    expect(await e2e.page.locator('[data-page="trip"] .np-title-text').textContent()).toBe(zhTitles.trip)
  })

  test('settings switch the language to English and turn on elder mode, and both survive a reload', async () => {
    await e2e.open('settings')
    await e2e.page.locator('[data-page="settings"]').waitFor({ timeout: 15000 })
    await e2e.page.locator('[data-lang="en"]').click()
    await e2e.page.locator('[data-page="settings"] .np-title-text', { hasText: 'Settings' }).waitFor()
    await e2e.page.locator('[data-action="elder"]').click()
    await e2e.page.locator('[data-page="settings"].np-theme-elder').waitFor()
    await e2e.screenshot('settings-en-elder')
    await e2e.page.reload()
    await e2e.page.locator('[data-page="settings"].np-theme-elder').waitFor({ timeout: 15000 })
    expect(await e2e.page.locator('[data-page="settings"] .np-title-text').textContent()).toBe('Settings')
    await e2e.page.locator('[data-lang="system"]').click()
    await e2e.page.locator('[data-action="elder"]').click()
    await e2e.page.locator('[data-page="settings"].np-theme-default').waitFor()
    await e2e.page.locator('[data-page="settings"] .np-title-text', { hasText: '设置' }).waitFor()
  })
})

test('a place-code URL opened by a phone camera (/p/<payload>) lands on the scan page with the code', async () => {
  await e2e.page.goto(`${e2e.app.url}p/AAAA`)
  await e2e.page.locator('[data-page="scan"]').waitFor({ timeout: 15000 })
  expect(e2e.page.url()).toContain('#/pages/scan/index?c=AAAA')
})
