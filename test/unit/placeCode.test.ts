import fc from 'fast-check'
import { base64urlDecode, base64urlEncode } from '@/core/bytes'
import { type Claim, claimFromVenue, serializeSignedClaim, signClaim, type VenueClaim } from '@/core/claims'
import type { VenueRef } from '@/core/model'
import { DEFAULT_PLACE_CODE_DOMAIN, encodePlaceCode, parsePlaceCode, verifyPlaceCode } from '@/core/placeCode'
import { ROOT_PUBLIC_KEY } from '@/core/rootKey'
import { verifyTrustList } from '@/core/trustList'
import { buildDemoTrustList, demoKeyFor } from '../../mock/keys'
import { typicalVenue, typicalVenueClaim, VECTORS_T, YEAR } from '../fixtures/typicalPass'
import { codeOf } from './codeOf'

const T = VECTORS_T
const trust = verifyTrustList(buildDemoTrustList(T), ROOT_PUBLIC_KEY)
const gd = demoKeyFor('440000')
const venue = typicalVenue
const claim: VenueClaim = typicalVenueClaim(T)
const signed = signClaim(claim, gd.secretKey)
const url = encodePlaceCode(signed)
const payload = serializeSignedClaim(signed)

describe('encodePlaceCode', () => {
  it('prints an https URL on the default domain, well under 231 characters', () => {
    expect(url).toBe(`${DEFAULT_PLACE_CODE_DOMAIN}/p/${payload}`)
    expect(url.length).toBeLessThanOrEqual(205)
  })

  it('uses a configured domain and refuses non-venue claims', () => {
    expect(encodePlaceCode(signed, 'https://pass.gov.example/')).toBe(`https://pass.gov.example/p/${payload}`)
    const hc: Claim = { typ: 'hc', iss: '440000', kid: 'gd1', iat: T, exp: T, body: { colour: 'green' } }
    expect(codeOf(() => encodePlaceCode(signClaim(hc, gd.secretKey)))).toBe('NP_ERR_VALIDATION')
  })
})

describe('parsePlaceCode', () => {
  it.each([
    ['the URL', url],
    ['the URL with a trailing slash and spaces', ` ${url}/ `],
    ['the URL with a capitalised host', url.replace('np.example.cn', 'NP.Example.CN')],
    ['the mini-program path', `/pages/scan/index?c=${payload}`],
    ['the mini-program path with other parameters', `pages/scan/index?from=poster&c=${payload}&x=1`],
    ['the bare payload', payload],
  ])('reads %s', (_what, text) => {
    expect(parsePlaceCode(text)).toEqual(signed)
  })

  it('reads URLs on configured domains only', () => {
    const other = encodePlaceCode(signed, 'https://pass.gov.example')
    expect(parsePlaceCode(other)).toBeNull()
    expect(parsePlaceCode(other, { domains: ['https://pass.gov.example'] })).toEqual(signed)
  })

  it.each([
    'https://example.com/p/abc',
    'https://np.example.cn/other/page',
    'https://tfjkt.scwjxx.cn/venue?id=123',
    'HC:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDE',
    'NP1:3V1224UF5P61',
    'just some text',
    '',
    'abc_DEF-123',
  ])('returns null for %j so a legacy recogniser may try', (text) => {
    expect(parsePlaceCode(text)).toBeNull()
  })

  it.each([
    ['our URL over http', url.replace('https:', 'http:')],
    ['our URL with a broken payload', `${DEFAULT_PLACE_CODE_DOMAIN}/p/${payload.slice(0, 50)}`],
    ['our URL with a non-base64url payload', `${DEFAULT_PLACE_CODE_DOMAIN}/p/abc$def`],
    ['our URL with a truncated payload', url.slice(0, -1)],
    ['our scan page without c=', '/pages/scan/index?from=poster'],
    ['our scan page with garbage', '/pages/scan/index?c=%E0%A4%A'],
    ['a bare venue payload with trailing bytes', `${payload}AA`],
  ])('throws NP_ERR_PLACE_CODE_MALFORMED for %s', (_what, text) => {
    expect(codeOf(() => parsePlaceCode(text))).toBe('NP_ERR_PLACE_CODE_MALFORMED')
  })

  it('throws NP_ERR_PLACE_CODE_MALFORMED for a well-formed claim that is not a venue', () => {
    const hc: Claim = { typ: 'hc', iss: '440000', kid: 'gd1', iat: T, exp: T, body: { colour: 'green' } }
    expect(
      codeOf(() =>
        parsePlaceCode(`${DEFAULT_PLACE_CODE_DOMAIN}/p/${serializeSignedClaim(signClaim(hc, gd.secretKey))}`),
      ),
    ).toBe('NP_ERR_PLACE_CODE_MALFORMED')
  })
})

