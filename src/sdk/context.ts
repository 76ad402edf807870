/**
 * The pieces of a plugin's `ctx` that do not depend on the call: crypto
 * (crypto-js submodules + Ed25519) and the redacting structured log.
 */
import AES from 'crypto-js/aes'
import Hex from 'crypto-js/enc-hex'
import Utf8 from 'crypto-js/enc-utf8'
import HmacSHA256 from 'crypto-js/hmac-sha256'
import SHA256 from 'crypto-js/sha256'
import { base64urlDecode } from '../core/bytes'
import { verify as ed25519Verify } from '../core/ed25519'
import type { Identity } from '../core/model'
import { createRedactor } from './redact'
import type { PluginCrypto, PluginLog } from './types'

/** Random bytes; the platform supplies one where `globalThis.crypto` is missing (mini-programs). */
export type RandomBytes = (length: number) => Uint8Array

/** Web Crypto's random source, present in Node ≥ 19, browsers and H5. */
export const webRandomBytes: RandomBytes = (length) => {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (!c?.getRandomValues) throw new Error('No secure random source: pass randomBytes to createHost')
  return c.getRandomValues(new Uint8Array(length))
}

/** `PluginCrypto` over crypto-js and `src/core/ed25519.ts`. */
export function createPluginCrypto(randomBytes: RandomBytes = webRandomBytes): PluginCrypto {
  return {
    hmacSha256Hex: (key, message) => HmacSHA256(message, key).toString(Hex),
    sha256Hex: (message) => SHA256(message).toString(Hex),
    aesEncrypt: (plaintext, keyHex, ivHex) =>
      AES.encrypt(Utf8.parse(plaintext), Hex.parse(keyHex), { iv: Hex.parse(ivHex) }).toString(),
    aesDecrypt: (ciphertextBase64, keyHex, ivHex) => {
      const words = AES.decrypt(ciphertextBase64, Hex.parse(keyHex), { iv: Hex.parse(ivHex) })
      // crypto-js yields garbage or an empty result for a wrong key instead of failing; make that an error.
      if (words.sigBytes <= 0 && ciphertextBase64.length > 0) throw new Error('AES ciphertext does not decrypt')
      return Utf8.stringify(words)
    },
    ed25519Verify: (signatureB64url, message, publicKeyB64url) => {
      try {
        return ed25519Verify(base64urlDecode(signatureB64url), message, base64urlDecode(publicKeyB64url))
      } catch {
        // Malformed base64url is a failed verification by contract, never an exception.
        return false
      }
    },
    nonce: (bytes = 16) => Array.from(randomBytes(bytes), (b) => b.toString(16).padStart(2, '0')).join(''),
  }
}

/** One structured log entry, already redacted. */
export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error'
  /** Plugin id, or `host` for the host's own entries. */
  plugin: string
  hook?: string
  message: string
  fields: Record<string, string | number | boolean>
  at: number
}

/** Where log entries go (console in development, a ring buffer in the app, an array in tests). */
export type LogSink = (entry: LogEntry) => void

/**
 * A `PluginLog` that redacts ID numbers, phone numbers and names (pattern
 * rules plus the call's known identity) in messages and field values.
 */
export function createPluginLog(
  sink: LogSink,
  origin: { plugin: string; hook?: string },
  now: () => number,
  identity?: Partial<Identity>,
): PluginLog & { error: PluginLog['warn'] } {
  // Built at the first entry: most calls log nothing, and building it (the identity's patterns) took ~1 ms a call on a
  // cold start's path, three calls before the first request (issue 16).
  let built: ReturnType<typeof createRedactor> | undefined
  const emit =
    (level: LogEntry['level']) =>
    (message: string, fields: Record<string, string | number | boolean> = {}): void => {
      built ??= createRedactor(identity)
      const redactor = built
      const clean: Record<string, string | number | boolean> = {}
      for (const [key, value] of Object.entries(fields)) clean[key] = redactor.field(key, value)
      sink({
        level,
        plugin: origin.plugin,
        hook: origin.hook,
        message: redactor.text(String(message)),
        fields: clean,
        at: now(),
      })
    }
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') }
}
