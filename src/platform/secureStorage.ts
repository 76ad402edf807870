import AES from 'crypto-js/aes'
import HmacSHA256 from 'crypto-js/hmac-sha256'
import Hex from 'crypto-js/enc-hex'
import Utf8 from 'crypto-js/enc-utf8'
import Base64 from 'crypto-js/enc-base64'
import { NpError } from '../core/errors'
import { prepareRandom, randomHex, randomReady } from './random'
import { DEVICE_KEY_PATTERN, KEY_SLOT, PREFIX } from './storageFormat'
import type { PrimedRead } from './storageKeys'

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
 *
 * `primed`: values already checked and decrypted the same way elsewhere (the H5 boot shell, with WebCrypto:
 * src/boot/primeReads.ts). One is taken only while the stored text and the device key are exactly the ones it was
 * checked under; anything else is read as ever.
 */
export function createSecureStorage(raw: RawStore, options: { primed?: Map<string, PrimedRead> } = {}): SecureStorage {
  const { primed } = options
  let material: { text: string; encKey: ReturnType<typeof Hex.parse>; macKey: ReturnType<typeof Hex.parse> } | undefined
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
    material = { text: keys, encKey: Hex.parse(keys.slice(0, 64)), macKey: Hex.parse(keys.slice(64)) }
    return material
  }

  /**
   * The plaintext of each key's stored text as last checked or written: reading the same stored text again skips
   * the MAC and the decryption (the sign-in sessions are read once per province per refresh). Any other text under
   * the key (another tab wrote, or someone tampered) is checked afresh.
   */
  const known = new Map<string, { stored: string; plain: string }>()

  /** The plaintext read ahead for exactly this stored text under this device key (taken once). */
  const takePrimed = (key: string, stored: string) => {
    const p = primed?.get(key)
    if (!p) return undefined
    primed?.delete(key)
    return p.stored === stored && p.under === keysOf(false)?.text ? p.plain : undefined
  }

  /** A checked plaintext's value, kept in `known`; a plaintext that is not JSON is a tampered value. */
  const parsed = <T>(key: string, stored: string, plain: string): ReadResult<T> => {
    try {
      const value = JSON.parse(plain) as T
      known.set(key, { stored, plain })
      return { value }
    } catch (e) {
      return tampered(key, stored, e)
    }
  }

  const store = (key: string, value: unknown) => {
    const { encKey, macKey } = keysOf(true) as NonNullable<typeof material>
    const ivHex = randomHex(16)
    const plain = JSON.stringify(value)
    const ct = AES.encrypt(plain, encKey, { iv: Hex.parse(ivHex) }).ciphertext.toString(Base64)
    const mac = HmacSHA256(`${key}.${ivHex}.${ct}`, macKey).toString(Hex)
    const stored = `${PREFIX}${ivHex}.${ct}.${mac}`
    raw.set(key, stored)
    known.set(key, { stored, plain })
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
    known.delete(key)
    raw.set(`${key}.tampered`, stored)
    raw.remove(key)
    return { error: new NpError('NP_ERR_STORAGE_TAMPERED', { params: { key }, cause }) }
  }

  return {
    read<T>(key: string): ReadResult<T> {
      if (pending.has(key)) return { value: pending.get(key) as T }
      const stored = raw.get(key)
      if (stored === undefined || stored === '') return { value: null }
      const seen = known.get(key)
      // A fresh object each read: callers may change what they get.
      if (seen?.stored === stored) return { value: JSON.parse(seen.plain) as T }
      const ahead = takePrimed(key, stored)
      if (ahead !== undefined) return parsed<T>(key, stored, ahead)
      const keys = keysOf(false)
      if (!keys) return tampered(key, stored)
      const { encKey, macKey } = keys
      const parts = stored.split('.')
      if (parts.length !== 4 || `${parts[0]}.` !== PREFIX) return tampered(key, stored)
      const [, ivHex, ct, mac] = parts
      const expected = HmacSHA256(`${key}.${ivHex}.${ct}`, macKey).toString(Hex)
      if (expected !== mac) return tampered(key, stored)
      let plain: string
      try {
        plain = AES.decrypt(ct, encKey, { iv: Hex.parse(ivHex) }).toString(Utf8)
      } catch (e) {
        return tampered(key, stored, e)
      }
      return parsed<T>(key, stored, plain)
    },
    write<T>(key: string, value: T) {
      if (randomReady() && pending.size === 0) return store(key, value)
      // No secure randomness yet: keep the value (reads see it) and store it once there is.
      pending.set(key, JSON.parse(JSON.stringify(value)) as unknown)
      flush().catch(() => undefined)
    },
    remove(key: string) {
      pending.delete(key)
      known.delete(key)
      primed?.delete(key)
      raw.remove(key)
    },
    ready: () => (pending.size > 0 ? flush() : prepareRandom().then(() => void keysOf(true))),
  }
}
