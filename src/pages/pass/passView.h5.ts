/**
 * H5: the pass page's code in async chunks (issue 16).
 *
 * - **services** (with the app's services, src/app/serviceLoader.h5.ts): the
 *   refresh (its thunks) and `FreshColour`, the current province's answer on
 *   its own. A cold start needs them at once: it asks the current province as
 *   soon as the services are made and shows its colour the moment it is
 *   verified; a chunk of their own was evaluated only after the page's first
 *   render (~100 ms later).
 * - **pass-view**: the full view (the QR, every authority, verdicts, rules).
 *   Fetched and rendered once the start is over (`afterStart`: a verified
 *   colour on screen — the saved one on a warm start, the current province's
 *   fresh one on a cold start — or the current province answered otherwise,
 *   or the refresh done, or 3 s after the first frame), so its code and its
 *   long first render never stand between a cold start and its first colour.
 *
 * The page shows the saved colour and the fresh answer meanwhile.
 */
import { createElement, lazy, useEffect, useState } from 'react'
import type { AppDispatch } from '../../app/store'
import { passOpenerReady } from '../../app/passOpener'
import { afterStart } from '../../platform/startMarks'

const load = () =>
  import(/* webpackChunkName: "pass-view" */ '../../features/pass/PassView').then((m) => ({ default: m.PassView }))

let started = false
afterStart(() => {
  started = true
  load().catch(() => {
    // Fetched again when the view first renders (and fails there visibly if it must).
  })
})

export const PassView = lazy(load)

/** Whether the page may render the full view yet: once the start is over (see above). */
export function useViewAllowed(): boolean {
  const [allowed, setAllowed] = useState(started)
  useEffect(() => {
    if (!allowed) afterStart(() => setAllowed(true))
  }, [allowed])
  return allowed
}

const LazyFresh = lazy(() => import(/* webpackChunkName: "services" */ '../../features/pass/FreshColour'))

/** The current province's fresh answer, before the full view (../../features/pass/FreshColour.tsx). */
export function FreshColour({ personId }: { personId: string }) {
  return createElement(LazyFresh, { personId })
}

const thunks = () => import(/* webpackChunkName: "services" */ '../../features/pass/passThunks')

/** Refresh the person's pass (the page's pull-down). */
export function pullRefresh(dispatch: AppDispatch, personId: string): Promise<unknown> {
  return thunks().then((m) => dispatch(m.refreshPass({ personId })))
}

/**
 * The page opened for the person (saved pass, refresh, forms), once the refresh's code is there: dispatched before
 * the full view renders, so the current province is asked first (issue 16).
 */
export function openPass(dispatch: AppDispatch, personId: string): Promise<unknown> {
  return thunks().then((m) => dispatch(m.passOpened(personId)))
}

// A cold start: the app opens the pass as soon as it knows who is signed in (src/app/passOpener.ts).
passOpenerReady(openPass)
