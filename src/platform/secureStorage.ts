import AES from 'crypto-js/aes'
import HmacSHA256 from 'crypto-js/hmac-sha256'
import Hex from 'crypto-js/enc-hex'
import Utf8 from 'crypto-js/enc-utf8'
import Base64 from 'crypto-js/enc-base64'
import { NpError } from '../core/errors'
import { prepareRandom, randomHex, randomReady } from './random'
import { DEVICE_KEY_PATTERN, KEY_SLOT, PREFIX } from './storageFormat'

/** The raw key-value store underneath (Taro storage on devices, a Map in tests). */
export interface RawStore {
  get(key: string): string | undefined
  set(key: string, value: string): void
  remove(key: string): void
}

export type ReadResult<T> = { value: T | null } | { error: NpError }

export interface SecureStorage {
  /** The value, `null` when absent, or a catalogued error when it was tampered with. */
  read<T>(key: string): ReadResult<T>
  write<T>(key: string, value: T): void
  remove(key: string): void
  /**
   * Resolves once the device key exists and writes made before secure
   * randomness was ready are stored; rejects with `NP_ERR_RANDOM_UNAVAILABLE`
   * when the runtime has none (those writes then stay in memory only).
   */
  ready?(): Promise<void>
}

/**
 * (crypto-js AES defaults to CBC with PKCS7 padding.)
 * Values are JSON, encrypted with AES-256-CBC under a per-install key and
 * authenticated with HMAC-SHA256 (encrypt-then-MAC), so the stored text never
 * contains the plaintext and any change to it is detected. A value that fails
 * the check is moved aside to `<key>.tampered` (nothing is lost) and reported
 * as `NP_ERR_STORAGE_TAMPERED` instead of crashing the caller.
 */
export function createSecureStorage(raw: RawStore): SecureStorage {
  let material: { encKey: ReturnType<typeof Hex.parse>; macKey: ReturnType<typeof Hex.parse> } | undefined
  /** Writes made before secure randomness was ready (mini-programs at first launch). */
  const pending = new Map<string, unknown>()
  let flushing: Promise<void> | undefined

  /** The device key; created (from secure randomness only) when `create` and none is stored. */
  const keysOf = (create: boolean) => {
    if (material) return material
    let keys = raw.get(KEY_SLOT)
    if (!keys || !DEVICE_KEY_PATTERN.test(keys)) {
      if (!create) return undefined
      keys = randomHex(64)
      raw.set(KEY_SLOT, keys)
    }
    material = { encKey: Hex.parse(keys.slice(0, 64)), macKey: Hex.parse(keys.slice(64)) }
    return material
  }

  const store = (key: string, value: unknown) => {
    const { encKey, macKey } = keysOf(true) as NonNullable<typeof material>
    const ivHex = randomHex(16)
    const ct = AES.encrypt(JSON.stringify(value), encKey, { iv: Hex.parse(ivHex) }).ciphertext.toString(Base64)
    const mac = HmacSHA256(`${key}.${ivHex}.${ct}`, macKey).toString(Hex)
    raw.set(key, `${PREFIX}${ivHex}.${ct}.${mac}`)
  }

  const flush = (): Promise<void> => {
    flushing ??= prepareRandom().then(
      () => {
        for (const [key, value] of pending) store(key, value)
        pending.clear()
        flushing = undefined
      },
      (e: unknown) => {
        flushing = undefined
        throw e
      },
    )
    return flushing
  }

  const tampered = (key: string, stored: string, cause?: unknown) => {
    raw.set(`${key}.tampered`, stored)
    raw.remove(key)
    return { error: new NpError('NP_ERR_STORAGE_TAMPERED', { params: { key }, cause }) }
  }

  return {
    read<T>(key: string): ReadResult<T> {
      if (pending.has(key)) return { value: pending.get(key) as T }
      const stored = raw.get(key)
      if (stored === undefined || stored === '') return { value: null }
      const keys = keysOf(false)
      if (!keys) return tampered(key, stored)
      const { encKey, macKey } = keys
      const parts = stored.split('.')
      if (parts.length !== 4 || `${parts[0]}.` !== PREFIX) return tampered(key, stored)
      const [, ivHex, ct, mac] = parts
      const expected = HmacSHA256(`${key}.${ivHex}.${ct}`, macKey).toString(Hex)
      if (expected !== mac) return tampered(key, stored)
      try {
        const plain = AES.decrypt(ct, encKey, { iv: Hex.parse(ivHex) }).toString(Utf8)
        return { value: JSON.parse(plain) as T }
      } catch (e) {
        return tampered(key, stored, e)
      }
    },
    write<T>(key: string, value: T) {
      if (randomReady() && pending.size === 0) return store(key, value)
      // No secure randomness yet: keep the value (reads see it) and store it once there is.
      pending.set(key, JSON.parse(JSON.stringify(value)) as unknown)
      flush().catch(() => undefined)
    },
    remove(key: string) {
      pending.delete(key)
      raw.remove(key)
    },
    ready: () => (pending.size > 0 ? flush() : prepareRandom().then(() => void keysOf(true))),
  }
}
