/** Taro's synchronous storage, the same on WeChat and Alipay (./rawStore.h5.ts: H5). */
import Taro from '@tarojs/taro'
import type { RawStore } from './secureStorage'
import { storageError } from './storageError'

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
