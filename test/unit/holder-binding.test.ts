/**
 * Issue 13: a pass bound to its holder's phone. The province certifies the
 * phone's public key (a `dk` claim); the phone signs every QR it shows with
 * the time; the guard refuses a QR shown longer ago than the binding window.
 */
import type { Claim } from '@/core/claims'
import { generateKeyPair } from '@/core/ed25519'
import { BINDING_WINDOW_MS, decodePass, encodeBoundPass, encodePass } from '@/core/passCodec'
import { checkPassForVenue, type GuardCheckInput } from '@/features/guard/guardCheck'
import { signDemo } from '../fixtures/typicalPass'
import { base64urlEncode } from '@/core/bytes'
import { parseSignedClaim } from '@/core/claims'
import { certifyDeviceKey } from '../../mock/lib/national'
import { H, hc, holder, rules, T, tr, trust } from './guardFixtures'

const phone = generateKeyPair(new Uint8Array(32).fill(7))
const thief = generateKeyPair(new Uint8Array(32).fill(9))
const dk = (over: Partial<Claim> = {}): Claim =>
  ({
    typ: 'dk',
    iss: '440000',
    kid: 'gd1',
    iat: T - 2 * H,
    exp: T + 30 * 24 * H,
    holder,
    body: { publicKey: phone.publicKey },
    ...over,
  }) as Claim
const claims = (extra: Claim[] = [dk()]) => [hc(), tr(30 * H, 20 * H), ...extra].map(signDemo)
const bound = (shownAt = T, secret = phone.secretKey, extra?: Claim[]) =>
  encodeBoundPass({ v: 1, holder, claims: claims(extra) }, secret, shownAt)

const check = (text: string, over: Partial<GuardCheckInput> = {}) =>
  checkPassForVenue({
    text,
    trustList: trust,
    ruleSets: [rules('440000')],
    province: '440000',
    at: T,
    lang: 'en',
    ...over,
  })
const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code)

describe('a pass bound to its holder’s phone', () => {
  test('shown now by the certified phone: admitted, and said to be bound', () => {
    const r = check(bound())
    expect(r.outcome).toBe('admit')
    expect(r.bound).toBe(true)
  })

  test('a QR older than the binding window (a screenshot) is refused', () => {
    const r = check(bound(T - BINDING_WINDOW_MS - 1_000))
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_PASS_BINDING_STALE')
  })

  test('at a venue that requires binding, a 2-minute-old unbound screenshot is refused', () => {
    const unbound = encodePass({ v: 1, holder, claims: claims([]) })
    expect(check(unbound, { at: T + 2 * 60_000 }).outcome).toBe('admit')
    const r = check(unbound, { at: T + 2 * 60_000, requireBinding: true })
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_PASS_NOT_BOUND')
  })

  test('signed by another phone than the one certified: refused', () => {
    const r = check(bound(T, thief.secretKey))
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_PASS_BINDING_INVALID')
  })

  test("a certificate of someone else's phone key is refused", () => {
    const other = dk({ holder: { maskedName: '李*四', idTail: '0001' } } as Partial<Claim>)
    const r = check(bound(T, phone.secretKey, [other]))
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_PASS_HOLDER_MISMATCH')
  })

  test('a clock difference within the skew allowance is tolerated both ways', () => {
    expect(check(bound(T + 20_000)).outcome).toBe('admit')
    expect(check(bound(T - 20_000)).outcome).toBe('admit')
  })

  test('old (NP1) passes still decode; a bound pass costs one certificate and one phone signature', () => {
    const v1 = encodePass({ v: 1, holder, claims: claims([]) })
    const v2 = bound()
    expect(decodePass(v1).binding).toBeUndefined()
    expect(decodePass(v2).binding?.shownAt).toBe(T)
    expect(v2.startsWith('NP2:')).toBe(true)
    // Reported in docs/guard.md: the growth in QR characters.
    expect(v2.length - v1.length).toBeLessThan(300)
  })

  test('the mock province certifies a phone key (the sign-in side) and the guard accepts what that phone shows', () => {
    const cert = certifyDeviceKey('440000', holder, base64urlEncode(phone.publicKey), T - H)
    if (!cert) throw new Error('not certified')
    const text = encodeBoundPass({ v: 1, holder, claims: [...claims([]), parseSignedClaim(cert)] }, phone.secretKey, T)
    expect(check(text)).toMatchObject({ outcome: 'admit', bound: true })
    expect(certifyDeviceKey('440000', holder, 'short', T)).toBeUndefined()
  })
})
