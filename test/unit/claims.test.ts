import fc from 'fast-check'
import {
  type Claim,
  claimFromHealthCode,
  claimFromTestResult,
  claimFromVaccination,
  claimFromVenue,
  decodeClaim,
  encodeClaim,
  healthCodeFromClaim,
  parseSignedClaim,
  serializeSignedClaim,
  servedMatchesClaim,
  signClaim,
  testResultFromClaim,
  vaccinationFromClaim,
  venueFromClaim,
  verifySignedClaim,
} from '@/core/claims'
import type { HealthCode, TestResult, Vaccination } from '@/core/model'
import { ROOT_PUBLIC_KEY } from '@/core/rootKey'
import { verifyTrustList } from '@/core/trustList'
import { buildDemoTrustList, demoKeyFor, demoProvinceKeys } from '../../mock/keys'
import { typicalClaims, typicalHolder } from '../fixtures/typicalPass'
import { codeOf } from './codeOf'

const T = Date.UTC(2022, 2, 15, 2, 0, 0)
const H = 3_600_000
const trust = verifyTrustList(buildDemoTrustList(T), ROOT_PUBLIC_KEY)
const gd = demoKeyFor('440000')
const secretOf = (kid: string): Uint8Array => demoProvinceKeys.find((k) => k.kid === kid)!.secretKey
const holder = typicalHolder
const hc: Claim = typicalClaims(T).hc

const sec = fc.integer({ min: 0, max: 0xffffffff }).map((s) => s * 1000)
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.fullUnicodeString({ maxLength: 12 }),
  fc.stringMatching(/^\d{1,20}$/),
  fc.array(fc.integer({ min: 0x4e00, max: 0x9fff }), { maxLength: 12 }).map((cs) => String.fromCharCode(...cs)),
)
const prov = fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0'))
const opt = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined })
/** Any valid claim, at wire precision. */
const claimArb: fc.Arbitrary<Claim> = fc
  .record({
    iss: prov,
    kid: text.filter((k) => k.length > 0),
    iat: sec,
    life: fc.integer({ min: 0, max: 2 ** 40 }),
    holder: opt(fc.record({ maskedName: text, idTail: text })),
    body: fc.oneof(
      fc.record({
        typ: fc.constant('hc' as const),
        body: fc.record(
          {
            colour: fc.constantFrom('green' as const, 'yellow' as const, 'red' as const),
            reason: opt(text),
            popUps: opt(fc.nat()),
          },
          { requiredKeys: ['colour'] },
        ),
      }),
      fc.record({
        typ: fc.constant('tr' as const),
        body: fc.record(
          {
            sampleId: text,
            kind: fc.constantFrom('pcr' as const, 'antigen' as const),
            outcome: fc.constantFrom('negative' as const, 'positive' as const, 'pending' as const),
            sampledAt: sec,
            reportedAt: opt(sec),
            pooled: fc.boolean(),
            lab: text,
            province: prov,
          },
          { requiredKeys: ['sampleId', 'kind', 'outcome', 'sampledAt', 'pooled', 'lab', 'province'] },
        ),
      }),
      fc.record({
        typ: fc.constant('vx' as const),
        body: fc.record(
          { dose: fc.nat(), product: text, at: sec, manufacturer: opt(text), province: prov },
          { requiredKeys: ['dose', 'product', 'at', 'province'] },
        ),
      }),
      fc.record({
        typ: fc.constant('venue' as const),
        body: fc.record({ venueId: text, name: text, address: opt(text) }, { requiredKeys: ['venueId', 'name'] }),
      }),
    ),
  })
  .map(
    ({ life, holder: h, body, ...rest }) =>
      ({ ...rest, exp: rest.iat + life * 1000, ...(h ? { holder: h } : {}), ...body }) as Claim,
  )

