/**
 * Node's native Ed25519 (OpenSSL) as a synchronous verifier for
 * src/core/ed25519Fast.ts: `useNodeEd25519()` installs it. Node only (tools,
 * bench, tests); the app never imports this file. Each key becomes a
 * `KeyObject` once (SPKI DER: a fixed 12-byte prefix and the 32-byte key).
 * ed25519Fast still decodes the key itself first, so a malformed or
 * small-order key is refused exactly as on the pure-JS path.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto'
import { configureEd25519, MAX_KEYS, type NativeVerify } from '../core/ed25519Fast'

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

/** A verifier over `crypto.verify(null, …)` with one `KeyObject` per key. */
export function nodeEd25519Verify(): NativeVerify {
  const keys = new Map<string, KeyObject>()
  return (signature, message, publicKey) => {
    const id = Buffer.from(publicKey).toString('hex')
    let key = keys.get(id)
    if (!key) {
      key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' })
      if (keys.size >= MAX_KEYS) keys.clear()
      keys.set(id, key)
    }
    return verify(null, message, key, signature)
  }
}

/** Verify with Node's native Ed25519 from now on (`configureEd25519({ native: null })` undoes it). */
export function useNodeEd25519(): void {
  configureEd25519({ native: nodeEd25519Verify() })
}
