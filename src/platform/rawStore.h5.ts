/**
 * H5: localStorage in Taro's own format (`{"data": value}`, what `Taro.setStorageSync` writes and
 * `Taro.getStorageSync` reads), so either reads what the other wrote. Not through Taro's: its read of an absent key
 * parses '' as JSON and catches the SyntaxError, and with an inspector attached each first throw from a script had
 * V8 re-parse that script for source positions (~30 ms on a cold start's path, where the saved pass is absent;
 * issue 16).
 */
import type { RawStore } from './secureStorage'
import { storageError } from './storageError'

export const rawStore: RawStore = {
  get(key) {
    const text = globalThis.localStorage.getItem(key)
    if (!text || text[0] !== '{') return undefined
    let item: unknown
    try {
      item = JSON.parse(text)
    } catch {
      return undefined
    }
    const v = item !== null && typeof item === 'object' && 'data' in item ? item.data : undefined
    return typeof v === 'string' && v !== '' ? v : undefined
  },
  set(key, value) {
    try {
      globalThis.localStorage.setItem(key, JSON.stringify({ data: value }))
    } catch (e) {
      throw storageError(key, e)
    }
  },
  remove(key) {
    globalThis.localStorage.removeItem(key)
  },
}