describe('encodeClaim / decodeClaim', () => {
  it('is the identity for any valid claim', () => {
    fc.assert(
      fc.property(claimArb, (c) => {
        expect(decodeClaim(encodeClaim(c))).toEqual(c)
      }),
      { numRuns: 400 },
    )
  })

  it('is compact: a health code is 26 bytes with its holder, 14 without', () => {
    expect(encodeClaim(hc).length).toBe(26)
    expect(encodeClaim({ ...hc, holder: undefined }).length).toBe(14)
  })

  it('floors times to whole seconds', () => {
    const c = decodeClaim(encodeClaim({ ...hc, iat: T + 999, exp: T + 24 * H + 1 }))
    expect([c.iat, c.exp]).toEqual([T, T + 24 * H])
  })

  it('refuses to encode what cannot be read back', () => {
    expect(codeOf(() => encodeClaim({ ...hc, iss: '44000' }))).toBe('NP_ERR_VALIDATION')
    expect(codeOf(() => encodeClaim({ ...hc, exp: T - 1000 }))).toBe('NP_ERR_VALIDATION')
    expect(codeOf(() => encodeClaim({ ...hc, kid: '' }))).toBe('NP_ERR_VALIDATION')
  })

  it('rejects random bytes and every truncation with NP_ERR_CLAIM_MALFORMED only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), (b) => {
        const code = codeOf(() => decodeClaim(b))
        expect(['none', 'NP_ERR_CLAIM_MALFORMED']).toContain(code)
      }),
      { numRuns: 500 },
    )
    const bytes = encodeClaim(hc)
    for (let n = 0; n < bytes.length; n++)
      expect(codeOf(() => decodeClaim(bytes.subarray(0, n)))).toBe('NP_ERR_CLAIM_MALFORMED')
    expect(codeOf(() => decodeClaim(Uint8Array.from([...bytes, 0])))).toBe('NP_ERR_CLAIM_MALFORMED')
    expect(codeOf(() => decodeClaim(Uint8Array.from([0x20, ...bytes.subarray(1)])))).toBe('NP_ERR_CLAIM_MALFORMED')
  })
})

describe('serializeSignedClaim / parseSignedClaim', () => {
  it('round-trips and rejects garbage with NP_ERR_CLAIM_MALFORMED', () => {
    const sc = signClaim(hc, gd.secretKey)
    expect(parseSignedClaim(serializeSignedClaim(sc))).toEqual(sc)
    for (const bad of ['', 'AAAA', '!!!', serializeSignedClaim(sc).slice(0, 80)])
      expect(codeOf(() => parseSignedClaim(bad))).toBe('NP_ERR_CLAIM_MALFORMED')
  })
})

describe('verifySignedClaim', () => {
  it('accepts a claim signed by the issuing province', () => {
    expect(verifySignedClaim(signClaim(hc, gd.secretKey), trust, T + H)).toEqual({ claim: hc, kid: 'gd1' })
  })

  it("accepts both of Guangdong's keys during rotation", () => {
    const c2: Claim = { ...hc, kid: 'gd2' }
    expect(verifySignedClaim(signClaim(c2, secretOf('gd2')), trust, T).kid).toBe('gd2')
    expect(verifySignedClaim(signClaim(hc, secretOf('gd1')), trust, T).kid).toBe('gd1')
  })

  it('refuses a tampered claim, a tampered signature and a signature by another key', () => {
    const sc = signClaim(hc, gd.secretKey)
    const red = encodeClaim({ ...hc, body: { colour: 'red' } })
    expect(codeOf(() => verifySignedClaim({ ...sc, bytes: red }, trust, T))).toBe('NP_ERR_SIGNATURE_INVALID')
    const sig = sc.sig.slice()
    sig[10] ^= 1
    expect(codeOf(() => verifySignedClaim({ ...sc, sig }, trust, T))).toBe('NP_ERR_SIGNATURE_INVALID')
    expect(codeOf(() => verifySignedClaim(signClaim(hc, secretOf('gd2')), trust, T))).toBe('NP_ERR_SIGNATURE_INVALID')
  })

  it('names each key problem', () => {
    expect(codeOf(() => verifySignedClaim(signClaim({ ...hc, kid: 'zz1' }, gd.secretKey), trust, T))).toBe(
      'NP_ERR_KEY_UNKNOWN',
    )
    expect(
      codeOf(() => verifySignedClaim(signClaim({ ...hc, iss: '410000', kid: 'ha0' }, secretOf('ha0')), trust, T)),
    ).toBe('NP_ERR_KEY_REVOKED')
    const old = Date.UTC(2019, 5, 1)
    expect(codeOf(() => verifySignedClaim(signClaim({ ...hc, iat: old, exp: T + H }, gd.secretKey), trust, T))).toBe(
      'NP_ERR_KEY_NOT_VALID',
    )
    expect(() => verifySignedClaim(signClaim({ ...hc, iss: '110000' }, gd.secretKey), trust, T)).toThrow(
      'Key gd1 belongs to 440000, not 110000',
    )
  })

  it('refuses expired and future claims, allowing the skew tolerance', () => {
    const sc = signClaim(hc, gd.secretKey)
    expect(verifySignedClaim(sc, trust, T + 24 * H + 4 * 60_000).kid).toBe('gd1')
    expect(() => verifySignedClaim(sc, trust, T + 27 * H)).toThrow('The claim expired 3 h ago')
    expect(codeOf(() => verifySignedClaim(sc, trust, T + 24 * H + 60_000, { skewToleranceMs: 0 }))).toBe(
      'NP_ERR_CLAIM_EXPIRED',
    )
    expect(verifySignedClaim(sc, trust, T - 4 * 60_000).kid).toBe('gd1')
    expect(() => verifySignedClaim(sc, trust, T - H)).toThrow(
      expect.objectContaining({ code: 'NP_ERR_CLAIM_NOT_YET_VALID', message: expect.stringContaining('1 h ahead') }),
    )
  })

  it('never accepts a single bit flip anywhere in claim or signature', () => {
    const sc = signClaim({ ...hc, body: { colour: 'yellow', reason: '时空伴随', popUps: 1 } }, gd.secretKey)
    const all = Uint8Array.from([...sc.bytes, ...sc.sig])
    fc.assert(
      fc.property(fc.nat(all.length * 8 - 1), (bit) => {
        const b = all.slice()
        b[bit >> 3] ^= 1 << (bit & 7)
        const flipped = { bytes: b.subarray(0, sc.bytes.length), sig: b.subarray(sc.bytes.length) }
        expect(codeOf(() => verifySignedClaim(flipped, trust, T))).not.toBe('none')
      }),
      { numRuns: 300 },
    )
  })
})

