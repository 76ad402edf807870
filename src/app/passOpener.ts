/**
 * A cold start on the pass page (H5, issue 16): the pass is opened — the
 * current province asked — as soon as both who is signed in is known (the app,
 * src/app.ts) and the pass page's code is there (src/pages/pass/passView.h5.ts),
 * whichever comes last, rather than after the page's first render and its
 * effect. The page's own opening then shares the one under way (`passOpened`).
 * The app's entry cannot import the refresh's code itself: webpack would copy
 * the page's modules into that chunk.
 */
import type { AppDispatch } from './store'

type Open = (dispatch: AppDispatch, personId: string) => Promise<unknown>

let opener: Open | undefined
let waiting: { dispatch: AppDispatch; personId: string } | undefined

function run(open: Open, dispatch: AppDispatch, personId: string): void {
  // A failure (its code could not load) is the page's to show: it opens the pass itself and says why it cannot.
  void open(dispatch, personId).catch(() => undefined)
}

/** The pass page's code is loaded: `open` opens a person's pass (and a person who waited for it, now). */
export function passOpenerReady(open: Open): void {
  opener = open
  const w = waiting
  waiting = undefined
  if (w) run(open, w.dispatch, w.personId)
}

/** Open the person's pass now, or once the pass page's code is there. */
export function openPassWhenReady(dispatch: AppDispatch, personId: string): void {
  if (opener) run(opener, dispatch, personId)
  else waiting = { dispatch, personId }
}
