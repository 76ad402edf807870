import { checkPassForVenue, type GuardCheckInput } from '@/features/guard/guardCheck'
import { addToTally, emptyTally } from '@/features/guard/tally'
import type { TrustList } from '@/core/trustList'
import { goodPass, H, hc, holder, passOf, rules, T, tr, trust } from './guardFixtures'

const check = (over: Partial<GuardCheckInput> = {}) =>
  checkPassForVenue({
    text: goodPass,
    trustList: trust,
    ruleSets: [rules('440000')],
    province: '440000',
    at: T,
    lang: 'en',
    ...over,
  })
const codes = (r: ReturnType<typeof check>) => r.reasons.map((x) => x.code)

describe('guard verdict for one scanned pass', () => {
  test('a genuine live pass meeting Guangdong rules is admitted, with the masked name, ID tail and claim ages', () => {
    const r = check()
    expect(r.outcome).toBe('admit')
    expect(r.reasons).toEqual([])
    expect(r.holder).toEqual(holder)
    expect(r.claims.map((c) => [c.typ, c.verified, Math.round(c.ageMs / 60_000)])).toEqual([
      ['hc', true, 1],
      ['tr', true, 20 * 60],
    ])
  })

  test('the same pass at a Hunan venue (24 h from sampling) needs a fresh test, naming the rule', () => {
    const r = check({ province: '430000', ruleSets: [rules('430000')] })
    expect(r.outcome).toBe('needs-action')
    expect(new Set(codes(r))).toEqual(new Set(['NP_ERR_RULE_NOT_MET']))
    expect(r.reasons.map((x) => x.ruleId)).toContain('HN-TEST-0001')
  })

  test('a yellow code is not admitted under the venue rules', () => {
    const r = check({ text: passOf([hc({ body: { colour: 'yellow' } } as never), tr(30 * H, 20 * H)]) })
    expect(r.outcome).not.toBe('admit')
    expect(codes(r)).toContain('NP_ERR_RULE_NOT_MET')
  })

  test('one changed character is refused as tampered (or unreadable), never admitted', () => {
    const i = goodPass.length - 30
    const flipped = goodPass.slice(0, i) + (goodPass[i] === 'A' ? 'B' : 'A') + goodPass.slice(i + 1)
    const r = check({ text: flipped })
    expect(r.outcome).toBe('refuse')
    expect(codes(r).some((c) => c === 'NP_ERR_SIGNATURE_INVALID' || c === 'NP_ERR_PASS_MALFORMED')).toBe(true)
  })

  test('text that is not a pass is refused as malformed', () => {
    expect(codes(check({ text: 'https://example.com/' }))).toEqual(['NP_ERR_PASS_MALFORMED'])
  })

  test('a claim signed with the revoked Henan key is refused as revoked', () => {
    const r = check({ text: passOf([hc({ iss: '410000', kid: 'ha0' })]) })
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_KEY_REVOKED')
  })

  test('a key missing from the trust list is refused as unknown', () => {
    const withoutGd1: TrustList = { ...trust, keys: trust.keys.filter((k) => k.kid !== 'gd1') }
    const r = check({ trustList: withoutGd1 })
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_KEY_UNKNOWN')
  })

  test('Guangdong rotated key gd2 verifies alongside gd1', () => {
    expect(check({ text: passOf([hc({ kid: 'gd2' }), tr(30 * H, 20 * H)]) }).outcome).toBe('admit')
  })

  test('a key used outside its trust-list window is refused', () => {
    const ended: TrustList = {
      ...trust,
      keys: trust.keys.map((k) => (k.kid === 'gd1' ? { ...k, validTo: T - 2 * H } : k)),
    }
    const r = check({ trustList: ended })
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_KEY_NOT_VALID')
  })

  test('a revocation published later refuses a pass that verified before', () => {
    expect(check().outcome).toBe('admit')
    const r = check({ trustList: { ...trust, version: trust.version + 1, revoked: [...trust.revoked, 'gd1'] } })
    expect(codes(r)).toContain('NP_ERR_KEY_REVOKED')
  })

  test('an expired code is refused saying by how much; within the 5-minute skew tolerance it still counts', () => {
    const text = passOf([hc({ iat: T, exp: T + 10 * 60_000 }), tr(30 * H, 20 * H)])
    expect(check({ text, at: T + 14 * 60_000 }).outcome).toBe('admit')
    const late = check({ text, at: T + 16 * 60_000 })
    expect(late.outcome).toBe('refuse')
    const expired = late.reasons.find((x) => x.code === 'NP_ERR_PASS_EXPIRED')
    expect(expired?.text).toContain('6 min')
  })

  test('a pass whose code was issued 30 minutes ago is refused as a likely screenshot', () => {
    const r = check({ at: T + 30 * 60_000 })
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toEqual(['NP_ERR_PASS_SCREENSHOT'])
  })

  test('a pass without a health-code claim is refused as missing a claim', () => {
    const r = check({ text: passOf([tr(30 * H, 20 * H, { iat: T - 60_000 })]) })
    expect(codes(r)).toEqual(['NP_ERR_PASS_CLAIM_MISSING'])
  })

  test('claims naming another person are refused', () => {
    const r = check({
      text: passOf([hc(), tr(30 * H, 20 * H, { holder: { maskedName: '李*四', idTail: '0001' } } as never)]),
    })
    expect(codes(r)).toContain('NP_ERR_PASS_HOLDER_MISMATCH')
  })

  test('with no cached rules for the venue province the pass is refused, not guessed', () => {
    expect(codes(check({ ruleSets: [] }))).toEqual(['NP_ERR_RULES_NONE'])
  })
})

describe('shift tally', () => {
  test('counts verdicts and reasons and starts empty after a reset', () => {
    let t = emptyTally(T)
    t = addToTally(t, check())
    t = addToTally(t, check({ text: 'garbage' }))
    t = addToTally(t, check({ text: 'garbage' }))
    t = addToTally(t, check({ province: '430000', ruleSets: [rules('430000')] }))
    expect([t.admitted, t.refused, t.needsAction]).toEqual([1, 2, 1])
    expect(t.reasons.NP_ERR_PASS_MALFORMED).toBe(2)
    expect(emptyTally(T + 1)).toEqual({ since: T + 1, admitted: 0, refused: 0, needsAction: 0, reasons: {} })
  })
})
