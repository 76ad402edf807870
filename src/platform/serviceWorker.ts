/**
 * The H5 build's service worker (config/serviceWorker.ts) registered with
 * workbox-window, and its update flow: when a new version has installed and
 * waits, a small banner says so and offers "reload"; nothing reloads until the
 * traveller taps it, so a pass on screen at a gate is never swapped away.
 * Loaded only by production H5 builds (see src/app.ts), so the mini-program
 * bundles carry none of it.
 */
import { Workbox } from 'workbox-window'
import { defineStrings, type Lang } from '../i18n'

export const SW_URL = '/sw.js'

const STRINGS = defineStrings({
  ready: { zh: '新版本已就绪', en: 'A new version is ready' },
  reload: { zh: '重新加载', en: 'Reload' },
  later: { zh: '稍后', en: 'Later' },
})

export interface ServiceWorkerOptions {
  /** The language to word the update banner in, read when it shows. */
  lang: () => Lang
  url?: string
  /** Reload the page once the new version controls it (the browser's reload unless a test says otherwise). */
  reload?: () => void
}

/** What `register` returns: the Workbox instance, null where the browser has no service workers. */
export type Registered = Workbox | null

/** The update banner: fixed at the bottom, over nothing the traveller must tap, gone on "later". */
export function showUpdatePrompt(lang: Lang, onReload: () => void): HTMLElement {
  const existing = document.querySelector<HTMLElement>('[data-update-prompt]')
  if (existing) return existing
  const bar = document.createElement('div')
  bar.setAttribute('data-update-prompt', '')
  bar.setAttribute('role', 'status')
  bar.setAttribute('aria-live', 'polite')
  bar.style.cssText =
    'position:fixed;left:8px;right:8px;bottom:8px;z-index:10000;display:flex;align-items:center;gap:12px;' +
    'padding:10px 14px;border-radius:8px;background:#1f2328;color:#fff;font-size:14px;box-shadow:0 2px 8px rgba(0,0,0,.3)'
  const text = document.createElement('span')
  text.textContent = STRINGS.ready[lang]
  text.style.flex = '1'
  const button = (label: string, action: string, onClick: () => void) => {
    const b = document.createElement('button')
    b.type = 'button'
    b.textContent = label
    b.setAttribute('data-action', action)
    b.style.cssText =
      'border:0;border-radius:6px;padding:6px 10px;font-size:14px;background:#fff;color:#1f2328;cursor:pointer'
    b.addEventListener('click', onClick)
    return b
  }
  bar.append(
    text,
    button(STRINGS.reload[lang], 'update-reload', () => {
      bar.setAttribute('data-update-prompt', 'reloading')
      onReload()
    }),
    button(STRINGS.later[lang], 'update-later', () => bar.remove()),
  )
  document.body.appendChild(bar)
  return bar
}

/**
 * Register the worker; on a waiting new version show the banner, and on "reload"
 * let the new worker take over (Workbox's SKIP_WAITING message) and reload once it controls the page.
 */
export function registerServiceWorker(options: ServiceWorkerOptions): Registered {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null
  const wb = new Workbox(options.url ?? SW_URL, { scope: '/' })
  const reload = options.reload ?? (() => window.location.reload())
  let asked = false
  wb.addEventListener('waiting', () => {
    showUpdatePrompt(options.lang(), () => {
      asked = true
      wb.addEventListener('controlling', () => {
        if (asked) reload()
      })
      wb.messageSkipWaiting()
    })
  })
  // A long-open pass page looks for a new version whenever it comes back to the foreground.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void wb.update().catch(() => undefined)
  })
  void wb.register().catch(() => undefined)
  return wb
}
