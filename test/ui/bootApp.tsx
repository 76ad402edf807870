/**
 * Boot the real app shell (src/app.ts + src/app.config.ts) in jsdom the way
 * @tarojs/taro-loader's H5 entry does (lib/h5.js: createReactApp →
 * createHashHistory → handleAppMount → createRouter), then drive it like a
 * user: navigate by route, wait for text, click by selector or text, read the
 * Redux store. See test/ui/README.md.
 *
 * Every `bootApp()` gets a fresh module registry (jest.isolateModules): the
 * Taro router keeps its page stack in module state and src/app.ts creates its
 * store at import, so a fresh registry is the only clean restart. The DOM,
 * window listeners and (unless `keepStorage`) localStorage from the previous
 * boot are cleared first.
 */
import type { PropsWithChildren } from 'react'
import type { AppStore, RootState } from '../../src/app/store'

type TaroApi = typeof import('@tarojs/taro')

export interface BootOptions {
  /** First page: `'settings'`, `'pages/settings/index'` or `'/pages/settings/index?x=1'`. Default: the app's home page. */
  route?: string
  /** What the device reports as its language (navigator.language → Taro.getSystemInfoSync().language). Default `'zh-CN'`. */
  systemLanguage?: string
  /** Raw Taro storage (localStorage) entries written before boot. */
  storage?: Record<string, string>
  /** Keep localStorage from the previous boot (to test persistence across restarts). Default false: cleared. */
  keepStorage?: boolean
  /** Wait until src/app.ts has restored who is signed in (needs the services' code). Default true. */
  waitForRestore?: boolean
  /** How long each wait may take before failing, ms. Default 20000: a wait ends as soon as its state appears, the bound only has to outlast a busy machine. */
  timeout?: number
}

export interface BootedApp {
  /** The app's Redux store (the one src/app.ts created). */
  store: AppStore
  state(): RootState
  /** `@tarojs/taro` as the app sees it (same module registry): spy on it or call navigation APIs. */
  Taro: TaroApi
  /** The current page's route path, e.g. `'pages/settings/index'`. */
  route(): string
  /** The current page's root element (Taro's `.taro_page` container). */
  page(): HTMLElement
  /** Text of the Taro H5 navigation bar title (what `Taro.setNavigationBarTitle` set). */
  navigationBarTitle(): string
  /** `Taro.redirectTo` a page (by route as in BootOptions.route) and wait until it is rendered. */
  goTo(route: string): Promise<HTMLElement>
  /** Wait until `route` is the current page and has rendered (after a click that navigates). */
  waitForPage(route: string): Promise<HTMLElement>
  /** Wait until the current page has an element matching `selector`. */
  find(selector: string): Promise<HTMLElement>
  /** Wait until the current page has an element whose own text (its text nodes, trimmed) contains `text`. */
  findText(text: string | RegExp, selector?: string): Promise<HTMLElement>
  /** Click an element (or the first match of a selector, waited for); resolves after React has handled it. */
  click(target: string | Element): Promise<void>
  /** Click the element whose text contains `text` (the nearest ancestor with a click handler gets it by bubbling). */
  clickText(text: string | RegExp, selector?: string): Promise<void>
  /** Poll `check` until it stops throwing / returns truthy; re-runs on every DOM mutation. */
  waitFor<T>(check: () => T): Promise<NonNullable<T>>
  /** Remove the app from the document (called by the next boot anyway). */
  unmount(): void
}

let teardownPrevious: (() => void) | undefined

