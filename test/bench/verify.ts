/**
 * Verification (fallback for when test/bench/guard.bench.ts is absent): one
 * scanned pass through the guard's own pipeline (`checkPassForVenue`: decode,
 * verify each claim against the trust list, entry rules of the venue
 * province), against bare Ed25519 verification of the same signed bytes (one
 * noble `verify` per claim, from scratch: `verifyBare`). Also decode + verify
 * without the rules (`verifyPass`), to show where the time goes.
 */
import { performance } from 'node:perf_hooks'
import { verifyBare as verify } from '../../src/core/ed25519'
import { verifyPass } from '../../src/core/passCodec'
import { ROOT_PUBLIC_KEY } from '../../src/core/rootKey'
import { verifyRuleSet } from '../../src/core/signedRules'
import { verifyTrustList } from '../../src/core/trustList'
import { checkPassForVenue } from '../../src/features/guard/guardCheck'
import { buildDemoTrustList, demoKeyFor } from '../../mock/keys'
import { rulesFor } from '../../mock/lib/province'
import { VECTORS_T as T, typicalPass } from '../fixtures/typicalPass'
import type { BenchRow } from './types'

/**
 * Runs the functions in turn, one call each per round, for about `ms` after a
 * warm-up, so a busy machine slows them alike; per function the median call
 * (ms) and calls per second of its own time.
 */
export function measureTogether(
  fns: Array<() => void>,
  ms = 4000,
): Array<{ median: number; perSecond: number; n: number }> {
  const warmUntil = performance.now() + ms / 8
  while (performance.now() < warmUntil) for (const fn of fns) fn()
  const times: number[][] = fns.map(() => [])
  const start = performance.now()
  while (performance.now() - start < ms || times[0].length < 20) {
    fns.forEach((fn, i) => {
      const t0 = performance.now()
      fn()
      times[i].push(performance.now() - t0)
    })
  }
  return times.map((ts) => {
    const total = ts.reduce((a, x) => a + x, 0)
    const sorted = [...ts].sort((a, x) => a - x)
    return { median: sorted[Math.floor(sorted.length / 2)], perSecond: (ts.length / total) * 1000, n: ts.length }
  })
}

export async function benchVerify(): Promise<BenchRow[]> {
  const { text, claims } = typicalPass(T)
  const at = T + 60_000
  const trustList = verifyTrustList(buildDemoTrustList(T), ROOT_PUBLIC_KEY)
  const ruleSets = [verifyRuleSet(rulesFor('110000'), trustList, '110000')]
  const input = { text, trustList, ruleSets, province: '110000', at, lang: 'zh' as const }
  const check = checkPassForVenue(input)
  if (check.claims.some((c) => !c.verified))
    throw new Error(`bench pass does not verify: ${JSON.stringify(check.reasons)}`)
  const keys = [demoKeyFor('440000').publicKey, demoKeyFor('440000').publicKey, demoKeyFor('320000').publicKey]
  const [full, noRules, bare] = measureTogether([
    () => checkPassForVenue(input),
    () => verifyPass(text, trustList, at),
    () => {
      for (let i = 0; i < claims.length; i++)
        if (!verify(claims[i].sig, claims[i].bytes, keys[i])) throw new Error('bad sig')
    },
  ])
  const ref = `bare Ed25519 ×${claims.length}: ${bare.median.toFixed(2)} ms, ${bare.perSecond.toFixed(0)}/s`
  return [
    { name: 'verify.pass.median', value: full.median, unit: 'ms', ratio: full.median / bare.median, reference: ref },
    {
      name: 'verify.pass.decodeVerifyOnly.median',
      value: noRules.median,
      unit: 'ms',
      ratio: noRules.median / bare.median,
      reference: ref,
    },
    {
      name: 'verify.pass.throughput',
      value: full.perSecond,
      unit: 'passes/s',
      ratio: full.perSecond / bare.perSecond,
      reference: ref,
    },
  ]
}
