import appConfig from '../../src/app.config'
import { messages, type Lang, type MessageKey } from '../../src/i18n'
import { type BootedApp, bootApp } from './bootApp'

/**
 * Each page shows `page.<name>` as its title (Screen's `title`), e.g. pages/trip/index → page.trip; a page
 * deeper in a subpackage is named by its folder, e.g. pages/guard/foreign/index → page.foreign.
 */
const pages = [
  ...(appConfig.pages ?? []),
  // Subpackage pages too (the guard: an independent subpackage on weapp).
  ...(appConfig.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`)),
].map((path) => ({ path, name: /^pages\/([^/]+)\/index$/.exec(path)?.[1] ?? path.split('/').slice(-2, -1)[0] }))
const NAV = ['nav.pass', 'nav.scan', 'nav.trip', 'nav.guard', 'nav.more'] as const

function expectPage(app: BootedApp, lang: Lang, name: string) {
  const title = messages[lang][`page.${name}` as MessageKey]
  expect(app.page().querySelector('.np-title-text')?.textContent).toBe(title)
  expect(app.navigationBarTitle()).toBe(title)
  const nav = Array.from(app.page().querySelectorAll('.np-nav [data-nav]'), (el) => el.textContent?.trim())
  expect(nav).toEqual(NAV.map((k) => messages[lang][k]))
}

// One app per language; the tests in each block visit the pages in order on that app.
describe('every page in app.config, in Chinese', () => {
  let app: BootedApp
  let home: string
  beforeAll(async () => {
    app = await bootApp()
    home = app.route()
  })

  test('the home page is the first in app.config', () => {
    expect(home).toBe(appConfig.pages?.[0])
  })

  test.each(pages)('$path', async ({ path, name }) => {
    await app.goTo(path)
    // The static title (index.config.ts, shown before JS runs) is the Chinese title too.
    expect(require(`../../src/${path}.config`).default.navigationBarTitleText).toBe(
      messages.zh[`page.${name}` as MessageKey],
    )
    await app.waitFor(() => app.navigationBarTitle() === messages.zh[`page.${name}` as MessageKey])
    expectPage(app, 'zh', name)
  })

  test('the bottom nav goes to its page', async () => {
    await app.goTo('pass')
    for (const name of ['scan', 'trip', 'guard', 'settings', 'pass']) {
      await app.click(`.np-nav [data-nav=${name}]`)
      await app.waitForPage(name)
      expect(app.page().querySelector(`.np-nav [data-nav=${name}]`)?.classList.contains('np-nav-active')).toBe(true)
    }
  })
})

describe('every page in app.config, after switching to English', () => {
  let app: BootedApp
  beforeAll(async () => {
    app = await bootApp({ route: 'settings' })
    await app.click('[data-lang=en]')
    await app.waitFor(() => app.state().settings.langChoice === 'en')
  })

  test.each(pages)('$path', async ({ path, name }) => {
    await app.goTo(path)
    await app.waitFor(() => app.navigationBarTitle() === messages.en[`page.${name}` as MessageKey])
    expectPage(app, 'en', name)
  })
})
