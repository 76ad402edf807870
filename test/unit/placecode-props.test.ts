/**
 * Property tests of the place-code as the scan page meets it: any text is
 * either a venue or a catalogued error, never a crash; encode → decode is the
 * identity for any valid venue; one flipped character is refused.
 */
import fc from 'fast-check'
import { claimFromVenue, serializeSignedClaim, signClaim } from '@/core/claims'
import { catalogue, NpError } from '@/core/errors'
import type { VenueRef } from '@/core/model'
import { encodePlaceCode, parsePlaceCode, verifyPlaceCode } from '@/core/placeCode'
import { ROOT_PUBLIC_KEY } from '@/core/rootKey'
import { verifyTrustList } from '@/core/trustList'
import { createHost, createRegistry } from '@/sdk/host'
import { recognizePlaceCode, textFromParams } from '@/features/scan/recognize'
import { buildDemoTrustList, demoKeyFor } from '../../mock/keys'
import { plugins } from '../../plugins'

const T = Date.UTC(2022, 2, 15, 2, 0, 0)
const YEAR = 365 * 24 * 3_600_000
const trust = verifyTrustList(buildDemoTrustList(T), ROOT_PUBLIC_KEY)
const PROVINCES = ['110000', '310000', '320000', '440000', '510000']
const host = createHost({
  registry: createRegistry(plugins),
  httpFactory: () => {
    throw new Error('recognition makes no requests')
  },
  clock: { now: () => T },
  configFor: () => ({ baseURL: 'http://127.0.0.1:9' }),
  consent: () => false,
})

const venueArb: fc.Arbitrary<VenueRef> = fc.record(
  {
    province: fc.constantFrom(...PROVINCES),
    venueId: fc.stringMatching(/^[A-Z0-9-]{1,24}$/),
    name: fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
    address: fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }),
    source: fc.constant('national' as const),
  },
  { requiredKeys: ['province', 'venueId', 'name', 'source'] },
)

function placeCodeOf(v: VenueRef): string {
  const key = demoKeyFor(v.province)
  return encodePlaceCode(signClaim(claimFromVenue(v, { kid: key.kid, iat: T, exp: T + YEAR }), key.secretKey))
}

const onlyCatalogue = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    if (!(e instanceof NpError) || !(e.code in catalogue)) throw e
  }
}

const textArb = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.webUrl(),
  fc.string().map((s) => `https://np.example.cn/p/${s}`),
  fc
    .base64String()
    .map((s) => `https://np.example.cn/p/${s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`),
  fc.string().map((s) => `/pages/scan/index?c=${s}`),
  fc.string().map((s) => `https://lingxi.wuxi.example/mlm/${s}`),
  fc.string().map((s) => `JSCSM:${s}`),
  venueArb.chain((v) =>
    fc.nat().map((i) => {
      const code = placeCodeOf(v)
      const at = 24 + (i % (code.length - 24))
      return code.slice(0, at) + (code[at] === 'A' ? 'B' : 'A') + code.slice(at + 1)
    }),
  ),
)

describe('decoding any text', () => {
  test('parsePlaceCode and verifyPlaceCode throw nothing but catalogue NpErrors', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        onlyCatalogue(() => parsePlaceCode(text))
        onlyCatalogue(() => verifyPlaceCode(text, trust, T))
      }),
      { numRuns: 2000 },
    )
  })

  test('the scan recognition never rejects: a venue or a catalogued error', async () => {
    await fc.assert(
      fc.asyncProperty(textArb, async (text) => {
        const r = await recognizePlaceCode(text, { host, trustList: trust, at: T })
        if ('error' in r) expect(Object.keys(catalogue)).toContain(r.error.code)
        else expect(r.data.province).toMatch(/^\d{6}$/)
      }),
      { numRuns: 500 },
    )
  })
})

describe('encode → decode', () => {
  test('is the identity for any valid venue, as URL and as mini-program deep link', () => {
    fc.assert(
      fc.property(venueArb, (v) => {
        const url = placeCodeOf(v)
        expect(verifyPlaceCode(url, trust, T)).toEqual(v)
        const payload = url.slice(url.lastIndexOf('/') + 1)
        const link = textFromParams({ c: payload })
        expect(link && verifyPlaceCode(link, trust, T)).toEqual(v)
        const viaQ = textFromParams({ q: encodeURIComponent(url) })
        expect(viaQ && verifyPlaceCode(viaQ, trust, T)).toEqual(v)
      }),
      { numRuns: 300 },
    )
  })

  test('a typical venue code is compact: well under the 231 characters of the smallest European venue code', () => {
    const url = placeCodeOf({
      province: '440000',
      venueId: 'GD-V0001',
      name: '广州天河城',
      address: '广州市天河区天河路208号',
      source: 'national',
    })
    expect(url.length).toBeLessThan(200)
  })

  test('a forged code (signed with another province key) is refused with the reason', async () => {
    const v: VenueRef = { province: '440000', venueId: 'GD-X', name: '假场所', source: 'national' }
    const forged = signClaim(claimFromVenue(v, { kid: 'gd1', iat: T, exp: T + YEAR }), demoKeyFor('320000').secretKey)
    const r = await recognizePlaceCode(encodePlaceCode(forged), { host, trustList: trust, at: T })
    expect('error' in r && r.error.code).toBe('NP_ERR_SIGNATURE_INVALID')
    expect(serializeSignedClaim(forged)).toBeTruthy()
  })

  test('no trust list on the device: a national code fails closed, a legacy code still works', async () => {
    const v: VenueRef = { province: '440000', venueId: 'GD-V0001', name: '广州天河城', source: 'national' }
    const r = await recognizePlaceCode(placeCodeOf(v), { host, trustList: null, at: T })
    expect('error' in r && r.error.code).toBe('NP_ERR_TRUST_LIST_INVALID')
    const wx = await recognizePlaceCode('https://lingxi.wuxi.example/mlm/320213-000123?n=%E9%97%A8', {
      host,
      trustList: null,
      at: T,
    })
    expect('data' in wx && wx.data).toMatchObject({ province: '320000', venueId: 'WX320213-000123', name: '门' })
  })
})
