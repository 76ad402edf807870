import SHA256 from 'crypto-js/sha256'
import Hex from 'crypto-js/enc-hex'

let counter = 0

/**
 * Random bytes as hex. Uses `crypto.getRandomValues` where the runtime has it
 * (H5, newer mini-program base libraries); mini-program runtimes without it
 * fall back to hashing several `Math.random` draws with time and a counter,
 * which keeps IVs unique and keys unpredictable enough for at-rest obfuscation.
 */
export function randomHex(bytes: number): string {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (c?.getRandomValues) {
    const a = c.getRandomValues(new Uint8Array(bytes))
    return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('')
  }
  let out = ''
  while (out.length < bytes * 2) {
    counter += 1
    const seed = `${Math.random()}:${Math.random()}:${Date.now()}:${counter}:${out}`
    out += SHA256(seed).toString(Hex)
  }
  return out.slice(0, bytes * 2)
}
