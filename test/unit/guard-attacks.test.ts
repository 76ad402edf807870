/**
 * Issue 13: what the guard does with claims it has already verified. Each
 * test is one attack that once bent the verdict (see docs/guard.md, threat model).
 */
import type { Claim } from '@/core/claims'
import type { TrustList } from '@/core/trustList'
import { checkPassForVenue, claimsForRules, type GuardCheckInput } from '@/features/guard/guardCheck'
import { signDemo } from '../fixtures/typicalPass'
import { decodeClaim } from '@/core/claims'
import { H, hc, passOf, rules, T, tr, trust } from './guardFixtures'

const check = (over: Partial<GuardCheckInput> = {}) =>
  checkPassForVenue({
    text: passOf([hc(), tr(30 * H, 20 * H)]),
    trustList: trust,
    ruleSets: [rules('440000')],
    province: '440000',
    at: T,
    lang: 'en',
    ...over,
  })
const codes = (r: ReturnType<typeof check>) => r.reasons.map((x) => x.code)
const red = (over: Partial<Claim> = {}): Claim =>
  hc({ iss: '430000', kid: 'hn1', body: { colour: 'red' }, ...over } as Partial<Claim>)

describe('nothing signed is ever dropped (a slow guard clock)', () => {
  const slow = T - 90_000

  test('a red code "issued in the future" within the skew tolerance still refuses', () => {
    const text = passOf([hc(), red({ iat: T, exp: T + 24 * H }), tr(30 * H, 20 * H)])
    const r = check({ text, at: slow })
    expect(r.outcome).toBe('refuse')
    expect(r.reasons.map((x) => x.ruleId)).toContain('GD-CODE-0001')
  })

  test('a positive test reported "in the future" within the tolerance counts at once', () => {
    const positive = tr(2 * H, 0, { sampleId: '440106261126000999' } as Partial<Claim>) as Extract<Claim, { typ: 'tr' }>
    positive.body = { ...positive.body, outcome: 'positive' }
    const text = passOf([hc(), tr(30 * H, 20 * H), positive])
    const r = check({ text, at: slow })
    expect(r.outcome).toBe('refuse')
    expect(r.reasons.map((x) => x.ruleId)).toContain('GD-TEST-0002')
  })

  test('a test whose own times lie beyond the tolerance is refused with its reason, not silently left out', () => {
    const future = tr(30 * H, 20 * H, { sampleId: '440106261126000777' } as Partial<Claim>) as Extract<
      Claim,
      { typ: 'tr' }
    >
    future.body = { ...future.body, outcome: 'positive', sampledAt: T + H, reportedAt: T + 2 * H }
    const r = check({ text: passOf([hc(), tr(30 * H, 20 * H), future]) })
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_CLAIM_NOT_YET_VALID')
  })

  test('a code issued beyond the tolerance is refused as not yet valid', () => {
    const r = check({ text: passOf([hc(), red({ iat: T + 10 * 60_000 }), tr(30 * H, 20 * H)]) })
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_CLAIM_NOT_YET_VALID')
  })
})

describe('every claim judged on its own dates', () => {
  test('a stale destination code riding along with a fresh one is refused', () => {
    const staleGreen = hc({ iss: '430000', kid: 'hn1', iat: T - 20 * H, exp: T + 4 * H } as Partial<Claim>)
    const r = check({ text: passOf([hc(), staleGreen, tr(30 * H, 20 * H)]) })
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_PASS_CLAIM_STALE')
    expect(r.reasons.find((x) => x.code === 'NP_ERR_PASS_CLAIM_STALE')?.text).toContain('430000')
  })

  test('a claim backdated into the window of a key that has since ended is refused', () => {
    const ended: TrustList = {
      ...trust,
      keys: trust.keys.map((k) => (k.kid === 'gd1' ? { ...k, validTo: T - 2 * H } : k)),
    }
    const backdated = tr(5 * H, 3 * H)
    const r = check({ trustList: ended, text: passOf([hc({ kid: 'gd2' }), backdated]) })
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_KEY_NOT_VALID')
  })

  test('the same claim twice, or two claims of one sample or one dose, count once', () => {
    const a = signDemo(tr(30 * H, 20 * H))
    const sameSampleLater = signDemo(tr(30 * H, 19 * H))
    const collapsed = claimsForRules([a, a, sameSampleLater].map((s) => decodeClaim(s.bytes)))
    expect(collapsed).toHaveLength(1)
    expect(collapsed[0].iat).toBe(T - 19 * H)
  })
})