describe('verifyPlaceCode', () => {
  it('returns the national venue', () => {
    expect(verifyPlaceCode(url, trust, T + 1000)).toEqual(venue)
    expect(verifyPlaceCode(`/pages/scan/index?c=${payload}`, trust, T)).toEqual(venue)
  })

  it('names what is wrong with forged, tampered, foreign and expired codes', () => {
    const bytes = base64urlDecode(payload)
    bytes[30] ^= 4
    expect(codeOf(() => verifyPlaceCode(`${DEFAULT_PLACE_CODE_DOMAIN}/p/${base64urlEncode(bytes)}`, trust, T))).toBe(
      'NP_ERR_SIGNATURE_INVALID',
    )
    const forgedByBeijing = signClaim(claim, demoKeyFor('110000').secretKey)
    expect(codeOf(() => verifyPlaceCode(encodePlaceCode(forgedByBeijing), trust, T))).toBe('NP_ERR_SIGNATURE_INVALID')
    const wrongProvince = signClaim({ ...claim, kid: 'bj1' }, demoKeyFor('110000').secretKey)
    expect(codeOf(() => verifyPlaceCode(encodePlaceCode(wrongProvince), trust, T))).toBe('NP_ERR_KEY_WRONG_PROVINCE')
    expect(codeOf(() => verifyPlaceCode(url, trust, T + 2 * YEAR))).toBe('NP_ERR_CLAIM_EXPIRED')
    expect(codeOf(() => verifyPlaceCode('https://tfjkt.scwjxx.cn/venue?id=123', trust, T))).toBe(
      'NP_ERR_PLACE_CODE_UNKNOWN',
    )
  })
})

describe('properties', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 16 }),
    fc.fullUnicodeString({ maxLength: 16 }),
    fc.stringMatching(/^\d{1,16}$/),
  )
  const venueArb = fc
    .record({
      province: fc.constantFrom('110000', '440000', '650000'),
      venueId: text,
      name: text,
      address: fc.option(text, { nil: undefined }),
    })
    .map(({ address, ...v }): VenueRef => ({ ...v, ...(address !== undefined ? { address } : {}), source: 'national' }))

  it('encode → verify is the identity for any venue', () => {
    fc.assert(
      fc.property(venueArb, (v) => {
        const sc = signClaim(
          claimFromVenue(v, { kid: demoKeyFor(v.province).kid, iat: T, exp: T + YEAR }),
          demoKeyFor(v.province).secretKey,
        )
        expect(verifyPlaceCode(encodePlaceCode(sc), trust, T)).toEqual(v)
      }),
      { numRuns: 200 },
    )
  })

  it('no single bit flip in a real code is accepted, and any text throws only NpErrors', () => {
    const raw = base64urlDecode(payload)
    fc.assert(
      fc.property(fc.nat(raw.length * 8 - 1), (bit) => {
        const b = raw.slice()
        b[bit >> 3] ^= 1 << (bit & 7)
        expect(
          codeOf(() => verifyPlaceCode(`${DEFAULT_PLACE_CODE_DOMAIN}/p/${base64urlEncode(b)}`, trust, T)),
        ).not.toBe('none')
      }),
      { numRuns: 400 },
    )
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `${DEFAULT_PLACE_CODE_DOMAIN}/p/${s}`),
          fc.base64String().map((s) => `/pages/scan/index?c=${s}`),
          fc.uint8Array({ minLength: 80, maxLength: 200 }).map(base64urlEncode),
        ),
        (t) => {
          expect(codeOf(() => verifyPlaceCode(t, trust, T))).not.toBe('none')
        },
      ),
      { numRuns: 400 },
    )
  })
})
