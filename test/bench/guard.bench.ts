/**
 * Guard-mode benchmark: one scanned pass (green Guangdong code, PCR, vaccination)
 * through decode + verify every claim against the trust list + Guangdong's
 * entry rules, versus a bare Ed25519 verification of the same pass's first
 * signed claim (noble's own `verify`, from scratch: `verifyBare`), measured in
 * the same run. No assertions.
 *
 * Then each verification option of src/core/ed25519Fast.ts (issue 16), run
 * interleaved so a busy machine slows them alike: noble as before (no key
 * cache), per-key precomputed points (what ships, and what the mini-programs
 * run), and Node's native Ed25519 (only where the runtime has a synchronous
 * one; WebCrypto's is async, so the browsers do not use it). Per option: one
 * verify and one whole pass as ratios to one bare verify, and passes/s.
 */
import { buildDemoTrustList } from '../../mock/keys'
import { rulesFor } from '../../mock/lib/province'
import { verify, verifyBare } from '../../src/core/ed25519'
import { configureEd25519, type Ed25519Options } from '../../src/core/ed25519Fast'
import { nodeEd25519Verify } from '../../src/platform/ed25519Node'
import { ROOT_PUBLIC_KEY } from '../../src/core/rootKey'
import { verifyRuleSet } from '../../src/core/signedRules'
import { findKey, publicKeyBytes, verifyTrustList } from '../../src/core/trustList'
import { checkPassForVenue } from '../../src/features/guard/guardCheck'
import { DAY, typicalPass } from '../fixtures/typicalPass'
import { measure } from './measure'
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
  let verdict = ''
  const guard = measure(() => {
    verdict = checkPassForVenue({ text, trustList: trust, ruleSets, province: '440000', at, lang: 'zh' }).outcome
  }, RUNS)
  const bare = measure(() => verifyBare(first.sig, first.bytes, pub), RUNS)
  return [
    {
      name: `guard.decodeVerifyRules.median (3 claims, ${text.length} chars, verdict ${verdict})`,
      value: guard.median * 1000,
      unit: 'µs',
    },
    { name: 'guard.verifications.throughput', value: guard.perSecond, unit: 'passes/s' },
    { name: 'guard.ed25519.verify.median (one claim, same bytes)', value: bare.median * 1000, unit: 'µs' },
    { name: 'guard.ed25519.verify.throughput', value: bare.perSecond, unit: 'verifies/s' },
    { name: 'guard.ratio (pass median / one bare verify median)', value: guard.median / bare.median, unit: 'x' },
    ...options(
      () => checkPassForVenue({ text, trustList: trust, ruleSets, province: '440000', at, lang: 'zh' }),
      first,
      pub,
    ),
  ]
}

const OPTIONS: Array<[string, Partial<Ed25519Options>]> = [
  ['noble', { precompute: false, native: null }],
  ['precomputedKeys', { precompute: true, native: null }],
  ['nodeNative', { precompute: true, native: nodeEd25519Verify() }],
]

/** One verify and one pass under each option, interleaved with one bare verify; the shipped option restored after. */
function options(pass: () => unknown, claim: { sig: Uint8Array; bytes: Uint8Array }, pub: Uint8Array): BenchRow[] {
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
