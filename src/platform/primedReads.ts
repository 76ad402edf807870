import type { PrimedRead } from './storageKeys'

/** Mini-programs (and the tests): no boot shell, so nothing was read ahead (./primedReads.h5.ts). */
export function takePrimedReads(): Map<string, PrimedRead> | undefined {
  return undefined
}
