/**
 * The H5 app's "new version ready" banner (src/platform/serviceWorker.ts):
 * it never reloads on its own, reloads on the tap, and goes away on "later".
 * The worker's real waiting → reload cycle runs in test/e2e/offline.e2e.test.ts.
 */
import { registerServiceWorker, showUpdatePrompt } from '../../src/platform/serviceWorker'

afterEach(() => {
  for (const el of Array.from(document.querySelectorAll('[data-update-prompt]'))) el.remove()
})

describe('the update banner', () => {
  test('says a new version is ready, in the app language, and reloads only on the tap', () => {
    const onReload = jest.fn()
    const bar = showUpdatePrompt('zh', onReload)
    expect(bar.getAttribute('role')).toBe('status')
    expect(bar.textContent).toBe('新版本已就绪重新加载稍后')
    expect(onReload).not.toHaveBeenCalled()
    bar.querySelector<HTMLElement>('[data-action="update-reload"]')?.click()
    expect(onReload).toHaveBeenCalledTimes(1)
    expect(bar.getAttribute('data-update-prompt')).toBe('reloading')
  })

  test('"later" removes it without reloading; a second waiting version shows one banner, not two', () => {
    const onReload = jest.fn()
    const bar = showUpdatePrompt('en', onReload)
    expect(bar.textContent).toBe('A new version is readyReloadLater')
    expect(showUpdatePrompt('en', onReload)).toBe(bar)
    expect(document.querySelectorAll('[data-update-prompt]')).toHaveLength(1)
    bar.querySelector<HTMLElement>('[data-action="update-later"]')?.click()
    expect(document.querySelectorAll('[data-update-prompt]')).toHaveLength(0)
    expect(onReload).not.toHaveBeenCalled()
  })

  test('a browser without service workers registers nothing', () => {
    expect('serviceWorker' in navigator).toBe(false)
    expect(registerServiceWorker({ lang: () => 'en' })).toBeNull()
  })
})
