/**
 * Start-up marks: `performance.mark(name)` the first time each start-up step
 * happens, where the runtime has User Timing (H5, Node); a no-op elsewhere
 * (mini-programs). The start bench (test/bench/start.ts) reads them for its
 * breakdown. Later refreshes do not mark again: only the start counts.
 */
export type StartMark =
  | 'np:boot'
  | 'np:storage-read'
  | 'np:first-frame'
  | 'np:first-verified-colour'
  | 'np:refresh-done'
  | 'np:pass-read'

const marked = new Set<StartMark>()

/** The marks that end the start: a verified colour is on screen, or the refresh is over without one. */
const ENDS_START: ReadonlySet<StartMark> = new Set(['np:first-verified-colour', 'np:refresh-done'])
let over = false
const afterIt: Array<() => void> = []

/**
 * Run `fn` once the start is over (a verified colour shown, the refresh done, or `startOver()` called): work that
 * can wait — the H5 service worker's registration — must not take the main thread while a cold start waits for its
 * first answer (issue 16).
 */
export function afterStart(fn: () => void): void {
  if (over && afterIt.length === 0) fn()
  else afterIt.push(fn)
}

/**
 * The start is over: what waited for it runs, in order, in a task of its own (the first verified colour is marked
 * in the frame that paints it, and must not wait for that work).
 */
export function startOver(): void {
  if (over) return
  over = true
  setTimeout(() => {
    for (const fn of afterIt.splice(0)) fn()
  }, 0)
}

export function markStart(name: StartMark): void {
  if (marked.has(name)) return
  marked.add(name)
  if (ENDS_START.has(name)) startOver()
  const perf = (globalThis as { performance?: { mark?: (n: string) => unknown } }).performance
  try {
    perf?.mark?.(name)
  } catch {
    // A runtime whose performance object lacks User Timing: nothing to mark.
  }
}
