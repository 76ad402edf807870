/**
 * Keeps the check-in queue moving: after every flush that leaves check-ins
 * waiting, one timer fires when the earliest is due. `stop()` for tests and
 * page teardown.
 */
import type { AppStore } from '../../app/store'
import { flushCheckIns } from './checkinSlice'

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
    const next = pending.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...pending.map((p) => p.nextAttemptAt))
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