describe('domain conversions', () => {
  const code: HealthCode = {
    province: '440000',
    issuer: '广东省卫生健康委员会 (粤康码)',
    colour: 'yellow',
    reason: '时空伴随',
    issuedAt: T,
    validUntil: T + 24 * H,
    history: [{ colour: 'green', at: T - 48 * H }],
    popUps: [{ type: 'test-required', message: '请于24小时内完成核酸检测' }],
  }
  const test: TestResult = {
    sampleId: '440106220314',
    kind: 'pcr',
    outcome: 'negative',
    sampledAt: T - 30 * H,
    reportedAt: T - 20 * H,
    pooled: true,
    lab: '金域医学',
    province: '440000',
  }
  const vax: Vaccination = {
    dose: 3,
    product: 'BBIBP-CorV',
    manufacturer: '国药北京',
    at: Date.UTC(2021, 10, 2),
    province: '320000',
  }

  it('turn served health codes, tests, vaccinations and venues into claims and back', () => {
    const c = claimFromHealthCode(code, { kid: 'gd1', holder })
    expect(healthCodeFromClaim(c, { issuer: code.issuer, history: code.history, popUps: code.popUps })).toEqual(code)
    expect(healthCodeFromClaim(c).popUps).toHaveLength(1)
    const meta = { iss: '440000', kid: 'gd1', iat: T, exp: T + 7 * 24 * H, holder }
    expect(testResultFromClaim(claimFromTestResult(test, meta))).toEqual(test)
    expect(vaccinationFromClaim(claimFromVaccination(vax, { ...meta, includeManufacturer: true }))).toEqual(vax)
    expect(vaccinationFromClaim(claimFromVaccination(vax, meta))).toEqual({ ...vax, manufacturer: '' })
    const venue = { province: '440000', venueId: '4401060012345', name: '天河城', source: 'national' as const }
    expect(venueFromClaim(claimFromVenue(venue, { kid: 'gd1', iat: T, exp: T + H }))).toEqual(venue)
  })

  it('let the app see whether served JSON says what the province signed', () => {
    const signed = decodeClaim(signClaim(claimFromHealthCode(code, { kid: 'gd1', holder }), gd.secretKey).bytes)
    expect(servedMatchesClaim(claimFromHealthCode({ ...code, issuedAt: T + 300 }, { kid: 'gd1' }), signed)).toBe(true)
    expect(servedMatchesClaim(claimFromHealthCode({ ...code, colour: 'green' }, { kid: 'gd1' }), signed)).toBe(false)
    expect(servedMatchesClaim(claimFromHealthCode({ ...code, validUntil: T + 48 * H }, { kid: 'gd1' }), signed)).toBe(
      false,
    )
    const meta = { iss: '440000', kid: 'gd1', iat: T, exp: T + H }
    const tr = decodeClaim(encodeClaim(claimFromTestResult(test, meta)))
    expect(servedMatchesClaim(claimFromTestResult(test, { ...meta, iat: 0, exp: 0 }), tr)).toBe(true)
    expect(servedMatchesClaim(claimFromTestResult({ ...test, outcome: 'positive' }, meta), tr)).toBe(false)
    expect(servedMatchesClaim(claimFromTestResult({ ...test, province: 'x' }, meta), tr)).toBe(false)
  })
})
