/**
 * The app's clock. Validity uses server time when the device clock is
 * skewed. Every answer (each province, the trust list, the rules) carries a
 * `Date` header; each source's latest offset is one vote, so one source
 * repeating itself counts once. The estimate is the median of the votes that
 * agree (within {@link AGREE_MS}) when they are a strict majority; without a
 * majority (two sources that disagree) it is the group nearest the device
 * clock, so a single lying header can never move the clock away from what
 * the device and an honest server say.
 *
 * Within a run, time advances on a monotonic clock from the last estimate,
 * so changing the device clock does not change verdicts. The estimate and
 * the last server-corrected time are saved (see {@link ClockMemory}), so an
 * offline guard after a restart still judges on corrected time, and a device
 * clock set back while the app was closed cannot take time back before what
 * a server last said.
 */
export interface Clock {
  /** Server-corrected epoch ms. */
  now(): number
  /** Device clock minus server clock, in ms (positive: device runs ahead). */
  skewMs(): number
  /**
   * Record one observation of the server's time (epoch ms) at device time
   * `deviceAt`, from `source` (e.g. the base URL; one vote per source; without
   * a source every observation is its own vote).
   */
  observe(serverAt: number, deviceAt?: number, source?: string): void
  /** True when the device clock is off server time (beyond {@link SKEW_THRESHOLD_MS}) or was set back. */
  deviceOff?(): boolean
  /** Keep what the clock learns in `memory`, and restore from it unless it has already heard a server. */
  remember?(memory: ClockMemory): void
}

/** Skews below this are noise (network latency, seconds granularity of `Date`). */
export const SKEW_THRESHOLD_MS = 2 * 60 * 1000
/** Offsets closer than this are the same vote (latency, `Date`'s whole seconds). */
export const AGREE_MS = 30_000

/** Where the clock keeps what it learned across restarts (encrypted storage in the app). */
export interface ClockMemory {
  read(): { skewMs: number; lastServerAt: number } | null | undefined
  write(value: { skewMs: number; lastServerAt: number }): void
}

export interface ClockOptions {
  /** Most sources kept. @default 9 */
  window?: number
  /** A monotonic ms counter (`performance.now`). @default the device clock (tests) */
  mono?: () => number
  memory?: ClockMemory
}

/** The median of the largest group of agreeing offsets, or of the group nearest 0 when no group is a majority. */
export function robustOffset(offsets: readonly number[]): number {
  if (!offsets.length) return 0
  const sorted = [...offsets].sort((a, b) => a - b)
  const groups: number[][] = []
  for (let i = 0; i < sorted.length; i++) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] - sorted[i] <= AGREE_MS) j++
    groups.push(sorted.slice(i, j + 1))
  }
  const median = (g: number[]): number => g[Math.floor((g.length - 1) / 2)]
  const biggest = groups.reduce((a, b) => (b.length > a.length ? b : a))
  if (biggest.length * 2 > sorted.length) return median(biggest)
  return groups.map(median).reduce((a, b) => (Math.abs(b) < Math.abs(a) ? b : a))
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n)

export function createClock(deviceNow: () => number = Date.now, options: number | ClockOptions = {}): Required<Clock> {
  const opts: ClockOptions = typeof options === 'number' ? { window: options } : options
  const window = opts.window ?? 9
  const mono = opts.mono ?? deviceNow
  const votes = new Map<string, number>()
  let skew = 0
  /** Server-corrected time at `anchor.mono`. */
  let anchor: { server: number; mono: number } | null = null
  let setBack = false
  let anonymous = 0

  let memory = opts.memory
  const restore = (): void => {
    let saved: ReturnType<ClockMemory['read']> = null
    try {
      const v = memory?.read()
      saved = v && finite(v.skewMs) && finite(v.lastServerAt) ? v : null
    } catch {
      saved = null
    }
    if (!saved) return
    skew = saved.skewMs
    // The device clock went back while the app was closed: never before what a server said.
    if (deviceNow() - skew < saved.lastServerAt - AGREE_MS) {
      setBack = true
      anchor = { server: saved.lastServerAt, mono: mono() }
    }
  }
  restore()

  // Whole milliseconds, like Date.now(): `performance.now()` is fractional, and epoch times are integers everywhere.
  const now = (): number => Math.floor(anchor ? anchor.server + (mono() - anchor.mono) : deviceNow() - skew)
  let savedAs: { skewMs: number; lastServerAt: number } | null = null
  const save = (): void => {
    const value = { skewMs: skew, lastServerAt: now() }
    // One write per change of estimate, or per minute of server time: 31 answers in a burst write once.
    if (savedAs && savedAs.skewMs === value.skewMs && value.lastServerAt - savedAs.lastServerAt < 60_000) return
    try {
      memory?.write(value)
      savedAs = value
    } catch {
      // Saving is best effort: the estimate in memory still holds.
    }
  }
  return {
    now,
    skewMs: () => skew,
    deviceOff: () => setBack || Math.abs(skew) >= SKEW_THRESHOLD_MS || Math.abs(deviceNow() - now() - skew) > AGREE_MS,
    observe(serverAt, deviceAt = deviceNow(), source = `#${anonymous++}`) {
      if (!finite(serverAt) || !finite(deviceAt)) return
      votes.delete(source)
      votes.set(source, deviceAt - serverAt)
      while (votes.size > window) votes.delete(votes.keys().next().value as string)
      const estimate = robustOffset([...votes.values()])
      skew = Math.abs(estimate) >= SKEW_THRESHOLD_MS ? estimate : 0
      setBack = false
      anchor = opts.mono ? { server: deviceNow() - skew, mono: mono() } : null
      save()
    },
    remember(m) {
      memory = m
      if (!votes.size) restore()
    },
  }
}

const monotonic = (): number =>
  typeof performance !== 'undefined' && typeof performance.now === 'function' ? performance.now() : Date.now()

/** The one clock the app uses (its memory is attached by the app services). */
export const appClock = createClock(Date.now, { mono: monotonic })
