/**
 * Start: the H5 build in Chromium, navigation → the pass page's first verified
 * colour (`data-verified="true"` on a colour card whose claim verified: a
 * province's row or the saved card; VERIFIED) for a signed-in traveller: warm (the app's cached
 * pass and the HTTP cache in place) and cold (both cleared; the traveller
 * stays signed in), median of RUNS runs each,
 * beside the blank Taro app's first paint of its "blank" text in the same
 * browser and mode. Times come from the page's own clock: `performance.now()`
 * (ms since navigation start) at the first animation frame after a
 * MutationObserver sees the selector.
 * When the built pass page has no `data-verified` yet, the row falls back to
 * the page title (`.np-title-text`) and says so.
 * Cold and warm loads run with the app's service worker blocked (they time what
 * the server sends); `start.h5.offline.firstColour` lets it run: loaded once
 * online until the worker controls the page, then reopened with the whole
 * network off (`context.setOffline`), to the first saved colour — the saved
 * display record's card, or the headline verdict from the saved pass
 * (`SAVED_COLOUR`) — beside the blank app's warm first paint.
 * A warm load starts only once the pass is saved on the device (the app saves
 * it as provinces answer), so it really starts from a saved pass.
 * Each mode also prints a start-up breakdown: the app's own `performance.mark`s
 * (the H5 boot shell's saved card painted, src/boot/savedShell.ts, before the
 * app's scripts run; then src/platform/startMarks.ts: boot, storage read — the saved display record,
 * first frame, first verified colour, the saved pass read after the first
 * frame, refresh done), medians as ratios to the blank app's first paint.
 * A warm start's first verified colour is the saved display record's colour
 * (`data-verified="true"` on the saved card: verified when it was saved),
 * drawn by the boot shell inline in index.html before the app's scripts run.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { serveApp } from '../../scripts/serveApp'
import { CHROMIUM_ARGS, chromiumPath } from '../e2e/harness'
import { distOf } from './sizes'
import { median } from './measure'
import type { BenchRow } from './types'

/**
 * Loads per target and mode. On this shared 2-core machine single cold loads range over ±40% of their median, and
 * a median of 5 moved by ±0.4 of a ratio between runs of the same build (issue 16); 9 steadies it.
 */
const RUNS = 9
const TIMEOUT_MS = 20_000
/**
 * A colour card whose code verified: a province's row or the saved card (its colour verified when saved). Not any
 * `data-verified="true"`: the itinerary card marks its verified signature so too, and it has no colour.
 */
const VERIFIED = '[data-province][data-verified="true"], [data-section="saved"][data-verified="true"]'
const TITLE = '.np-title-text'
/**
 * The offline start's first colour: the saved display record's card (a colour verified when it was saved,
 * issue 16), or the headline verdict card coloured from the saved pass, whichever shows first.
 */
const SAVED_COLOUR = '[data-section="saved"][data-verified="true"], [data-section="headline"] [data-verdict]'

declare global {
  interface Window {
    __npShownAt?: number
  }
}

/**
 * How a timed load reports its time: a console message, which reaches the bench without running anything in the
 * page. Waiting with Playwright's `waitForFunction` injected its utility script into the page on first use (~24 ms of
 * parsing and compiling on the main thread, traced), in the middle of our start but after the blank app's paint.
 */
const SHOWN_LOG = 'np-bench-shown '

/**
 * In the page, before any script: note when `selector` first shows (attribute
 * changes included). A string, not a function: tsx would add `__name` helpers
 * that do not exist in the page.
 */
const watch = (selector: string): { content: string } => ({
  content: `(() => {
    const selector = ${JSON.stringify(selector)}
    const check = () => {
      if (!document.querySelector(selector)) return false
      requestAnimationFrame(() => {
        if (window.__npShownAt !== undefined) return
        window.__npShownAt = performance.now()
        console.debug(${JSON.stringify(SHOWN_LOG)} + window.__npShownAt)
      })
      return true
    }
    const mo = new MutationObserver(() => { if (check()) mo.disconnect() })
    mo.observe(document, { subtree: true, childList: true, attributes: true })
  })()`,
})

/**
 * Chromium as the e2e harness launches it, but other hosts are blocked by the
 * resolver instead of request interception: Playwright's routing turns the
 * HTTP cache off, and the warm runs need it.
 */
async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  })
}

const newContext = (browser: Browser, serviceWorkers: 'allow' | 'block'): Promise<BrowserContext> =>
  browser.newContext({ viewport: { width: 414, height: 896 }, deviceScaleFactor: 1, locale: 'zh-CN', serviceWorkers })

type Mode = 'cold' | 'warm' | 'offline'

