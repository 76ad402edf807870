import { PRIMED_GLOBAL, type PrimedRead } from './storageKeys'

/**
 * H5: what the boot shell checked and decrypted ahead (src/boot/primeReads.ts), taken off the window once by the
 * app's storage (it may still be filling: the map is shared).
 */
export function takePrimedReads(): Map<string, PrimedRead> | undefined {
  const w = globalThis as unknown as Record<string, unknown>
  const primed = w[PRIMED_GLOBAL]
  delete w[PRIMED_GLOBAL]
  return primed instanceof Map ? (primed as Map<string, PrimedRead>) : undefined
}
