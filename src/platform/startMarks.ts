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

export function markStart(name: StartMark): void {
  if (marked.has(name)) return
  marked.add(name)
  const perf = (globalThis as { performance?: { mark?: (n: string) => unknown } }).performance
  try {
    perf?.mark?.(name)
  } catch {
    // A runtime whose performance object lacks User Timing: nothing to mark.
  }
}