/** Normalise `'settings'` / `'/pages/settings/index?x'` to `'pages/settings/index'` (query kept separately). */
export function routePath(route: string): { path: string; query: string } {
  const [p, query = ''] = route.replace(/^\//, '').split('?')
  const path = p.includes('/') ? p : `pages/${p}/index`
  return { path, query }
}

export async function bootApp(options: BootOptions = {}): Promise<BootedApp> {
  const timeout = options.timeout ?? 20_000
  teardownPrevious?.()

  // ---- clean environment -------------------------------------------------
  document.head.innerHTML = ''
  document.body.innerHTML = ''
  if (!options.keepStorage) window.localStorage.clear()
  for (const [k, v] of Object.entries(options.storage ?? {})) window.localStorage.setItem(k, v)
  Object.defineProperty(window.navigator, 'language', {
    configurable: true,
    get: () => options.systemLanguage ?? 'zh-CN',
  })
  const start = options.route ? routePath(options.route) : undefined
  window.history.replaceState(null, '', start ? `/#/${start.path}${start.query ? `?${start.query}` : ''}` : '/')

  // Window listeners added by this boot (router popstate, visibilitychange, …) are removed at teardown.
  const added: Array<[string, EventListenerOrEventListenerObject, unknown]> = []
  const realAdd = window.addEventListener
  window.addEventListener = function (
    this: Window,
    type: string,
    fn: EventListenerOrEventListenerObject,
    opts?: unknown,
  ) {
    added.push([type, fn, opts])
    return realAdd.call(this, type, fn, opts as AddEventListenerOptions)
  } as typeof window.addEventListener

  // ---- boot, as taro-loader's generated H5 entry does ---------------------
  let store: AppStore | undefined
  let Taro!: TaroApi
  let Current!: { page?: { path?: string } | null }
  let homePage = ''
  try {
    jest.isolateModules(() => {
      // Taro first: breaks the import cycle router → components → taro-h5 → router.
      Taro = require('@tarojs/taro').default
      const React = require('react') as typeof import('react')
      const ReactDOMClient = require('react-dom/client')
      const { findDOMNode, render, unstable_batchedUpdates } = require('react-dom')
      const { createRouter, createHashHistory, handleAppMount, handleAppMountWithTabbar } = require('@tarojs/router')
      const runtime = require('@tarojs/runtime')
      const { createReactApp } = require('@tarojs/plugin-framework-react/dist/runtime')
      const { useAppStore } = require('../../src/app/hooks') as typeof import('../../src/app/hooks')
      const App = require('../../src/app').default as (p: PropsWithChildren) => JSX.Element
      const appConfig = require('../../src/app.config').default
      homePage = appConfig.pages[0]
      Current = runtime.Current

      // Reads the store the app provides, so tests can inspect and dispatch.
      function StoreProbe() {
        store = useAppStore()
        return null
      }
      function TestApp({ children }: PropsWithChildren) {
        return React.createElement(App, null, React.createElement(StoreProbe), children)
      }

      const config = { ...appConfig, router: { mode: 'hash' } }
      runtime.window.__taroAppConfig = config
      // Subpackage pages (the guard: an independent subpackage on weapp) are routes like any other on H5.
      const subPages = (appConfig.subPackages ?? []).flatMap((s: { root: string; pages: string[] }) =>
        s.pages.map((p) => `${s.root.replace(/\/+$/, '')}/${p}`),
      )
      config.routes = [...config.pages, ...subPages].map((path: string) => {
        // Required now, inside this registry: a page required later would get another React.
        const page = require(`../../src/${path}`)
        return { ...readPageConfig(path), path, load: (context: unknown, params: unknown) => [page, context, params] }
      })
      // React 18: taro-loader imports react-dom/client and patches in the legacy APIs.
      const ReactDOM = { ...ReactDOMClient, findDOMNode, render, unstable_batchedUpdates }
      const inst = createReactApp(TestApp, React, ReactDOM, config)
      const history = createHashHistory({ window: runtime.window })
      ;(config.tabBar ? handleAppMountWithTabbar : handleAppMount)(config, history)
      createRouter(history, inst, config, React)
      // As config/index.ts (designWidth 750), for Taro.pxTransform.
      Taro.initPxTransform({ designWidth: 750, deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 } })
    })
  } finally {
    window.addEventListener = realAdd
  }

  const teardown = () => {
    // A torn-down app may still be at work (a refresh asking provinces in turns): like a closed app, it must no
    // longer write the storage the next boot reads. Its own Taro module (this boot's registry) stops writing.
    const api = Taro as unknown as Record<string, unknown>
    for (const name of ['setStorageSync', 'removeStorageSync', 'clearStorageSync']) api[name] = () => undefined
    for (const name of ['setStorage', 'removeStorage', 'clearStorage']) api[name] = () => Promise.resolve()
    for (const [type, fn, opts] of added) window.removeEventListener(type, fn, opts as EventListenerOptions)
    added.length = 0
    document.body.innerHTML = ''
    if (teardownPrevious === teardown) teardownPrevious = undefined
  }
  teardownPrevious = teardown

  // ---- driving helpers ----------------------------------------------------
  const waitFor = <T,>(check: () => T) => poll(check, timeout)
  const route = () => (Current.page?.path ?? '').replace(/^\//, '').split('?')[0]
  const page = () => {
    const id = Current.page?.path
    const el = id ? document.getElementById(id) : null
    if (!el) throw new Error(`no current page element (Current.page.path = ${id})`)
    return el
  }
  /** Wait for `path` to be current and rendered; `leaving` (a Current.page.path with its stamp) must be gone first. */
  const pageReady = (path: string, leaving?: string) =>
    waitFor(() => {
      if (leaving && Current.page?.path === leaving) throw new Error(`still on ${leaving}, waiting for '${path}'`)
      if (route() !== path) throw new Error(`current route is '${route()}', waiting for '${path}'`)
      const el = page()
      if (!el.firstElementChild) throw new Error(`page ${path} has not rendered yet`)
      return el
    })
  const find = (selector: string) =>
    waitFor(() => {
      const el = page().querySelector<HTMLElement>(selector)
      if (!el) throw new Error(`no '${selector}' on ${route()}:\n${visibleText(page())}`)
      return el
    })
  const findText = (text: string | RegExp, selector = '*') =>
    waitFor(() => {
      const el = byText(page(), text, selector)
      if (!el) throw new Error(`no text ${String(text)} on ${route()}:\n${visibleText(page())}`)
      return el
    })
  const click = async (target: string | Element) => {
    const el = typeof target === 'string' ? await find(target) : target
    el.dispatchEvent(new window.MouseEvent('click', { bubbles: true, cancelable: true, composed: true }))
    await settle()
  }

  await pageReady(start?.path ?? homePage)
  if (!store) throw new Error('the app did not render its store Provider')
  const theStore = store
  // src/app.ts restores settings and who is signed in after the first frame (issue 16): a test starts once it has.
  if (options.waitForRestore !== false) await waitFor(() => theStore.getState().identity.status === 'ready')

  return {
    store: theStore,
    state: () => theStore.getState(),
    Taro,
    route,
    page,
    navigationBarTitle: () => document.querySelector('.taro-navigation-bar-title')?.textContent ?? '',
    async goTo(to) {
      const { path, query } = routePath(to)
      const leaving = Current.page?.path
      await Taro.redirectTo({ url: `/${path}${query ? `?${query}` : ''}` })
      return pageReady(path, leaving)
    },
    waitForPage: (to) => pageReady(routePath(to).path),
    find,
    findText,
    click,
    clickText: async (text, selector) => click(await findText(text, selector)),
    waitFor,
    unmount: teardown,
  }
}

/** The first element (deepest-first order: the innermost) whose own text nodes contain `text`. */
function byText(root: Element, text: string | RegExp, selector: string): HTMLElement | null {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>(selector))) {
    const own = Array.from(el.childNodes)
      .filter((n) => n.nodeType === 3)
      .map((n) => n.textContent ?? '')
      .join('')
      .trim()
    if (own && (typeof text === 'string' ? own.includes(text) : text.test(own))) return el
  }
  return null
}

