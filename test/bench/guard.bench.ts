/**
 * Guard-mode benchmark: one scanned pass (green Guangdong code, PCR, vaccination)
 * through decode + verify every claim against the trust list + Guangdong's
 * entry rules, versus a bare Ed25519 verification of the same pass's first
 * signed claim (noble's own `verify`, from scratch: `verifyBare`), measured in
 * the same run. No assertions.
 *
 * Then each verification option (issue 16), run interleaved so a busy
 * machine slows them alike: noble as before (no key cache), per-key
 * precomputed points (src/core/ed25519Fast.ts: what the mini-programs run,
 * having no `crypto.subtle`), Node's synchronous native Ed25519, and the
 * runtime's WebCrypto Ed25519 through the async entry
 * (`checkPassForVenueAsync`, src/core/ed25519Async.ts: what the guard page
 * ships, in Chromium and in Node 20 alike; its claims verified concurrently).
 * Per option: one verify and one whole pass as ratios to one bare verify, and
 * passes/s. The headline rows above measure what the guard page runs.
 */
import { performance } from 'node:perf_hooks'
import { buildDemoTrustList } from '../../mock/keys'
import { rulesFor } from '../../mock/lib/province'
import { verify, verifyBare } from '../../src/core/ed25519'
import { asyncEd25519Path, resetAsyncEd25519, verifyAsync } from '../../src/core/ed25519Async'
import { configureEd25519, type Ed25519Options } from '../../src/core/ed25519Fast'
import { nodeEd25519Verify } from '../../src/platform/ed25519Node'
import { ROOT_PUBLIC_KEY } from '../../src/core/rootKey'
import { verifyRuleSet } from '../../src/core/signedRules'
import { findKey, publicKeyBytes, verifyTrustList } from '../../src/core/trustList'
import { checkPassForVenue, checkPassForVenueAsync } from '../../src/features/guard/guardCheck'
import { DAY, typicalPass } from '../fixtures/typicalPass'
import { measure, median } from './measure'
import type { BenchRow } from './types'
import { measureTogether } from './verify'

const RUNS = { iterations: 2000, warmUp: 200 }

/** Median decode+verify+rules per pass, verifications/s, bare Ed25519 verify of the same bytes, and the ratio. */
export async function benchGuard(): Promise<BenchRow[]> {
  const at = Date.UTC(2026, 10, 26, 2, 0, 0)
  const trust = verifyTrustList(buildDemoTrustList(at), ROOT_PUBLIC_KEY)
  const ruleSets = [verifyRuleSet(rulesFor('440000'), trust, '440000')]
  const { text, claims } = typicalPass(at, {
    codeAge: 60_000,
    sampleId: '440106261125000123',
    vaccinatedAt: at - 300 * DAY,
  })
  const first = claims[0]
  const pub = publicKeyBytes(findKey(trust, 'gd1'))
  const input = { text, trustList: trust, ruleSets, province: '440000', at, lang: 'zh' as const }
  resetAsyncEd25519()
  const shipped = await asyncEd25519Path()
  const verdict = (await checkPassForVenueAsync(input)).outcome
  // What the guard page runs: the async entry (WebCrypto where the runtime has it).
  const guard = await measureAsync(() => checkPassForVenueAsync(input), RUNS)
  const bare = measure(() => verifyBare(first.sig, first.bytes, pub), RUNS)
  return [
    {
      name: `guard.decodeVerifyRules.median (3 claims, ${text.length} chars, verdict ${verdict}, as shipped: ${shipped})`,
      value: guard.median * 1000,
      unit: 'µs',
    },
    { name: 'guard.verifications.throughput', value: guard.perSecond, unit: 'passes/s' },
    { name: 'guard.ed25519.verify.median (one claim, same bytes)', value: bare.median * 1000, unit: 'µs' },
    { name: 'guard.ed25519.verify.throughput', value: bare.perSecond, unit: 'verifies/s' },
    { name: 'guard.ratio (pass median / one bare verify median)', value: guard.median / bare.median, unit: 'x' },
    ...(await options(
      () => checkPassForVenue(input),
      () => checkPassForVenueAsync(input),
      first,
      pub,
    )),
  ]
}

/** `measure` for an async function: each call awaited before the next. */
async function measureAsync(
  run: () => Promise<unknown>,
  { iterations, warmUp }: { iterations: number; warmUp: number },
): Promise<{ median: number; perSecond: number }> {
  for (let i = 0; i < warmUp; i++) await run()
  const times: number[] = []
  const start = performance.now()
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now()
    await run()
    times.push(performance.now() - t0)
  }
  return { median: median(times), perSecond: (iterations / (performance.now() - start)) * 1000 }
}

