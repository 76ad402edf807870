/**
 * The H5 boot shell (issue 16, src/boot/savedShell.ts): before the app's
 * scripts run, it reads the saved display record with WebCrypto — the record
 * the app wrote with crypto-js (src/platform/secureStorage.ts), in Taro H5's
 * storage format — and draws the pass page's saved card, then starts the app.
 * What it must never do: draw from a record it cannot authenticate (tampered,
 * or another stored value copied under its key), draw on another page, write
 * anything, hold the app back when it has nothing to show, or keep saying
 * "refreshing…" when the app's scripts cannot load.
 */
import { webcrypto } from 'node:crypto'
import { DISPLAY_KEY, type SavedDisplay } from '../../src/features/pass/savedDisplay'
import { savedCard } from '../../src/features/pass/savedCard'
import {
  type BootWindow,
  bootShell,
  isPassRoute,
  preloadLater,
  readDisplayRecord,
  routeOf,
  startScripts,
} from '../../src/boot/savedShell'
import { SHELL_ID, dropBootShell } from '../../src/platform/bootShell'
import { createSecureStorage } from '../../src/platform/secureStorage'
import { taroLocalStorage } from './taroLocalStorage'

const H = 3_600_000
const subtle = webcrypto.subtle as unknown as SubtleCrypto

function record(over: Partial<SavedDisplay> = {}): SavedDisplay {
  const now = Date.now()
  return {
    v: 1,
    personId: 'p-030218',
    name: '马丽娜',
    savedAt: now - 3 * 60_000,
    colour: 'yellow',
    verified: 3,
    green: 2,
    flagged: [{ province: '440000', colour: 'yellow' }],
    missing: ['460000'],
    validUntil: now + 24 * H,
    lang: 'zh',
    ...over,
  }
}

/** A window for the shell: frames and timers run when the test says. */
function bootWindow(hash = '', withCrypto = true) {
  const frames: Array<() => void> = []
  const timers: Array<{ fn: () => void; ms: number }> = []
  const marks: string[] = []
  const win: BootWindow = {
    document,
    location: { hash },
    localStorage,
    crypto: withCrypto ? { subtle } : {},
    performance: { mark: (n: string) => marks.push(n) },
    requestAnimationFrame: (cb) => frames.push(cb),
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
  }
  const paint = () => {
    for (const f of frames.splice(0)) f()
    // The zero-delay tasks queued by the frame (not the shell's time budget).
    for (const t of timers.filter((t) => t.ms === 0)) t.fn()
  }
  const budgetRuns = () => {
    for (const t of timers.filter((t) => t.ms > 0)) t.fn()
  }
  return { win, paint, budgetRuns, marks }
}

const shell = () => document.getElementById(SHELL_ID)
const lines = (el: Element | null) =>
  Array.from(el?.querySelectorAll('.np-saved > div') ?? []).map((d) => d.textContent)
const snapshot = () => JSON.stringify(Object.entries(localStorage).sort())

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = '<div id="app"></div>'
})