/** Text of an element, one line per text-bearing element (for failure messages). */
export function visibleText(root: Element): string {
  const lines: string[] = []
  const walker = document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.textContent?.trim()
    if (t) lines.push(`  ${t}`)
  }
  return lines.join('\n') || '  (no text)'
}

/** The page's index.config.ts (navigationBarTitleText etc.), as taro-loader inlines it into each route. */
function readPageConfig(path: string): Record<string, unknown> {
  try {
    return require(`../../src/${path}.config`).default ?? {}
  } catch {
    return {}
  }
}

/** Let queued React work and promise callbacks run (a macrotask turn). */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}

/**
 * Re-check on every DOM mutation and every 20 ms until `check` returns a
 * truthy value without throwing; fail with its last error after `timeout`.
 * (Not @tarojs/test-utils-dom's waitFor: it stops re-checking after a
 * callback throws synchronously.)
 */
function poll<T>(check: () => T, timeout: number): Promise<NonNullable<T>> {
  return new Promise((resolve, reject) => {
    let last: unknown = new Error('condition never became true')
    let done = false
    const finish = (fn: () => void) => {
      if (done) return
      done = true
      clearInterval(interval)
      clearTimeout(timer)
      observer.disconnect()
      fn()
    }
    const attempt = () => {
      if (done) return
      try {
        const v = check()
        if (v) finish(() => resolve(v as NonNullable<T>))
        else last = new Error(`condition returned ${String(v)}`)
      } catch (e) {
        last = e
      }
    }
    const observer = new window.MutationObserver(attempt)
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
    const interval = setInterval(attempt, 20)
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            last instanceof Error
              ? Object.assign(last, { message: `waitFor timed out after ${timeout} ms: ${last.message}` })
              : last,
          ),
        ),
      timeout,
    )
    attempt()
  })
}
