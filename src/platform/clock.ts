/**
 * The app's clock. Validity uses server time when the device clock is skewed:
 * every province answer carries a `Date` header, and the skew estimate is the
 * median of recent differences, so one slow answer cannot move it far.
 */
export interface Clock {
  /** Server-corrected epoch ms. */
  now(): number
  /** Device clock minus server clock, in ms (positive: device runs ahead). */
  skewMs(): number
  /** Record one observation of the server's time (epoch ms) at device time `deviceAt`. */
  observe(serverAt: number, deviceAt?: number): void
}

/** Skews below this are noise (network latency, seconds granularity of `Date`). */
export const SKEW_THRESHOLD_MS = 2 * 60 * 1000

export function createClock(deviceNow: () => number = Date.now, window = 9): Clock {
  const samples: number[] = []
  let skew = 0
  return {
    now: () => deviceNow() - skew,
    skewMs: () => skew,
    observe(serverAt, deviceAt = deviceNow()) {
      if (!Number.isFinite(serverAt)) return
      samples.push(deviceAt - serverAt)
      if (samples.length > window) samples.shift()
      const sorted = [...samples].sort((a, b) => a - b)
      const median = sorted[Math.floor(sorted.length / 2)]
      skew = Math.abs(median) >= SKEW_THRESHOLD_MS ? median : 0
    },
  }
}

/** The one clock the app uses. */
export const appClock = createClock()
