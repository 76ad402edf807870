/**
 * End-to-end harness: the production H5 build served on 127.0.0.1 with the
 * mock backends, driven by playwright-core in Debian's Chromium. Requests to
 * any other host are blocked, so a test can never depend on the internet.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { type ServeOptions, serveApp, type ServedApp } from '../../scripts/serveApp'

export const ARTIFACTS = path.resolve(__dirname, '..', '..', 'artifacts', 'e2e')

export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim()
  } catch {
    throw new Error('Chromium not found: install it with "apt-get install -y chromium" (Debian package)')
  }
}

export interface E2E {
  app: ServedApp
  browser: Browser
  context: BrowserContext
  page: Page
  /** Open a page route, e.g. `pass` → `#/pages/pass/index`. */
  open(route: string, query?: string): Promise<void>
  screenshot(name: string): Promise<string>
  close(): Promise<void>
}

/** Debian's Chromium, headless, with nothing reaching out on its own (this machine has no internet). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
}

/**
 * A context that reaches 127.0.0.1 only. The app's service worker is blocked
 * unless `serviceWorkers: 'allow'` is passed (test/e2e/offline.e2e.test.ts):
 * Playwright's routes (used to cut or hang `/np-api/`) do not see requests a
 * worker answers, and the other tests load the app from the server each time.
 */
export async function newLocalContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({
    viewport: { width: 414, height: 896 },
    deviceScaleFactor: 1,
    serviceWorkers: 'block',
    ...options,
  })
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname
    if (host === '127.0.0.1' || host === 'localhost') return route.continue()
    return route.abort('blockedbyclient')
  })
  return context
}

export interface StartOptions {
  locale?: string
  /** 'allow' lets the app's service worker run (blocked by default, see newLocalContext). */
  serviceWorkers?: 'allow' | 'block'
  /** Serve other content in place of a build file, by path (see ServeOptions.override). */
  override?: ServeOptions['override']
}

export async function startE2E(options: StartOptions = {}): Promise<E2E> {
  // NP_E2E_DIST: a private copy of an H5 build, so parallel builds into dist/ cannot pull it away mid-run.
  const app = await serveApp({ port: 0, mockPort: 0, distDir: process.env.NP_E2E_DIST, override: options.override })
  const browser = await launchBrowser()
  const context = await newLocalContext(browser, {
    locale: options.locale ?? 'zh-CN',
    serviceWorkers: options.serviceWorkers ?? 'block',
  })
  const page = await context.newPage()
  mkdirSync(ARTIFACTS, { recursive: true })
  return {
    app,
    browser,
    context,
    page,
    async open(route, query) {
      // A fresh load, as when a link or QR opens the app: pages kept on Taro's stack
      // (navigateTo) would otherwise stay in the DOM beside the new one.
      await page.goto('about:blank')
      await page.goto(`${app.url}#/pages/${route}/index${query ? `?${query}` : ''}`)
    },
    async screenshot(name) {
      const file = path.join(ARTIFACTS, `${name}.png`)
      // Taro pages scroll inside their own container, so a full-page shot sees one screen:
      // grow the viewport to the content for the picture, then put it back.
      const size = page.viewportSize() ?? { width: 414, height: 896 }
      const height = await page.evaluate(() =>
        Math.max(
          document.documentElement.scrollHeight,
          ...Array.from(document.querySelectorAll('.taro_page, .np-screen'), (e) => e.scrollHeight),
        ),
      )
      await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 6000) })
      await page.screenshot({ path: file })
      await page.setViewportSize(size)
      return file
    },
    async close() {
      await browser.close()
      await app.close()
    },
  }
}
