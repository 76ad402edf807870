import { takePrimedReads } from './primedReads'
import { rawStore } from './rawStore'
import { createSecureStorage, type SecureStorage } from './secureStorage'

let instance: SecureStorage | undefined

/** The app's encrypted storage (created on first use), with what the H5 boot shell read ahead. */
export function appStorage(): SecureStorage {
  instance ??= createSecureStorage(rawStore, { primed: takePrimedReads() })
  return instance
}
