/**
 * The pass page's full view and its pull-down refresh. Mini-programs: bundled
 * with the page (no async chunks there). H5 (./passView.h5.ts): an async
 * chunk, so the first frame — the saved colour (issue 16) — needs none of its
 * code (the refresh, the verifiers, the rules engine, the QR).
 */
import type { AppDispatch } from '../../app/store'
import { passOpened, refreshPass } from '../../features/pass/passThunks'

export { PassView } from '../../features/pass/PassView'

/** Refresh the person's pass (the page's pull-down). */
export function pullRefresh(dispatch: AppDispatch, personId: string): Promise<unknown> {
  return dispatch(refreshPass({ personId }))
}

/** The page opened for the person: saved pass, refresh, forms (../../features/pass/passThunks.ts `passOpened`). */
export function openPass(dispatch: AppDispatch, personId: string): Promise<unknown> {
  return dispatch(passOpened(personId))
}

/** The full view renders at once here (no async chunk to wait for). */
export function useViewAllowed(): boolean {
  return true
}

/** H5 only (./passView.h5.ts): here the full view itself shows the current province's answer first. */
export function FreshColour(_: { personId: string }): null {
  return null
}
