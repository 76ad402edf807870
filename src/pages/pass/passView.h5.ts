/**
 * H5: the pass page's full view (the QR, every province row, verdicts, rules)
 * is an async chunk, fetched once the first frame — the saved colour — is on
 * screen (issue 16), alongside the services chunk rather than after it; the
 * page shows the saved colour while it loads.
 */
import { lazy } from 'react'
import type { AppDispatch } from '../../app/store'
import { afterFirstFrame } from '../../platform/firstFrame'
import { passOpenerReady } from '../../app/passOpener'

const load = () =>
  import(/* webpackChunkName: "pass-view" */ '../../features/pass/PassView').then((m) => ({ default: m.PassView }))

afterFirstFrame(() => {
  load().catch(() => {
    // Fetched again when the view first renders (and fails there visibly if it must).
  })
})

export const PassView = lazy(load)

/** Refresh the person's pass (the page's pull-down): the refresh's code comes with the view's chunk. */
export function pullRefresh(dispatch: AppDispatch, personId: string): Promise<unknown> {
  return import(/* webpackChunkName: "pass-view" */ '../../features/pass/passThunks').then((m) =>
    dispatch(m.refreshPass({ personId })),
  )
}

/**
 * The page opened for the person (saved pass, refresh, forms), once the refresh's code is there: dispatched before
 * the full view renders, so the current province is asked first (issue 16).
 */
export function openPass(dispatch: AppDispatch, personId: string): Promise<unknown> {
  return import(/* webpackChunkName: "pass-view" */ '../../features/pass/passThunks').then((m) =>
    dispatch(m.passOpened(personId)),
  )
}

// A cold start: the app opens the pass as soon as it knows who is signed in (src/app/passOpener.ts).
passOpenerReady(openPass)
