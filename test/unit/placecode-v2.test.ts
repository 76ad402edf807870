/**
 * Issue 16, smaller codes: the place-code v2 (src/core/placeCode.ts). The
 * venue's id and name signed, whole days, no address: ≤ 160 characters for
 * the typical venue. v1 codes already printed still verify; a tampered v2 is
 * refused; an address appended to a v2 (unsigned) is refused, never shown.
 */
import fc from 'fast-check'
import { base64urlDecode, base64urlEncode, concat } from '@/core/bytes'
import { claimFromVenue, signClaim, type VenueClaim } from '@/core/claims'
import type { VenueRef } from '@/core/model'
import {
  DEFAULT_PLACE_CODE_DOMAIN,
  decodePlaceCodeClaim,
  encodePlaceCode,
  encodePlaceCodeV2,
  PLACE_CODE_V2,
  parsePlaceCode,
  parsePlaceCodePayload,
  placeCodeVersion,
  signPlaceCode,
  verifyPlaceCode,
} from '@/core/placeCode'
import { ROOT_PUBLIC_KEY } from '@/core/rootKey'
import { verifyTrustList } from '@/core/trustList'
import { buildDemoTrustList, demoKeyFor } from '../../mock/keys'
import { DAY, typicalVenue, typicalVenueClaim, VECTORS_T, YEAR } from '../fixtures/typicalPass'
import { codeOf } from './codeOf'

const T = VECTORS_T
const trust = verifyTrustList(buildDemoTrustList(T), ROOT_PUBLIC_KEY)
const gd = demoKeyFor('440000')
const claim: VenueClaim = typicalVenueClaim(T)
const v1 = encodePlaceCode(signClaim(claim, gd.secretKey))
const v2signed = signPlaceCode(claim, gd.secretKey)
const v2 = encodePlaceCode(v2signed)
const { address: _address, ...withoutAddress } = typicalVenue
const urlOf = (b: Uint8Array) => `${DEFAULT_PLACE_CODE_DOMAIN}/p/${base64urlEncode(b)}`

