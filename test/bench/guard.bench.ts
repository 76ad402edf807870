/**
 * Guard-mode benchmark: one scanned pass (green Guangdong code, PCR, vaccination)
 * through decode + verify every claim against the trust list + Guangdong's
 * entry rules, versus a bare Ed25519 verification of the same pass's first
 * signed claim, measured in the same run. No assertions.
 */
import { buildDemoTrustList } from '../../mock/keys'
import { rulesFor } from '../../mock/lib/province'
import { verify } from '../../src/core/ed25519'
import { ROOT_PUBLIC_KEY } from '../../src/core/rootKey'
import { verifyRuleSet } from '../../src/core/signedRules'
import { findKey, publicKeyBytes, verifyTrustList } from '../../src/core/trustList'
import { checkPassForVenue } from '../../src/features/guard/guardCheck'
import { DAY, typicalPass } from '../fixtures/typicalPass'
import { measure } from './measure'

const RUNS = { iterations: 2000, warmUp: 200 }

/** Median decode+verify+rules per pass, verifications/s, bare Ed25519 verify of the same bytes, and the ratio. */
export async function benchGuard(): Promise<Array<{ name: string; value: number; unit: string }>> {
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
  const bare = measure(() => verify(first.sig, first.bytes, pub), RUNS)
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
