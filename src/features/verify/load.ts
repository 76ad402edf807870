/**
 * The verifiers the start slices' thunks use (national: itinerary and
 * risk-area lists; check-in: place-codes) — Ed25519, claims, schemas. Bundled
 * with the app on mini-programs and in tests; on H5 (./load.h5.ts) an async
 * chunk, so the first frame loads none of it (issue 16). Thunks await it.
 */
import * as code from './code'

export type Verifiers = typeof code

export function loadVerifiers(): Promise<Verifiers> {
  return Promise.resolve(code)
}
