/**
 * Globals the WeChat and Alipay runtimes lack but our libraries use at load
 * time: `TextEncoder`/`TextDecoder` (@noble/curves encodes a constant when its
 * module loads) and `AbortController`/`AbortSignal` (Redux Toolkit's
 * createAsyncThunk and the plugin host's deadlines). Installed only where
 * missing; imported first by src/app.ts. The mini-program smoke test runs the
 * bundles without these globals to keep this honest.
 */

type Listener = (event: { type: string }) => void

const g = globalThis as Record<string, unknown>

function utf8Encode(s: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
      } else c = 0xfffd
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return Uint8Array.from(out)
}

function utf8Decode(input?: ArrayBuffer | ArrayBufferView): string {
  if (!input) return ''
  const b =
    input instanceof Uint8Array
      ? input
      : ArrayBuffer.isView(input)
        ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
        : new Uint8Array(input)
  let s = ''
  for (let i = 0; i < b.length; ) {
    const c = b[i++]
    let cp = 0xfffd
    if (c < 0x80) cp = c
    else if (c >= 0xc2 && c < 0xe0 && i < b.length) cp = ((c & 31) << 6) | (b[i++] & 63)
    else if (c >= 0xe0 && c < 0xf0 && i + 1 < b.length) {
      cp = ((c & 15) << 12) | ((b[i] & 63) << 6) | (b[i + 1] & 63)
      i += 2
    } else if (c >= 0xf0 && c < 0xf5 && i + 2 < b.length) {
      cp = ((c & 7) << 18) | ((b[i] & 63) << 12) | ((b[i + 1] & 63) << 6) | (b[i + 2] & 63)
      i += 3
    }
    s += String.fromCodePoint(cp)
  }
  return s
}

if (typeof g.TextEncoder === 'undefined') {
  g.TextEncoder = class TextEncoder {
    readonly encoding = 'utf-8'
    encode(s = ''): Uint8Array {
      return utf8Encode(s)
    }
  }
}

if (typeof g.TextDecoder === 'undefined') {
  g.TextDecoder = class TextDecoder {
    readonly encoding = 'utf-8'
    decode(input?: ArrayBuffer | ArrayBufferView): string {
      return utf8Decode(input)
    }
  }
}

if (typeof g.AbortController === 'undefined') {
  class AbortSignalPolyfill {
    aborted = false
    reason: unknown = undefined
    onabort: Listener | null = null
    private listeners: Listener[] = []
    addEventListener(type: string, fn: Listener) {
      if (type === 'abort') this.listeners.push(fn)
    }
    removeEventListener(type: string, fn: Listener) {
      if (type === 'abort') this.listeners = this.listeners.filter((l) => l !== fn)
    }
    throwIfAborted() {
      if (this.aborted) throw this.reason
    }
    dispatchAbort(reason: unknown) {
      if (this.aborted) return
      this.aborted = true
      this.reason = reason
      const event = { type: 'abort' }
      this.onabort?.(event)
      for (const l of [...this.listeners]) l(event)
    }
  }
  class AbortControllerPolyfill {
    readonly signal = new AbortSignalPolyfill()
    abort(reason: unknown = new Error('This operation was aborted')) {
      this.signal.dispatchAbort(reason)
    }
  }
  g.AbortSignal = AbortSignalPolyfill
  g.AbortController = AbortControllerPolyfill
}

export const polyfillsInstalled = true
