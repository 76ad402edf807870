/**
 * Keeps the check-in queue moving: after every flush that leaves check-ins
 * waiting, one timer fires when the earliest is due. `stop()` for tests and
 * page teardown.
 */
import type { AppStore } from '../../app/store'
import { flushCheckIns } from './checkinSlice'
import { RETRY_BASE_MS } from './queue'

export interface RetryTimers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export function startCheckInRetries(
  store: AppStore,
  now: () => number,
  timers: RetryTimers = globalThis as unknown as RetryTimers,
): { stop(): void } {
  let handle: unknown = null
  let dueAt = Number.POSITIVE_INFINITY
  let stopped = false
  const schedule = () => {
    if (stopped) return
    const { pending } = store.getState().checkin
    // A retry time that is not a number waits the first backoff: never a zero-delay loop.
    const at = (p: (typeof pending)[number]): number =>
      Number.isFinite(p.nextAttemptAt) ? p.nextAttemptAt : now() + RETRY_BASE_MS
    const next = pending.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...pending.map(at))
    if (next === dueAt) return
    if (handle !== null) timers.clearTimeout(handle)
    handle = null
    dueAt = next
    if (next === Number.POSITIVE_INFINITY) return
    handle = timers.setTimeout(
      () => {
        handle = null
        dueAt = Number.POSITIVE_INFINITY
        void store.dispatch(flushCheckIns())
      },
      Math.max(0, next - now()),
    )
  }
  const unsubscribe = store.subscribe(schedule)
  schedule()
  return {
    stop() {
      stopped = true
      unsubscribe()
      if (handle !== null) timers.clearTimeout(handle)
    },
  }
}
