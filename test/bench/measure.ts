/** Timing helpers shared by the bench pieces. */
import { performance } from 'node:perf_hooks'

/** The median of `xs` (the mean of the middle two for an even count). */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/**
 * Runs `run` `warmUp` times, then `iterations` times timed one by one: the
 * median call (ms) and calls per second over the timed loop.
 */
export function measure(
  run: () => void,
  { iterations, warmUp }: { iterations: number; warmUp: number },
): { median: number; perSecond: number } {
  for (let i = 0; i < warmUp; i++) run()
  const times: number[] = []
  const start = performance.now()
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now()
    run()
    times.push(performance.now() - t0)
  }
  const total = performance.now() - start
  return { median: median(times), perSecond: (iterations / total) * 1000 }
}