describe('the H5 boot shell', () => {
  test('draws the saved card the app wrote — the same lines and data as the pass page — then starts the app once painted', async () => {
    const saved = record()
    createSecureStorage(taroLocalStorage).write(DISPLAY_KEY, saved)
    const before = snapshot()
    const { win, paint, budgetRuns, marks } = bootWindow()
    const start = jest.fn()
    expect(await bootShell(win, start)).toBe(true)
    const el = shell()
    expect(el?.nextElementSibling?.id).toBe('app')
    const card = el?.querySelector('[data-section="saved"]')
    expect(card?.getAttribute('data-verified')).toBe('true')
    expect(card?.getAttribute('data-saved-colour')).toBe('yellow')
    const expected = savedCard(saved, Date.now(), true, 'zh')
    expect(lines(el)).toEqual(expected.lines.map((l) => l.text))
    expect(lines(el)).toEqual(
      expect.arrayContaining(['马丽娜：本机保存的通行码颜色', '▲ 黄码', '保存时 3 个地区已验签，其中 2 个绿码']),
    )
    expect(el?.querySelector('[data-saved-flagged="440000"]')?.textContent).toBe('广东省：▲ 黄码')
    expect(el?.querySelector('[data-saved-missing="1"]')?.textContent).toContain('海南')
    expect(marks).toContain('np:boot-shell')
    // Not before the frame that paints it: then once, whatever else fires.
    expect(start).not.toHaveBeenCalled()
    paint()
    budgetRuns()
    expect(start).toHaveBeenCalledTimes(1)
    // It read, it never wrote.
    expect(snapshot()).toBe(before)
    // The app's first page takes it away in the commit that draws its own card.
    dropBootShell()
    expect(shell()).toBeNull()
  })

  test('an English record, an expired code: the card says so, as the page would', async () => {
    const saved = record({
      lang: 'en',
      colour: 'green',
      green: 3,
      flagged: [],
      missing: [],
      validUntil: Date.now() - 1,
    })
    createSecureStorage(taroLocalStorage).write(DISPLAY_KEY, saved)
    const { win } = bootWindow('#/pages/pass/index')
    expect(await bootShell(win, jest.fn())).toBe(true)
    expect(shell()?.querySelector('[data-saved-stale]')?.getAttribute('data-saved-stale')).toBe('expired')
    expect(lines(shell())).toContain('A saved code has expired since')
    expect(lines(shell())).toContain('● green')
  })

  test('a tampered record, or another stored value copied under its key, draws nothing and starts the app at once', async () => {
    const storage = createSecureStorage(taroLocalStorage)
    storage.write(DISPLAY_KEY, record())
    storage.write('settings', record({ colour: 'green', green: 3, flagged: [] }))
    const stored = taroLocalStorage.get(DISPLAY_KEY) as string
    const [p, iv, ct, mac] = stored.split('.')
    const flipped = `${ct.slice(0, 5)}${ct[5] === 'A' ? 'B' : 'A'}${ct.slice(6)}`
    for (const forged of [
      `${p}.${iv}.${flipped}.${mac}`,
      // A real value of this device, MAC and all, but written under another key: its MAC names that key.
      taroLocalStorage.get('settings') as string,
      `${p}.${iv}.${ct}.${'0'.repeat(64)}`,
      `${p}.${iv}.${ct}`,
      'not a record',
    ]) {
      document.body.innerHTML = '<div id="app"></div>'
      taroLocalStorage.set(DISPLAY_KEY, forged)
      const before = snapshot()
      const { win } = bootWindow()
      const start = jest.fn()
      expect(await bootShell(win, start)).toBe(false)
      expect(shell()).toBeNull()
      expect(start).toHaveBeenCalledTimes(1)
      expect(snapshot()).toBe(before)
    }
  })

  test('the record decrypts only under this device key', async () => {
    createSecureStorage(taroLocalStorage).write(DISPLAY_KEY, record())
    expect(await readDisplayRecord(localStorage, subtle)).not.toBeNull()
    // Another install's key (same shape): nothing to show.
    taroLocalStorage.set('__np_device_key', 'ab'.repeat(64))
    expect(await readDisplayRecord(localStorage, subtle)).toBeNull()
    taroLocalStorage.remove('__np_device_key')
    expect(await readDisplayRecord(localStorage, subtle)).toBeNull()
  })

  test('only on the pass page; nothing to show, or no WebCrypto: the app starts at once', async () => {
    createSecureStorage(taroLocalStorage).write(DISPLAY_KEY, record())
    for (const [hash, crypto] of [
      ['#/pages/guard/index', true],
      ['#/pages/scan/index?c=abc', true],
      ['', false],
    ] as const) {
      const { win } = bootWindow(hash, crypto)
      const start = jest.fn()
      expect(await bootShell(win, start)).toBe(false)
      expect(start).toHaveBeenCalledTimes(1)
      expect(shell()).toBeNull()
    }
    localStorage.clear()
    const { win } = bootWindow()
    const start = jest.fn()
    expect(await bootShell(win, start)).toBe(false)
    expect(start).toHaveBeenCalledTimes(1)
    expect(routeOf('#/pages/pass/index?x=1')).toBe('pages/pass/index')
    expect(routeOf('')).toBe('')
  })

  test('a WebCrypto that never answers: the app starts on the time budget, and no card is drawn over it later', async () => {
    createSecureStorage(taroLocalStorage).write(DISPLAY_KEY, record())
    let release: () => void = () => undefined
    const gate = new Promise<void>((r) => {
      release = r
    })
    const slow = new Proxy(subtle, {
      get: (target, name) => {
        const f = Reflect.get(target, name) as (...a: unknown[]) => Promise<unknown>
        return (...args: unknown[]) => gate.then(() => f.apply(target, args))
      },
    })
    const { win, budgetRuns } = bootWindow()
    win.crypto = { subtle: slow }
    const start = jest.fn()
    const shown = bootShell(win, start)
    budgetRuns()
    expect(start).toHaveBeenCalledTimes(1)
    release()
    expect(await shown).toBe(false)
    expect(shell()).toBeNull()
    expect(start).toHaveBeenCalledTimes(1)
  })

  test("the app's scripts cannot load: the card stays, no longer saying it is refreshing", async () => {
    const saved = record()
    createSecureStorage(taroLocalStorage).write(DISPLAY_KEY, saved)
    const { win, paint } = bootWindow()
    let failed: () => void = () => undefined
    await bootShell(win, (f) => {
      failed = f
    })
    paint()
    expect(lines(shell())).toContain(savedCard(saved, Date.now(), true, 'zh').lines.at(-1)?.text)
    failed()
    expect(shell()?.getAttribute('data-boot-failed')).toBe('true')
    expect(lines(shell()).join('\n')).toMatch(/本次刷新未能重新核验/)
    expect(lines(shell()).join('\n')).not.toMatch(/正在刷新/)
  })

  test('startScripts inserts the scripts in order, not async, and reports a load failure once', () => {
    const failed = jest.fn()
    startScripts(document, ['/js/a.js', '/js/b.js'], failed)
    const scripts = Array.from(document.querySelectorAll('script'))
    expect(scripts.map((s) => s.getAttribute('src'))).toEqual(['/js/a.js', '/js/b.js'])
    expect(scripts.every((s) => s.async === false)).toBe(true)
    for (const s of scripts) s.dispatchEvent(new Event('error'))
    expect(failed).toHaveBeenCalledTimes(1)
  })

  test("preloadLater asks for the pass page's later code as preloads (fetched, not run); only the pass routes qualify", () => {
    preloadLater(document, ['/css/329.0.css', '/js/329.0.js', '/js/services.1.js', '/js/pass-view.2.js'])
    const links = Array.from(document.head.querySelectorAll<HTMLLinkElement>('link[rel="preload"]'))
    // The page's own style is preloaded as a style (a script preload of a stylesheet would be fetched twice).
    expect(links.map((l) => [l.getAttribute('href'), l.getAttribute('as')])).toEqual([
      ['/css/329.0.css', 'style'],
      ['/js/329.0.js', 'script'],
      ['/js/services.1.js', 'script'],
      ['/js/pass-view.2.js', 'script'],
    ])
    expect(document.querySelectorAll('script').length).toBe(0)
    expect(['', '#/', '#/pages/pass/index', '#/pages/pass/index?from=x'].every(isPassRoute)).toBe(true)
    expect(['#/pages/guard/index', '#/pages/settings/index'].some(isPassRoute)).toBe(false)
  })
})
