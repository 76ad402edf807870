/** Shared fixtures for the guard tests: a real pass signed with DEMO keys, the demo trust list and rules. */
import { type Claim, type Holder, signClaim } from '@/core/claims'
import { encodePass } from '@/core/passCodec'
import { ROOT_PUBLIC_KEY } from '@/core/rootKey'
import { loadRuleSet } from '@/core/rules/engine'
import type { RuleSet } from '@/core/rules/types'
import { verifyTrustList } from '@/core/trustList'
import { buildDemoTrustList, demoProvinceKeys } from '../../mock/keys'
import { demoRuleSets } from '../../mock/rules'

export const H = 3_600_000
/** 2026-11-26 10:00 Beijing: inside the demo rules' window, before Guangdong's 24 h switch. */
export const T = Date.UTC(2026, 10, 26, 2, 0, 0)
export const trust = verifyTrustList(buildDemoTrustList(T), ROOT_PUBLIC_KEY)
export const holder: Holder = { maskedName: '张*三', idTail: '123X' }
export const rules = (p: string): RuleSet => loadRuleSet(demoRuleSets[p])

export const secret = (kid: string): Uint8Array => {
  const k = demoProvinceKeys.find((x) => x.kid === kid)
  if (!k) throw new Error(`no demo key ${kid}`)
  return k.secretKey
}

export function hc(over: Partial<Claim> = {}): Claim {
  return {
    typ: 'hc',
    iss: '440000',
    kid: 'gd1',
    iat: T - 60_000,
    exp: T + 24 * H,
    holder,
    body: { colour: 'green' },
    ...over,
  } as Claim
}

export function tr(sampledAgo: number, reportedAgo: number, over: Partial<Claim> = {}): Claim {
  return {
    typ: 'tr',
    iss: '440000',
    kid: 'gd1',
    iat: T - reportedAgo,
    exp: T + 7 * 24 * H,
    holder,
    body: {
      sampleId: '440106261125000123',
      kind: 'pcr',
      outcome: 'negative',
      sampledAt: T - sampledAgo,
      reportedAt: T - reportedAgo,
      pooled: false,
      lab: '金域医学',
      province: '440000',
    },
    ...over,
  } as Claim
}

/** A pass of the given claims, each signed with its own `kid`'s DEMO key. */
export function passOf(claims: Claim[], h: Holder = holder): string {
  return encodePass({ v: 1, holder: h, claims: claims.map((c) => signClaim(c, secret(c.kid))) })
}

/** A green Guangdong code and a negative PCR sampled 30 h ago, reported 20 h ago. */
export const goodPass = passOf([hc(), tr(30 * H, 20 * H)])
