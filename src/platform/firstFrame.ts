/**
 * After the first frame (issue 16): start-up work that the first frame does
 * not need — the other storage decrypts, the refresh, the timers — waits until
 * a page has painted once. The page frame (src/components/Screen.tsx) calls
 * `firstFrameShown()` after its first paint; `afterFirstFrame(fn)` runs `fn`
 * then (at once, later in the session). A page that never paints (an error)
 * must not leave the app unrestored: the work then starts after FALLBACK_MS.
 */
import { dropBootShell } from './bootShell'
import { markStart } from './startMarks'

const FALLBACK_MS = 2000
const waiting: Array<() => void> = []
let shown = false
/** Nothing saved to show first (`noSavedFrame`): what waits for the first frame runs at once. */
let released = false
let fallback: ReturnType<typeof setTimeout> | undefined

/** Run `fn` once the first frame has been painted. */
export function afterFirstFrame(fn: () => void): void {
  if (shown || released) {
    fn()
    return
  }
  waiting.push(fn)
  fallback ??= setTimeout(firstFrameShown, FALLBACK_MS)
}

/**
 * Nothing saved to paint first (a cold start: no saved colour on the device): the first frame would show only the
 * page's frame while the traveller waits for a province's answer, so the work that waits for it (the services' and
 * the view's code, who is signed in, the refresh) starts now instead, during the first render's idle time. The
 * first frame is still marked (and the boot shell dropped) when a page paints.
 */
export function noSavedFrame(): void {
  if (released || shown) return
  released = true
  for (const fn of waiting.splice(0)) fn()
}

/** A page painted its first frame: run what waited for it, in order. */
export function firstFrameShown(): void {
  if (shown) return
  shown = true
  if (fallback !== undefined) clearTimeout(fallback)
  markStart('np:first-frame')
  // A first frame that came from the fallback (no page painted): the boot shell must not outlive it.
  dropBootShell()
  for (const fn of waiting.splice(0)) fn()
}

/**
 * `fn` after the next paint: where the runtime has frames (H5), a task queued
 * from the next animation frame runs once that frame is painted; elsewhere
 * (mini-programs, whose render goes through setData anyway), the next task.
 */
export function afterNextPaint(fn: () => void): void {
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => unknown }).requestAnimationFrame
  if (raf) raf(() => setTimeout(fn, 0))
  else setTimeout(fn, 0)
}
