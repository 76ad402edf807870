/**
 * The traveller's pass in Chromium against the mock backends.
 * A hanging province is made with Playwright: requests to `/np-api/hunan/**`
 * are routed to a handler that never answers. "Offline" aborts every
 * `/np-api/**` request (the app shell still loads, as a mini-program's
 * package does from the device); `context.setOffline` would stop the reload itself.
 */
import jsQR from 'jsqr'
import type { Page, Route } from 'playwright-core'
import { PNG } from 'pngjs'
import { demoIdNumber, demoPerson } from '../../mock/data/people'
import provinces from '../../src/core/data/provinces.json'
import { BINDING_QR_CHARS, PASS_BUDGET } from '../../src/features/pass/passLogic'
import { type E2E, newLocalContext, startE2E } from './harness'

/** Rows of the H5 picker wheel (Taro's LINE_HEIGHT and TOP, px). */
const ROW = 34
const TOP = 102
const indexOf = (code: string) => provinces.provinces.findIndex((p) => p.code === code)

/** The wheel's offset (px) in the open picker. */
async function wheelAt(page: Page): Promise<number> {
  const t = await page.locator('.weui-picker__group:visible .weui-picker__content').getAttribute('style')
  return Number(/translate3d\(0(?:px)?, (-?[\d.]+)px/.exec(t ?? '')?.[1])
}

/**
 * Open picker `name`, turn its wheel to `code` a few rows at a time (the wheel
 * stops following the mouse once it leaves the column), check the wheel stays
 * there for 2.5 s while the page's clock ticks, then confirm.
 */
async function pickProvince(page: Page, name: string, code: string) {
  const from = Number(
    await page
      .locator(`[data-picker="${name}"]`)
      .getAttribute('data-picked')
      .then((c) => indexOf(c ?? '')),
  )
  await page.locator(`[data-picker="${name}"] .np-muted`).click()
  const group = page.locator('.weui-picker__group:visible')
  await group.waitFor()
  await page.waitForTimeout(600) // the sheet slides up first
  const box = await group.boundingBox()
  if (!box) throw new Error('no picker wheel')
  let at = Math.max(0, from)
  const to = indexOf(code)
  while (at !== to) {
    const rows = Math.max(-3, Math.min(3, to - at))
    const x = box.x + box.width / 2
    const y = rows > 0 ? box.y + box.height - 20 : box.y + 20
    await page.mouse.move(x, y)
    await page.mouse.down()
    await page.mouse.move(x, y - rows * ROW, { steps: 8 })
    await page.mouse.up()
    at += rows
    await page.waitForTimeout(350)
  }
  expect(await wheelAt(page)).toBe(TOP - ROW * to)
  // The page re-renders every second for its clock: the wheel must not jump back.
  await page.waitForTimeout(2500)
  expect(await wheelAt(page)).toBe(TOP - ROW * to)
  await page.locator('.weui-picker:visible .weui-picker__action').nth(1).click()
  await page.locator(`[data-picker="${name}"][data-picked="${code}"]`).waitFor({ timeout: 5000 })
}

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
    // Tibet's unsigned code is not counted among "the others": it is named apart.
    await page.locator('[data-unsigned-apart="1"]').waitFor({ timeout: 15000 })
    // 31 provinces + the national platform, less Hunan (dissent) and Tibet (unsigned).
    expect(Number(await page.locator('[data-others]').getAttribute('data-others'))).toBeLessThanOrEqual(30)
    // The 31 provinces and the national platform (国家政务服务平台).
    await page.locator('[data-progress="32/32"]').waitFor({ timeout: 15000 })
    expect(await page.locator('[data-section="authorities"] [data-province]').count()).toBe(32)
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
    // Bound to this phone (issue 13): the claims within the budget, plus the time and the phone's signature.
    expect(passText).toMatch(/^NP[23]:[0-9A-Z $%*+\-./:]+$/)
    expect(passText?.length).toBeLessThanOrEqual(PASS_BUDGET + BINDING_QR_CHARS)
    // What a guard's camera sees: the QR on screen decodes to exactly that text.
    const shot = PNG.sync.read(await page.locator('[data-pass]').screenshot())
    const seen = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height)
    // (The page re-signs the bound QR every 15 s: the camera saw the text read above or the one after it.)
    expect([passText, await page.locator('[data-pass]').getAttribute('data-pass')]).toContain(seen?.data)
    // Demo data carries both languages; the Chinese page shows only the Chinese half.
    expect(await page.locator('.np-screen').first().innerText()).not.toMatch(/first issued|space-time|overlap/)
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
    // Its labels on their own lines, and the earlier answer it still shows, with its age.
    expect(await page.locator('[data-province="430000"] [data-timeout]').textContent()).toBe('超时未应答')
    expect(await page.locator('[data-province="430000"] [data-stale-age]').textContent()).toMatch(/^显示 .+ 前的结果$/)
    // The headline says it rests partly on that earlier answer.
    await page.locator('[data-section="headline"] [data-rests-on-stale]').waitFor({ timeout: 10000 })
    expect(await page.locator('[data-section="headline"] [data-rests-on-stale]').textContent()).toMatch(/湖南省/)
    // Every other authority finishes (state): at least 28 of them are done beside the timed-out Hunan.
    await page.waitForFunction(() => document.querySelectorAll('[data-status="done"]').length >= 28, undefined, {
      timeout: 30000,
    })
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
    // Offline is said once above the rows, not as 31 copies of the same network error.
    await page.locator('[data-offline-rows]').waitFor({ timeout: 15000 })
    expect(await page.locator('[data-section="authorities"] [data-failed]').count()).toBe(0)
    expect(await page.locator('[data-province="350000"] [data-stale-age]').textContent()).toMatch(/显示 .+ 前的结果/)
    // Offline the phone still signs the saved pass: bound.
    expect(await page.locator('[data-pass]').getAttribute('data-pass')).toMatch(/^NP[23]:/)
    await e2e.screenshot('pass-offline')
    await page.unroute('**/np-api/**')
  })

  test("the saved colour is painted before the app's scripts run, then the app takes over without showing both", async () => {
    const { page } = e2e
    // Before any script of the page: note the boot shell, and any moment two saved cards are in the document.
    await page.addInitScript(() => {
      const w = window as unknown as { __npShell?: boolean; __npBoth?: boolean }
      new MutationObserver(() => {
        if (document.getElementById('np-boot-shell')) w.__npShell = true
        if (document.querySelectorAll('[data-section="saved"]').length > 1) w.__npBoth = true
      }).observe(document, { subtree: true, childList: true })
    })
    // The app's scripts cannot load (a first visit offline, before the service worker has them): the shell stays.
    await page.route('**/js/*.js', (route) => route.abort('internetdisconnected'))
    await page.reload()
    const shell = page.locator('#np-boot-shell[data-boot-failed="true"]')
    await shell.waitFor({ timeout: 10000 })
    const card = shell.locator('[data-section="saved"]')
    expect(await card.getAttribute('data-verified')).toBe('true')
    expect(await card.getAttribute('data-saved-colour')).toMatch(/^(green|yellow|red)$/)
    expect(await shell.textContent()).toMatch(/本机保存的通行码颜色/)
    expect(await shell.textContent()).toMatch(/本次刷新未能重新核验/)
    expect(await page.locator('.np-title-text').count()).toBe(0)
    await page.unroute('**/js/*.js')
    // With its scripts, the app draws its own page and the shell is gone; never both at once.
    await page.reload()
    await page.locator('[data-section="headline"]').waitFor({ timeout: 20000 })
    expect(await page.locator('#np-boot-shell').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __npShell?: boolean }).__npShell)).toBe(true)
    expect(await page.evaluate(() => (window as unknown as { __npBoth?: boolean }).__npBoth ?? false)).toBe(false)
    // The services chunk the shell preloaded was fetched once: the app's import used the preload.
    const fetched = await page.evaluate(
      () =>
        performance.getEntriesByType('resource').filter((e) => /\/js\/services\.[0-9a-f]+\.js$/.test(e.name)).length,
    )
    expect(fetched).toBe(1)
    // So was each file the shell preloads, the pass page's own chunk and style first (Taro's router asks for them
    // only once the app's scripts have run): each fetched once, the router's and the app's loads used the preloads.
    const preloads = await page.evaluate(() => {
      const later = (window as unknown as { __npLater?: string[] }).__npLater ?? []
      const entries = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname)
      return later.map((f) => [f, entries.filter((p) => p === f).length] as const)
    })
    expect(preloads.some(([f]) => /\/css\/.+\.css$/.test(f))).toBe(true)
    expect(preloads.filter(([f]) => /\/js\//.test(f)).length).toBeGreaterThanOrEqual(4)
    for (const [f, n] of preloads) expect(`${f} fetched ${n}×`).toBe(`${f} fetched 1×`)
  })

  test('the QR card names its province on its own lines; the destination picker keeps the choice', async () => {
    const { page } = e2e
    await e2e.open('pass')
    await page.locator('[data-pass]').waitFor({ timeout: 15000 })
    const qr = page.locator('[data-section="qr"]')
    expect(await qr.locator('[data-picker="qr-province"]').textContent()).toBe('通行码适用地：广东省 ▾')
    // Each fact of the QR card on its own line: the name sits above the picker, the picker above the QR.
    // Both boxes measured in one go: cards above the QR (the saved colour, the rows) come and go after the first
    // frame, so two separate measurements can see two different layouts.
    const order = await qr.evaluate((card) => {
      const name = Array.from(card.querySelectorAll('*')).find(
        (el) => el.children.length === 0 && /当前查看：/.test(el.textContent ?? ''),
      )
      const picker = card.querySelector('[data-picker="qr-province"]')
      if (!name || !picker) return null
      const n = name.getBoundingClientRect()
      return { nameBottom: n.bottom, pickerTop: picker.getBoundingClientRect().top }
    })
    expect(order && order.pickerTop >= order.nameBottom - 1).toBe(true)
    await pickProvince(page, 'destination', '430000')
    await page.waitForTimeout(2000)
    expect(await page.locator('[data-picker="destination"]').textContent()).toBe('目的地：湖南省 ▾')
    await page.locator('[data-section="destination"] [data-verdict]').waitFor({ timeout: 10000 })
  })

  test('the late-report traveller heading to Hunan sees when the sample was taken beside the 24 h rule', async () => {
    const context = await newLocalContext(e2e.browser, { locale: 'en-US' })
    try {
      const page = await context.newPage()
      await page.goto(`${e2e.app.url}#/pages/pass/index`)
      await page.locator('[data-demo-person="late-report"]').click({ timeout: 15000 })
      await page.locator('[data-progress="32/32"]').waitFor({ timeout: 20000 })
      expect(await page.locator('[data-picker="qr-province"]').textContent()).toBe('For use in: Guangdong ▾')
      await pickProvince(page, 'destination', '430000')
      const dest = page.locator('[data-section="destination"]')
      await dest.locator('[data-verdict="needs-action"]').waitFor({ timeout: 10000 })
      const facts = await dest.locator('[data-facts="tests"]').textContent()
      expect(facts).toMatch(
        /^Your latest negative: PCR, sampled .+ \(25 h (29|30) min ago\), reported .+ \(1 h (29|30) min ago\)$/,
      )
      // A refusal or needs-action shows no "changes in" countdown of when things get worse.
      expect(await dest.textContent()).not.toMatch(/Changes in/)
      const countdown = dest.locator('[data-countdown]')
      if (await countdown.count()) expect(await countdown.textContent()).toMatch(/^Admitted from /)
      // Guangdong counts 48 h from the report: admitted, and the countdown says until when.
      const here = page.locator('[data-section="headline"]')
      await here.locator('[data-verdict="admit"]').waitFor({ timeout: 10000 })
      expect(await here.locator('[data-countdown]').textContent()).toMatch(
        /^(Holds until \d\d:\d\d on \d+ \w+ \(\d+ h \d\d min left\)|No change expected within 7 days)$/,
      )
      // Vaccination dates over ~300 days ago carry their year.
      expect(await page.locator('[data-section="vaccinations"]').textContent()).toMatch(/on \d+ \w+ 20\d\d/)
    } finally {
      await context.close()
    }
  })

  test('a person the identity provider does not know cannot sign in with a name, an ID and an SMS code', async () => {
    const context = await newLocalContext(e2e.browser, { locale: 'zh-CN' })
    try {
      const page = await context.newPage()
      await page.goto(`${e2e.app.url}#/pages/pass/index`)
      await page.locator('[data-field="name"] input').fill('林小红', { timeout: 15000 })
      await page.locator('[data-field="idNumber"] input').fill(demoIdNumber('110105', '19800101', '990'))
      await page.locator('[data-field="phone"] input').fill('13900009999')
      await page.locator('[data-action="send-sms"]').click()
      await page.locator('[data-sms-sent]').waitFor({ timeout: 15000 })
      await page.locator('[data-field="consent"]').click()
      await page.locator('[data-action="submit-person"]').click()
      await page.locator('[data-error="NP_ERR_AUTH_FAILED"]').waitFor({ timeout: 20000 })
      expect(await page.locator('[data-error="NP_ERR_AUTH_FAILED"]').textContent()).toMatch(/登录失败/)
      expect(await page.locator('[data-section="headline"]').count()).toBe(0)
      expect(await page.locator('[data-section="qr"]').count()).toBe(0)
    } finally {
      await context.close()
    }
  })

  test('a traveller signs in on H5 with the SMS code and sees their pass', async () => {
    const context = await newLocalContext(e2e.browser, { locale: 'zh-CN' })
    try {
      const page = await context.newPage()
      const me = demoPerson('green').identity
      await page.goto(`${e2e.app.url}#/pages/pass/index`)
      await page.locator('[data-field="name"] input').fill(me.name, { timeout: 15000 })
      await page.locator('[data-field="idNumber"] input').fill(me.idNumber)
      await page.locator('[data-field="phone"] input').fill(me.phone)
      await page.locator('[data-action="send-sms"]').click()
      await page.locator('[data-sms-sent]').waitFor({ timeout: 15000 })
      await page.locator('[data-field="consent"]').click()
      await page.locator('[data-action="submit-person"]').click()
      await page.locator('[data-progress="32/32"]').waitFor({ timeout: 30000 })
      expect(await page.locator('[data-status="done"]').count()).toBeGreaterThanOrEqual(29)
    } finally {
      await context.close()
    }
  })

  test('withdrawing consent for Hunan: the verdict says it no longer sees Hunan, and a fresh QR waits for every answer', async () => {
    const context = await newLocalContext(e2e.browser, { locale: 'zh-CN' })
    try {
      const page = await context.newPage()
      await page.goto(`${e2e.app.url}#/pages/pass/index`)
      await page.locator('[data-demo-person="conflicted"]').click({ timeout: 15000 })
      await page.locator('[data-progress="32/32"]').waitFor({ timeout: 20000 })
      const headline = page.locator('[data-section="headline"]')
      expect(await headline.locator('[data-incomplete]').count()).toBe(0)
      await page.locator('[data-consent="430000"] .np-muted').click()
      await headline.locator('[data-incomplete="1"]').waitFor({ timeout: 10000 })
      expect(await headline.locator('[data-incomplete]').textContent()).toMatch(/湖南省（已撤回授权）/)
      // While provinces answer, the QR is the last complete one (or none), never a half-built pass.
      await page.route('**/np-api/guangdong/**', () => undefined)
      await page.locator('[data-action="refresh"]').click()
      await page.locator('[data-province="440000"][data-status="loading"]').waitFor({ state: 'attached' })
      const during = await page.locator('[data-pass]').getAttribute('data-pass')
      expect(during).toMatch(/^NP[23]:/)
    } finally {
      await context.close()
    }
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