/** Until the app's service worker is active and controls `page` (the offline runs). */
async function workerControls(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (navigator.serviceWorker.controller) return
    await new Promise<void>((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
    )
  })
}

interface Target {
  url: string
  selector: string
  /** Untimed, once per run: e.g. the traveller signs in. */
  setup(page: Page): Promise<void>
  /** Before a cold load: what else the app keeps besides the HTTP cache, run in a page at `forgetAt`. */
  forget(page: Page): Promise<void>
  /** A script-free address of the target's origin where `forget` runs (none: nothing to forget). */
  forgetAt?: string
  /** The app saves the traveller's pass: a warm load waits for it on the device before reopening. */
  savesPass?: boolean
  /** This target's own mode, else the run's (the blank app has no worker: it runs warm beside our offline). */
  mode?: Mode
}

/**
 * RUNS timed loads of each target, interleaved (blank, ours, blank, ours, …)
 * so a busy machine slows both alike. Each run uses a fresh browser context:
 * it loads the target once untimed (`setup`: our traveller signs in, so the
 * pass is cached and the HTTP cache filled), closes that page and times a new
 * page's load of the same address (the app reopened) to the first `selector`;
 * for a cold load, after the first page is closed, it clears the HTTP cache
 * (CDP) and what `forget` names (the cached pass, not the traveller).
 */
async function timeLoads(browser: Browser, targets: Target[], mode: Mode): Promise<Loads[]> {
  const out: Loads[] = targets.map(() => ({ times: [], fcp: [], marks: [] }))
  for (let i = 0; i < RUNS; i++) {
    for (const [k, t] of targets.entries()) {
      const m = t.mode ?? mode
      const context = await newContext(browser, m === 'offline' ? 'allow' : 'block')
      try {
        await context.addInitScript(watch(t.selector))
        const page = await context.newPage()
        await page.goto(t.url)
        await t.setup(page)
        await page.waitForFunction(() => window.__npShownAt !== undefined, null, { timeout: TIMEOUT_MS })
        if (m === 'warm' && t.savesPass) {
          // Warm means a saved pass on the device: saved as provinces answer, so this waits for the first answer only.
          await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('pass.')), null, {
            timeout: TIMEOUT_MS,
          })
        }
        if (m === 'offline') {
          // Every province answered and the pass saved on the device, and the worker in control: then cut the network.
          await page.locator('[data-progress="32/32"]').waitFor({ timeout: TIMEOUT_MS })
          await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('pass.')), null, {
            timeout: TIMEOUT_MS,
          })
          await workerControls(page)
          await context.setOffline(true)
        }
        // Reopened, as a traveller reopens the app: the first page closed, a new one opened in the same context
        // (its HTTP cache, storage and service worker kept). A reload would also time tearing down a page still
        // busy with its refresh, which a start does not have to do (and the blank app never has).
        await page.close()
        const again = await context.newPage()
        if (m === 'cold') {
          // Forgotten only now that the first page is closed: while open, it would save again as answers arrive.
          if (t.forgetAt) {
            await again.goto(new URL(t.forgetAt, t.url).href)
            await t.forget(again)
          }
          const cdp = await context.newCDPSession(again)
          await cdp.send('Network.clearBrowserCache')
        }
        const shown = again.waitForEvent('console', {
          predicate: (m) => m.text().startsWith(SHOWN_LOG),
          timeout: TIMEOUT_MS,
        })
        await again.goto(t.url)
        out[k].times.push(Number((await shown).text().slice(SHOWN_LOG.length)))
        out[k].marks.push(await startMarks(again))
        out[k].fcp.push(
          await again.evaluate(
            () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
          ),
        )
      } finally {
        await context.close()
      }
    }
  }
  return out
}

const nothing = async () => undefined

interface Loads {
  times: number[]
  fcp: number[]
  /** Per run, the app's start-up marks (ms since navigation start). */
  marks: Array<Record<string, number>>
}

/** The app's start-up marks, in the order they happen in a start (src/platform/startMarks.ts). */
const MARKS = [
  'np:boot-shell',
  'np:boot',
  'np:storage-read',
  'np:first-frame',
  'np:first-verified-colour',
  'np:pass-read',
  'np:refresh-done',
] as const

/**
 * The start-up marks of this load, once the refresh is done (or TIMEOUT_MS has
 * passed: the marks seen by then). The blank app has none.
 */
async function startMarks(page: Page): Promise<Record<string, number>> {
  await page
    .waitForFunction(() => performance.getEntriesByName('np:refresh-done').length > 0, null, { timeout: TIMEOUT_MS })
    .catch(() => undefined)
  return page.evaluate(() =>
    Object.fromEntries(
      performance
        .getEntriesByType('mark')
        .filter((e) => e.name.startsWith('np:'))
        .map((e) => [e.name, e.startTime]),
    ),
  )
}

