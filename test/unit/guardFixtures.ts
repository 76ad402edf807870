/** Shared fixtures for the guard tests: a real pass signed with DEMO keys, the demo trust list and rules. */
import type { Claim } from '@/core/claims'
import { ROOT_PUBLIC_KEY } from '@/core/rootKey'
import { signRuleSet, type VerifiedRuleSet, verifyRuleSet } from '@/core/signedRules'
import { verifyTrustList } from '@/core/trustList'
import { buildDemoTrustList, demoKeyFor } from '../../mock/keys'
import { demoRuleSets } from '../../mock/rules'
import { H, passOf, typicalClaims, typicalHolder } from '../fixtures/typicalPass'

export { H, passOf }
/** 2026-11-26 10:00 Beijing: inside the demo rules' window, before Guangdong's 24 h switch. */
export const T = Date.UTC(2026, 10, 26, 2, 0, 0)
export const trust = verifyTrustList(buildDemoTrustList(T), ROOT_PUBLIC_KEY)
export const holder = typicalHolder
/** The demo rules of province `p`, signed by its DEMO key and verified as the app does. */
export const rules = (p: string): VerifiedRuleSet =>
  verifyRuleSet(signRuleSet(demoRuleSets[p], demoKeyFor(p).secretKey, demoKeyFor(p).kid), trust, p)

/** A green Guangdong code issued a minute before `T`. */
export function hc(over: Partial<Claim> = {}): Claim {
  return { ...typicalClaims(T, { codeAge: 60_000 }).hc, ...over } as Claim
}

/** A negative PCR from Guangdong (not pooled), sampled and reported that long before `T`. */
export function tr(sampledAgo: number, reportedAgo: number, over: Partial<Claim> = {}): Claim {
  const opts = { sampledAgo, reportedAgo, sampleId: '440106261125000123', pooled: false }
  return { ...typicalClaims(T, opts).tr, ...over } as Claim
}

/** A green Guangdong code and a negative PCR sampled 30 h ago, reported 20 h ago. */
export const goodPass = passOf([hc(), tr(30 * H, 20 * H)])
