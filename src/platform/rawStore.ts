/** Taro's synchronous storage, the same on WeChat and Alipay (./rawStore.h5.ts: H5). */
import Taro from '@tarojs/taro'
import { NpError } from '../core/errors'
import type { RawStore } from './secureStorage'

export const rawStore: RawStore = {
  get(key) {
    const v: unknown = Taro.getStorageSync(key)
    return typeof v === 'string' && v !== '' ? v : undefined
  },
  set(key, value) {
    try {
      Taro.setStorageSync(key, value)
    } catch (e) {
      throw storageError(key, e)
    }
  },
  remove(key) {
    Taro.removeStorageSync(key)
  },
}

export function storageError(key: string, e: unknown): NpError {
  return new NpError('NP_ERR_STORAGE', {
    params: { key, detail: e instanceof Error ? e.message : String(e) },
    cause: e,
  })
}