/** One row per start-up mark: its median over the runs that reached it, as a ratio to the blank app's first paint. */
function breakdownRows(mode: Mode, marks: Array<Record<string, number>>, blankMs: number): BenchRow[] {
  return MARKS.map((name) => {
    const seen = marks.map((m) => m[name]).filter((x): x is number => x !== undefined)
    const ms = seen.length ? median(seen) : Number.NaN
    return {
      name: `start.h5.${mode}.mark.${name.slice(3)}`,
      value: Number.isFinite(ms) ? Math.round(ms) : Number.NaN,
      unit: 'ms',
      ...(seen.length ? { ratio: ms / blankMs } : {}),
      reference: `performance.mark in the app; median of ${seen.length}/${marks.length} runs`,
      ...(seen.length ? {} : { note: 'not reached' }),
    }
  })
}

/** Sign in as the demo traveller `green` (every province green, verified). */
async function signIn(page: Page): Promise<void> {
  await page.locator('[data-demo-person="green"]').click({ timeout: TIMEOUT_MS })
}

/** Drop the cached passes (Taro H5 storage is localStorage; keys `pass.<person>`), keep the traveller. */
async function forgetPasses(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('pass.')) localStorage.removeItem(k)
  })
}

/** Whether the built H5 app renders `data-verified` anywhere (the pass page's marker). */
function builtHasVerifiedMarker(distDir: string): boolean {
  const js = path.join(distDir, 'js')
  return readdirSync(js).some(
    (f) => f.endsWith('.js') && readFileSync(path.join(js, f), 'utf8').includes('data-verified'),
  )
}

export async function benchStart(): Promise<BenchRow[]> {
  const oursDir = distOf('h5', false)
  const blankDir = distOf('h5', true)
  const ours = await serveApp({ port: 0, mockPort: 0, distDir: oursDir })
  const blank = await serveApp({ port: 0, mockPort: 0, distDir: blankDir })
  const browser = await launch()
  const rows: BenchRow[] = []
  try {
    const oursUrl = `${ours.url}#/pages/pass/index`
    const blankUrl = `${blank.url}#/pages/index/index`
    const hasMarker = builtHasVerifiedMarker(oursDir)
    let selector = hasMarker ? VERIFIED : TITLE
    let fallbackWhy = selector === TITLE ? 'built pass page has no data-verified yet' : ''
    for (const mode of ['cold', 'warm', 'offline'] as const) {
      const blankTarget: Target = {
        url: blankUrl,
        selector: '.blank-text',
        setup: nothing,
        forget: nothing,
        ...(mode === 'offline' ? { mode: 'warm' as const } : {}),
      }
      const ourTarget = (sel: string): Target => ({
        url: oursUrl,
        selector: sel,
        setup: signIn,
        forget: forgetPasses,
        forgetAt: '/manifest.webmanifest',
        savesPass: true,
      })
      // Offline no province answers, so nothing is freshly verified: the first colour is the saved one.
      const wanted = mode === 'offline' ? SAVED_COLOUR : VERIFIED
      let sel = mode === 'offline' ? SAVED_COLOUR : selector
      let base: Loads
      let ourTimes: number[]
      let ourMarks: Array<Record<string, number>>
      try {
        ;[base, { times: ourTimes, marks: ourMarks }] = await timeLoads(browser, [blankTarget, ourTarget(sel)], mode)
      } catch (e) {
        if (sel !== wanted) throw e
        sel = TITLE
        fallbackWhy = `no ${wanted} within ${TIMEOUT_MS / 1000} s (${(e as Error).message.split('\n')[0]})`
        ;[base, { times: ourTimes, marks: ourMarks }] = await timeLoads(browser, [blankTarget, ourTarget(sel)], mode)
      }
      if (mode !== 'offline') selector = sel
      const blankMs = median(base.times)
      const ms = median(ourTimes)
      const colour = mode === 'offline' ? 'firstColour' : 'firstVerifiedColour'
      const label = sel === wanted ? colour : 'title (NOT verified colour)'
      const blankMode = mode === 'offline' ? 'warm ' : ''
      rows.push({
        name: `start.h5.${mode}.${label}`,
        value: Math.round(ms),
        unit: 'ms',
        ratio: ms / blankMs,
        reference: `blank ${blankMode}first paint ${Math.round(blankMs)} ms (FCP ${Math.round(median(base.fcp))} ms); median of ${RUNS}`,
        ...(sel === TITLE ? { note: `fallback: ${fallbackWhy}` } : {}),
      })
      rows.push(...breakdownRows(mode, ourMarks, blankMs))
    }
  } finally {
    await browser.close()
    await ours.close()
    await blank.close()
  }
  return rows
}
