/**
 * The H5 boot shell (issue 16: "the saved colour first"). index.html carries
 * this script inline, built by esbuild when the H5 build starts
 * (config/bootShell.ts). Before the app's own scripts run, it reads the saved
 * display record from the device — the same encrypted record the pass page's
 * first frame reads (src/features/pass/savedDisplay.ts), checked and
 * decrypted here with the browser's WebCrypto — and draws the same card
 * (src/features/pass/savedCard.ts). Only then does it start the app's scripts
 * (preloaded meanwhile), so the saved colour is painted before they compile.
 * The app's first page removes the shell in the commit that draws its own
 * card (src/platform/bootShell.ts), so the two never show together.
 *
 * It shows nothing — and starts the app at once — when the route is not the
 * pass page, there is no record or no device key, the record fails its MAC
 * (tampered, or another key's value copied in), it cannot be decrypted or
 * parsed, or the runtime has no WebCrypto (not a secure context). It never
 * writes: the app itself moves a tampered value aside, as ever.
 */
import { DISPLAY_KEY, type SavedDisplay, asSavedDisplay } from '../features/pass/savedDisplay'
import { dataProps, savedCard } from '../features/pass/savedCard'
import { isPassRoute, SHELL_ID } from '../platform/bootShell'
import { DEVICE_KEY_PATTERN, KEY_SLOT, PREFIX } from '../platform/storageFormat'

export { isPassRoute, routeOf } from '../platform/bootShell'

/** A value Taro H5 stored (`localStorage[key] = JSON.stringify({ data })`), when it is a string. */
function taroItem(storage: Pick<Storage, 'getItem'>, key: string): string | undefined {
  try {
    const item = JSON.parse(storage.getItem(key) ?? '') as { data?: unknown } | null
    return item && typeof item === 'object' && typeof item.data === 'string' ? item.data : undefined
  } catch {
    return undefined
  }
}

