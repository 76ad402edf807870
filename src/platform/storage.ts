import Taro from '@tarojs/taro'
import { NpError } from '../core/errors'
import { createSecureStorage, type RawStore, type SecureStorage } from './secureStorage'

/** Taro's synchronous storage, the same on WeChat, Alipay and H5. */
export const taroStore: RawStore = {
  get(key) {
    const v: unknown = Taro.getStorageSync(key)
    return typeof v === 'string' && v !== '' ? v : undefined
  },
  set(key, value) {
    try {
      Taro.setStorageSync(key, value)
    } catch (e) {
      throw new NpError('NP_ERR_STORAGE', {
        params: { key, detail: e instanceof Error ? e.message : String(e) },
        cause: e,
      })
    }
  },
  remove(key) {
    Taro.removeStorageSync(key)
  },
}

let instance: SecureStorage | undefined

/** The app's encrypted storage (created on first use). */
export function appStorage(): SecureStorage {
  instance ??= createSecureStorage(taroStore)
  return instance
}