const OPTIONS: Array<[string, Partial<Ed25519Options>]> = [
  ['noble', { precompute: false, native: null }],
  ['precomputedKeys', { precompute: true, native: null }],
  ['nodeNative', { precompute: true, native: nodeEd25519Verify() }],
]

/**
 * One verify and one pass under each option, interleaved with one bare verify
 * (the sync options by `measureTogether`, then the async one in rounds with a
 * bare verify beside it); the shipped option restored after.
 */
async function options(
  pass: () => unknown,
  passAsync: () => Promise<unknown>,
  claim: { sig: Uint8Array; bytes: Uint8Array },
  pub: Uint8Array,
): Promise<BenchRow[]> {
  const one = () => {
    if (!verify(claim.sig, claim.bytes, pub)) throw new Error('bench claim does not verify')
  }
  const fns: Array<() => void> = [() => verifyBare(claim.sig, claim.bytes, pub)]
  for (const [, o] of OPTIONS) {
    fns.push(() => {
      configureEd25519(o)
      one()
    })
    fns.push(() => {
      configureEd25519(o)
      pass()
    })
  }
  let results: ReturnType<typeof measureTogether>
  try {
    results = measureTogether(fns, 6000)
  } finally {
    configureEd25519({ precompute: true, native: null })
  }
  const [bare, ...rest] = results
  const ref = `one bare Ed25519 verify (noble, from scratch) ${(bare.median * 1000).toFixed(0)} µs, ${bare.perSecond.toFixed(0)}/s`
  const web = await webcryptoRows(passAsync, claim, pub)
  return [
    ...syncRows(rest, bare, ref),
    ...(web ?? [
      {
        name: 'guard.option.webcrypto',
        value: Number.NaN,
        unit: 'µs',
        note: 'this runtime has no WebCrypto Ed25519: the async entry runs the precomputed path',
      },
    ]),
  ]
}

type Timed = { median: number; perSecond: number }

function syncRows(rest: Timed[], bare: Timed, ref: string): BenchRow[] {
  return OPTIONS.flatMap(([name], i) => {
    const v = rest[2 * i]
    const p = rest[2 * i + 1]
    return [
      {
        name: `guard.option.${name}.verify`,
        value: v.median * 1000,
        unit: 'µs',
        ratio: v.median / bare.median,
        reference: ref,
      },
      {
        name: `guard.option.${name}.pass`,
        value: p.median * 1000,
        unit: 'µs',
        ratio: p.median / bare.median,
        reference: ref,
      },
      { name: `guard.option.${name}.throughput`, value: p.perSecond, unit: 'passes/s' },
    ]
  })
}

/**
 * The async entry with WebCrypto: rounds of one bare verify, one async verify
 * and one async pass (each awaited), for about 4 s, so the ratios share the
 * machine's load. Null when the runtime has no WebCrypto Ed25519.
 */
async function webcryptoRows(
  passAsync: () => Promise<unknown>,
  claim: { sig: Uint8Array; bytes: Uint8Array },
  pub: Uint8Array,
): Promise<BenchRow[] | null> {
  resetAsyncEd25519()
  if ((await asyncEd25519Path()) !== 'webcrypto') return null
  const one = async () => {
    if (!(await verifyAsync(claim.sig, claim.bytes, pub))) throw new Error('bench claim does not verify')
  }
  const times: number[][] = [[], [], []]
  const fns: Array<() => unknown> = [() => verifyBare(claim.sig, claim.bytes, pub), one, passAsync]
  const round = async (record: boolean) => {
    for (let i = 0; i < fns.length; i++) {
      const t0 = performance.now()
      await fns[i]()
      if (record) times[i].push(performance.now() - t0)
    }
  }
  const warmUntil = performance.now() + 500
  while (performance.now() < warmUntil) await round(false)
  const start = performance.now()
  while (performance.now() - start < 4000 || times[0].length < 20) await round(true)
  const [bare, v, p] = times.map(
    (ts): Timed => ({
      median: median(ts),
      perSecond: (ts.length / ts.reduce((a, x) => a + x, 0)) * 1000,
    }),
  )
  const ref = `one bare Ed25519 verify (noble, from scratch) ${(bare.median * 1000).toFixed(0)} µs, ${bare.perSecond.toFixed(0)}/s`
  return [
    {
      name: 'guard.option.webcrypto.verify',
      value: v.median * 1000,
      unit: 'µs',
      ratio: v.median / bare.median,
      reference: ref,
    },
    {
      name: 'guard.option.webcrypto.pass',
      value: p.median * 1000,
      unit: 'µs',
      ratio: p.median / bare.median,
      reference: ref,
    },
    { name: 'guard.option.webcrypto.throughput', value: p.perSecond, unit: 'passes/s' },
  ]
}
