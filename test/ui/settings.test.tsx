import { bootApp } from './bootApp'

const navLabels = () => Array.from(document.querySelectorAll('.np-nav [data-nav]'), (el) => el.textContent?.trim())

describe('settings page', () => {
  test('renders in Chinese by default', async () => {
    const app = await bootApp({ route: 'settings' })
    expect((await app.find('.np-title-text')).textContent).toBe('设置')
    expect(app.navigationBarTitle()).toBe('设置')
    expect(navLabels()).toEqual(['通行码', '扫码', '行程', '核验', '更多'])
    // "Follow system" is the ticked choice.
    expect((await app.find('[data-lang=system]')).textContent).toContain('✓')
    expect(app.state().settings.langChoice).toBeNull()
  })

  test('choosing English switches the page title and the nav to English', async () => {
    const app = await bootApp({ route: 'settings' })
    await app.clickText('English')
    await app.waitFor(() => app.page().querySelector('.np-title-text')?.textContent === 'Settings')
    expect(navLabels()).toEqual(['Pass', 'Scan', 'Trip', 'Guard', 'More'])
    expect((await app.find('[data-lang=en]')).textContent).toContain('✓')
    expect(app.state().settings.langChoice).toBe('en')
  })

  test('the language choice survives a restart', async () => {
    let app = await bootApp({ route: 'settings' })
    await app.click('[data-lang=en]')
    await app.findText('Settings')
    app = await bootApp({ route: 'settings', keepStorage: true })
    expect((await app.find('.np-title-text')).textContent).toBe('Settings')
    expect(app.navigationBarTitle()).toBe('Settings')
  })

  test('follows an English system language until a language is chosen', async () => {
    const app = await bootApp({ route: 'settings', systemLanguage: 'en-US' })
    await app.waitFor(() => app.page().querySelector('.np-title-text')?.textContent === 'Settings')
    await app.clickText('中文')
    await app.waitFor(() => app.page().querySelector('.np-title-text')?.textContent === '设置')
  })

  test('toggling elder mode applies the np-theme-elder class', async () => {
    const app = await bootApp({ route: 'settings' })
    const screen = await app.find('.np-screen')
    expect(screen.classList.contains('np-theme-elder')).toBe(false)
    expect(screen.classList.contains('np-theme-default')).toBe(true)

    await app.click('[data-action=elder]')
    await app.find('.np-screen.np-theme-elder')
    expect(app.page().querySelector('.np-screen')?.classList.contains('np-theme-default')).toBe(false)
    expect((await app.find('[data-action=elder]')).textContent).toContain('开')
    expect(app.state().settings.elder).toBe(true)

    // Other pages take the theme too.
    await app.goTo('pass')
    await app.find('.np-screen.np-theme-elder')

    await app.goTo('settings')
    await app.click('[data-action=elder]')
    await app.find('.np-screen.np-theme-default')
    expect(app.state().settings.elder).toBe(false)
  })
})