function hexBytes(hex: string): Uint8Array {
  if (hex.length % 2 || !/^[0-9a-f]*$/.test(hex)) throw new Error('not hex')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

/** The device key's two halves, imported once for WebCrypto. */
export interface DeviceKeys {
  /** The key slot's text they came from. */
  text: string
  mac: CryptoKey
  enc: CryptoKey
}

/** The device key (src/platform/storageFormat.ts) as WebCrypto keys; null when there is none, or it is malformed. */
export async function deviceKeys(storage: Pick<Storage, 'getItem'>, subtle: SubtleCrypto): Promise<DeviceKeys | null> {
  const text = taroItem(storage, KEY_SLOT)
  if (!text || !DEVICE_KEY_PATTERN.test(text)) return null
  const [mac, enc] = await Promise.all([
    subtle.importKey('raw', hexBytes(text.slice(64)), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']),
    subtle.importKey('raw', hexBytes(text.slice(0, 64)), 'AES-CBC', false, ['decrypt']),
  ])
  return { text, mac, enc }
}

/** A stored value and its plaintext, checked and decrypted under the device key `under` (its slot's text). */
export interface CheckedRead {
  stored: string
  plain: string
  under: string
}

/**
 * One encrypted value, read as src/platform/secureStorage.ts wrote it: its MAC checked (over its own key's name, so
 * no other stored value passes for it), then decrypted. Null when absent, or for anything that fails: the app's own
 * read then finds the same and moves a tampered value aside.
 */
export async function readChecked(
  storage: Pick<Storage, 'getItem'>,
  subtle: SubtleCrypto,
  keys: DeviceKeys,
  key: string,
): Promise<CheckedRead | null> {
  const stored = taroItem(storage, key)
  if (!stored) return null
  const parts = stored.split('.')
  if (parts.length !== 4 || `${parts[0]}.` !== PREFIX) return null
  const [, ivHex, ct, mac] = parts
  try {
    const signed = new TextEncoder().encode(`${key}.${ivHex}.${ct}`)
    if (!(await subtle.verify('HMAC', keys.mac, hexBytes(mac), signed))) return null
    const plain = await subtle.decrypt({ name: 'AES-CBC', iv: hexBytes(ivHex) }, keys.enc, base64Bytes(ct))
    return { stored, plain: new TextDecoder('utf-8', { fatal: true }).decode(plain), under: keys.text }
  } catch {
    return null
  }
}

/** The saved display record (src/features/pass/savedDisplay.ts), checked as {@link readChecked}; null for anything else. */
export async function readDisplayRecord(
  storage: Pick<Storage, 'getItem'>,
  subtle: SubtleCrypto,
): Promise<SavedDisplay | null> {
  try {
    const keys = await deviceKeys(storage, subtle)
    const read = keys && (await readChecked(storage, subtle, keys, DISPLAY_KEY))
    return read ? asSavedDisplay(JSON.parse(read.plain)) : null
  } catch {
    return null
  }
}

/** The shell: the pass page's frame with the saved card in it, the same classes and `data-*` as the app's. */
export function shellElement(doc: Document, display: SavedDisplay, now: number, refreshing = true): HTMLElement {
  const card = savedCard(display, now, refreshing, display.lang)
  const el = (className: string, data?: Record<string, string>) => {
    const e = doc.createElement('div')
    if (className) e.className = className
    for (const [k, v] of Object.entries(data ?? {})) e.setAttribute(k, v)
    return e
  }
  const root = el('np-screen np-theme-default', { 'data-boot-shell': 'saved' })
  root.id = SHELL_ID
  const body = el('np-body')
  const box = el('np-card np-saved', dataProps(card.data))
  for (const line of card.lines) {
    const row = el('', dataProps(line.data))
    const text = doc.createElement('span')
    if (line.className) text.className = line.className
    text.textContent = line.text
    row.appendChild(text)
    box.appendChild(row)
  }
  body.appendChild(box)
  root.appendChild(body)
  return root
}

export interface BootWindow {
  document: Document
  location: { hash: string }
  localStorage: Pick<Storage, 'getItem'>
  crypto?: { subtle?: SubtleCrypto }
  performance?: { mark?(name: string): unknown }
  requestAnimationFrame?(cb: () => void): unknown
  setTimeout(cb: () => void, ms: number): unknown
}

/** How long the shell may take before the app starts anyway (a WebCrypto that never answers must not stall it). */
export const SHELL_BUDGET_MS = 300

/**
 * Draw the shell when there is a saved card to show, then start the app (`start`) once it is painted; with nothing
 * to show, start the app at once. `start` runs exactly once, whatever happens; the shell is never drawn after it.
 * `start` gets a callback for when the app cannot load (a script fails: offline before the service worker has the
 * app): the shell then stays, saying the saved colour was not verified again instead of "refreshing…".
 */
export function bootShell(win: BootWindow, start: (failed: () => void) => void): Promise<boolean> {
  let started = false
  let shown: { display: SavedDisplay; el: HTMLElement } | undefined
  const failed = () => {
    if (!shown?.el.parentNode) return
    const again = shellElement(win.document, shown.display, Date.now(), false)
    again.setAttribute('data-boot-failed', 'true')
    shown.el.parentNode.replaceChild(again, shown.el)
    shown.el = again
  }
  const go = () => {
    if (started) return
    started = true
    start(failed)
  }
  const subtle = win.crypto?.subtle
  if (!subtle || !isPassRoute(win.location.hash)) {
    go()
    return Promise.resolve(false)
  }
  win.setTimeout(go, SHELL_BUDGET_MS)
  return readDisplayRecord(win.localStorage, subtle).then(
    (display) => {
      const app = win.document.getElementById('app')
      if (!display || started || !app?.parentNode) {
        go()
        return false
      }
      shown = { display, el: shellElement(win.document, display, Date.now()) }
      app.parentNode.insertBefore(shown.el, app)
      win.performance?.mark?.('np:boot-shell')
      // After the frame that paints it: the app's scripts compile after the saved colour is on screen.
      if (win.requestAnimationFrame) win.requestAnimationFrame(() => win.setTimeout(go, 0))
      else go()
      return true
    },
    () => {
      go()
      return false
    },
  )
}

/**
 * The pass page's code that the app fetches only once its own scripts have run (the page's chunk and style, which
 * Taro's router asks for; then, after the first frame, the services, the full pass view, the verifiers: webpack's
 * async chunks), asked for now at low cost — `<link rel="preload">`, fetched while the app's own scripts run,
 * executed only when the app imports them — so a cold start does not wait for them. Only on the pass page, which
 * uses them at once. Styles (`.css`) are preloaded as styles, the rest as scripts.
 */
export function preloadLater(doc: Document, files: readonly string[]): void {
  for (const src of files) {
    const link = doc.createElement('link')
    link.rel = 'preload'
    link.setAttribute('as', /\.css(\?|$)/.test(src) ? 'style' : 'script')
    link.href = src
    doc.head.appendChild(link)
  }
}

/**
 * The app's scripts, in order (html-webpack-plugin's list): inserted, not async, so they run in that order.
 * `failed` once if any cannot be loaded.
 */
export function startScripts(doc: Document, scripts: readonly string[], failed: () => void = () => undefined): void {
  let told = false
  for (const src of scripts) {
    const s = doc.createElement('script')
    s.src = src
    s.async = false
    s.addEventListener('error', () => {
      if (told) return
      told = true
      failed()
    })
    doc.body.appendChild(s)
  }
}
