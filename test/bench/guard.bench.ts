/**
 * Guard-mode benchmark: one scanned pass (green Guangdong code, PCR, vaccination)
 * through decode + verify every claim against the trust list + Guangdong's
 * entry rules, versus a bare Ed25519 verification of the same pass's first
 * signed claim, measured in the same run. No assertions.
 */
import { performance } from 'node:perf_hooks'
import { buildDemoTrustList, demoKeyFor } from '../../mock/keys'
import { demoRuleSets } from '../../mock/rules'
import { type Claim, signClaim } from '../../src/core/claims'
import { verify } from '../../src/core/ed25519'
import { decodePass, encodePass } from '../../src/core/passCodec'
import { ROOT_PUBLIC_KEY } from '../../src/core/rootKey'
import { loadRuleSet } from '../../src/core/rules/engine'
import { findKey, publicKeyBytes, verifyTrustList } from '../../src/core/trustList'
import { checkPassForVenue } from '../../src/features/guard/guardCheck'

const H = 3_600_000
const ITERATIONS = 2000
const WARM_UP = 200

function measure(run: () => void): { median: number; perSecond: number } {
  for (let i = 0; i < WARM_UP; i++) run()
  const times: number[] = []
  const start = performance.now()
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now()
    run()
    times.push(performance.now() - t0)
  }
  const total = performance.now() - start
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)], perSecond: (ITERATIONS / total) * 1000 }
}

/** Median decode+verify+rules per pass, verifications/s, bare Ed25519 verify of the same bytes, and the ratio. */
export async function benchGuard(): Promise<Array<{ name: string; value: number; unit: string }>> {
  const at = Date.UTC(2026, 10, 26, 2, 0, 0)
  const trust = verifyTrustList(buildDemoTrustList(at), ROOT_PUBLIC_KEY)
  const ruleSets = [loadRuleSet(JSON.parse(JSON.stringify(demoRuleSets['440000'])))]
  const holder = { maskedName: '张*三', idTail: '123X' }
  const claims: Claim[] = [
    { typ: 'hc', iss: '440000', kid: 'gd1', iat: at - 60_000, exp: at + 24 * H, holder, body: { colour: 'green' } },
    {
      typ: 'tr',
      iss: '440000',
      kid: 'gd1',
      iat: at - 20 * H,
      exp: at + 7 * 24 * H,
      holder,
      body: {
        sampleId: '440106261125000123',
        kind: 'pcr',
        outcome: 'negative',
        sampledAt: at - 30 * H,
        reportedAt: at - 20 * H,
        pooled: true,
        lab: '金域医学',
        province: '440000',
      },
    },
    {
      typ: 'vx',
      iss: '320000',
      kid: 'js1',
      iat: at - 24 * H,
      exp: at + 365 * 24 * H,
      holder,
      body: { dose: 3, product: 'BBIBP-CorV', at: at - 300 * 24 * H, province: '320000' },
    },
  ]
  const text = encodePass({ v: 1, holder, claims: claims.map((c) => signClaim(c, demoKeyFor(c.iss).secretKey)) })
  const first = decodePass(text).claims[0]
  const pub = publicKeyBytes(findKey(trust, 'gd1'))
  let verdict = ''
  const guard = measure(() => {
    verdict = checkPassForVenue({ text, trustList: trust, ruleSets, province: '440000', at, lang: 'zh' }).outcome
  })
  const bare = measure(() => verify(first.sig, first.bytes, pub))
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
  ]
}
