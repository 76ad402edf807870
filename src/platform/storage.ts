import { rawStore } from './rawStore'
import { createSecureStorage, type SecureStorage } from './secureStorage'

let instance: SecureStorage | undefined

/** The app's encrypted storage (created on first use). */
export function appStorage(): SecureStorage {
  instance ??= createSecureStorage(rawStore)
  return instance
}