describe('place-code v2', () => {
  test('v1 and v2 of one venue both verify: v1 with its signed address, v2 with id and name only', () => {
    expect(v1.length).toBe(199)
    expect(v2.length).toBe(156)
    expect(v2.length).toBeLessThanOrEqual(160)
    expect(verifyPlaceCode(v1, trust, T)).toEqual(typicalVenue)
    expect(verifyPlaceCode(v2, trust, T)).toEqual(withoutAddress)
    expect(placeCodeVersion(parsePlaceCode(v1)!.bytes)).toBe(1)
    expect(placeCodeVersion(parsePlaceCode(v2)!.bytes)).toBe(2)
    expect(v2signed.bytes[0]).toBe(PLACE_CODE_V2)
  })

  test('every form a v2 is scanned in is read: URL, mini-program link, bare payload', () => {
    const payload = v2.slice(v2.lastIndexOf('/') + 1)
    for (const t of [v2, `  ${v2}\n`, `/pages/scan/index?c=${payload}&x=1`, payload])
      expect(verifyPlaceCode(t, trust, T)).toEqual(withoutAddress)
    expect(parsePlaceCodePayload(payload)).toEqual(v2signed)
  })

  test('times are whole UTC days: issued at the start of its day, expiring at the start of the last', () => {
    const c = decodePlaceCodeClaim(v2signed.bytes)
    expect(c).toEqual({
      typ: 'venue',
      iss: '440000',
      kid: 'gd1',
      iat: Math.floor(T / DAY) * DAY,
      exp: Math.floor((T + YEAR) / DAY) * DAY,
      body: { venueId: typicalVenue.venueId, name: typicalVenue.name },
    })
    // Valid on its last day (with the skew tolerance), expired after.
    expect(verifyPlaceCode(v2, trust, c.exp)).toEqual(withoutAddress)
    expect(codeOf(() => verifyPlaceCode(v2, trust, c.exp + DAY))).toBe('NP_ERR_CLAIM_EXPIRED')
    // Scanned a minute into its issue day: not "issued in the future" (the day starts at 00:00 UTC).
    expect(verifyPlaceCode(v2, trust, c.iat + 60_000)).toEqual(withoutAddress)
  })

  test('a tampered v2 is refused: any byte of the signed part or the signature', () => {
    const raw = concat(v2signed.bytes, v2signed.sig)
    const results = new Set<string>()
    for (let i = 0; i < raw.length; i++) {
      const b = raw.slice()
      b[i] ^= 0x01
      const code = codeOf(() => verifyPlaceCode(urlOf(b), trust, T))
      expect([i, code]).not.toEqual([i, 'none'])
      results.add(code)
    }
    expect(results.has('NP_ERR_SIGNATURE_INVALID')).toBe(true)
    // The name changed and re-encoded (a valid layout): the signature no longer holds.
    const renamed = encodePlaceCodeV2({ ...claim, body: { ...claim.body, name: '天河城购物中心二' } })
    expect(codeOf(() => verifyPlaceCode(urlOf(concat(renamed, v2signed.sig)), trust, T))).toBe(
      'NP_ERR_SIGNATURE_INVALID',
    )
  })

  test('an address appended to a v2 (it would be unsigned) is refused, never shown', () => {
    const address = new TextEncoder().encode('假地址1号')
    const edited = concat(v2signed.bytes, new Uint8Array([address.length << 2]), address)
    expect(codeOf(() => verifyPlaceCode(urlOf(concat(edited, v2signed.sig)), trust, T))).toBe(
      'NP_ERR_PLACE_CODE_MALFORMED',
    )
    // After the signature too: the signature is then read from the wrong bytes.
    expect(codeOf(() => verifyPlaceCode(urlOf(concat(v2signed.bytes, v2signed.sig, address)), trust, T))).not.toBe(
      'none',
    )
  })

  test('signed by another province, or under another province’s key id: refused', () => {
    const bj = demoKeyFor('110000')
    const forged = signPlaceCode(claim, bj.secretKey)
    expect(codeOf(() => verifyPlaceCode(encodePlaceCode(forged), trust, T))).toBe('NP_ERR_SIGNATURE_INVALID')
    const wrong = signPlaceCode({ ...claim, kid: bj.kid }, bj.secretKey)
    expect(codeOf(() => verifyPlaceCode(encodePlaceCode(wrong), trust, T))).toBe('NP_ERR_KEY_WRONG_PROVINCE')
    const unknown = signPlaceCode({ ...claim, kid: 'zz9' }, gd.secretKey)
    expect(codeOf(() => verifyPlaceCode(encodePlaceCode(unknown), trust, T))).toBe('NP_ERR_KEY_UNKNOWN')
  })

  test('the encoder refuses what it cannot carry', () => {
    expect(codeOf(() => encodePlaceCodeV2({ ...claim, exp: claim.iat - 2 * DAY }))).toBe('NP_ERR_VALIDATION')
    expect(codeOf(() => encodePlaceCodeV2({ ...claim, kid: '' }))).toBe('NP_ERR_VALIDATION')
    expect(codeOf(() => encodePlaceCodeV2({ ...claim, iss: '44' }))).toBe('NP_ERR_VALIDATION')
    expect(codeOf(() => encodePlaceCodeV2({ ...claim, iat: Date.UTC(2150, 0, 1) }))).toBe('NP_ERR_VALIDATION')
  })

  test('any venue: sign v2 → verify gives the venue without its address', () => {
    const text = fc.oneof(fc.string({ maxLength: 16 }), fc.fullUnicodeString({ maxLength: 16 }))
    fc.assert(
      fc.property(
        fc.constantFrom('110000', '440000', '650000'),
        text,
        text,
        fc.option(text, { nil: undefined }),
        (province, venueId, name, address) => {
          const v: VenueRef = { province, venueId, name, ...(address ? { address } : {}), source: 'national' }
          const key = demoKeyFor(province)
          const sc = signPlaceCode(claimFromVenue(v, { kid: key.kid, iat: T, exp: T + YEAR }), key.secretKey)
          expect(verifyPlaceCode(encodePlaceCode(sc), trust, T)).toEqual({
            province,
            venueId,
            name,
            source: 'national',
          })
        },
      ),
      { numRuns: 150 },
    )
  })

  test('random bytes after the v2 byte throw nothing but catalogue errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 70, maxLength: 160 }), (b) => {
        b[0] = PLACE_CODE_V2
        expect(codeOf(() => verifyPlaceCode(urlOf(b), trust, T))).toMatch(/^NP_ERR_/)
      }),
      { numRuns: 300 },
    )
    expect(base64urlDecode(v2.slice(v2.lastIndexOf('/') + 1))[0]).toBe(PLACE_CODE_V2)
  })
})
