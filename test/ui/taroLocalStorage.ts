import type { RawStore } from '../../src/platform/secureStorage'

/**
 * Taro H5's storage on jsdom's localStorage: `{"data": value}`, what the app's raw store writes
 * (src/platform/rawStore.h5.ts) and the H5 boot shell reads (src/boot/savedShell.ts).
 */
export const taroLocalStorage: RawStore = {
  get: (k) => {
    const v = localStorage.getItem(k)
    if (v === null) return undefined
    const d = (JSON.parse(v) as { data?: unknown }).data
    return typeof d === 'string' ? d : undefined
  },
  set: (k, v) => localStorage.setItem(k, JSON.stringify({ data: v })),
  remove: (k) => localStorage.removeItem(k),
}
