/**
 * WeChat: the pass page's full view (the QR, every province row, verdicts,
 * rules) and its refresh are in the `lazy` subpackage (issue 16;
 * src/app/lazyCode.ts), downloaded once the first frame — the saved colour —
 * is on screen. The view renders once the person is restored, which itself
 * waits for that package, so it is there by then; the page shows the saved
 * colour meanwhile.
 */
import { lazy } from 'react'
import type { AppDispatch } from '../../app/store'
import { lazyCodeReady } from '../../app/lazyCode'

export const PassView = lazy(() => lazyCodeReady().then((code) => ({ default: code.PassView })))

/** Refresh the person's pass (the page's pull-down), once the refresh's code is there. */
export function pullRefresh(dispatch: AppDispatch, personId: string): Promise<unknown> {
  return lazyCodeReady().then((code) => dispatch(code.refreshPass({ personId })))
}

/** The page opened for the person (saved pass, refresh, forms), once the refresh's code is there. */
export function openPass(dispatch: AppDispatch, personId: string): Promise<unknown> {
  return lazyCodeReady().then((code) => dispatch(code.passOpened(personId)))
}

/** The full view renders at once here (no async chunk to wait for). */
export function useViewAllowed(): boolean {
  return true
}

/** H5 only (./passView.h5.ts): here the full view itself shows the current province's answer first. */
export function FreshColour(_: { personId: string }): null {
  return null
}
