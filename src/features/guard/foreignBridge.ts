/**
 * Hand-off between the guard (main package) and the foreign verifier (loaded
 * on demand). Types only plus one pending slot: nothing here pulls the
 * verifier's code into the main package.
 */
import type { ForeignCheckInput, ForeignGuardResult, ForeignSummary } from './foreignCheck'

export type { ForeignCheckInput, ForeignGuardResult, ForeignSummary }

/** True for the texts the foreign verifier reads: an EU DCC (`HC1:`) or a SMART Health Card (`shc:/`). */
export function isForeignText(text: string): boolean {
  return /^(HC\d:|shc:\/)/i.test(text.trim())
}

interface Pending {
  input: ForeignCheckInput
  resolve: (r: ForeignGuardResult) => void
  reject: (e: unknown) => void
}

let pending: Pending | null = null

/** Mini-programs: the guard leaves one check for the verifier page. */
export function handOff(p: Pending): void {
  pending?.reject(new Error('superseded by a newer scan'))
  pending = p
}

/** The verifier page takes the check it was opened for (once). */
export function takeHandOff(): Pending | null {
  const p = pending
  pending = null
  return p
}
