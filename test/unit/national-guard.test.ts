/**
 * The national platform's claims at the gate and in the pass text: a guard
 * sees the national code under its own name and the itinerary's cities and
 * stars only after the signature verified; the pass carries a starred
 * itinerary before the dose, an unstarred one only when it fits; what the
 * traveller must act on (pop-ups, non-green, unexplained changes) with contacts.
 */
import { type Claim, parseSignedClaim, serializeSignedClaim, signClaim } from '@/core/claims'
import { claimFromItinerary, NATIONAL_AUTHORITY } from '@/core/itinerary'
import type { HealthCode, Identity } from '@/core/model'
import { decodePass, encodePass } from '@/core/passCodec'
import { checkPassForVenue } from '@/features/guard/guardCheck'
import { actionItems, contactFor, plainlyGreen } from '@/features/national/contacts'
import { PASS_BUDGET, type ProvinceResult, passText } from '@/features/pass/passLogic'
import { demoKeyFor } from '../../mock/keys'
import { signDemo } from '../fixtures/typicalPass'
import { H, hc, holder, passOf, rules, T, tr, trust } from './guardFixtures'

const D = 24 * H
const itClaim = (starred: boolean, h = holder): Claim =>
  claimFromItinerary(
    {
      issuer: 'x',
      phone: '',
      issuedAt: T - 60_000,
      validUntil: T + D,
      cities: [
        { code: '440100', name: '', firstSeen: T - 2 * D, lastSeen: T - 10 * 60_000, starred: false },
        { code: '430100', name: '', firstSeen: T - 4 * D, lastSeen: T - 3 * D, starred },
      ],
    },
    { kid: 'cn1', iss: NATIONAL_AUTHORITY, holder: h },
  )

describe('at the gate', () => {
  const check = (text: string) =>
    checkPassForVenue({ text, trustList: trust, ruleSets: [rules('440000')], province: '440000', at: T, lang: 'zh' })

  test('a verified itinerary shows its cities with the star; the national code counts as one more code', () => {
    const r = check(passOf([hc(), tr(30 * H, 20 * H), hc({ iss: NATIONAL_AUTHORITY, kid: 'cn1' }), itClaim(true)]))
    expect(r.outcome).toBe('admit')
    expect(r.claims.map((c) => [c.typ, c.iss, c.verified])).toEqual([
      ['hc', '440000', true],
      ['tr', '440000', true],
      ['hc', NATIONAL_AUTHORITY, true],
      ['it', NATIONAL_AUTHORITY, true],
    ])
    expect(r.claims[3].summary).toBe('行程卡：广东省广州市，湖南省长沙市*')
  })

  test('a yellow national code is not admitted under the venue rules', () => {
    const r = check(
      passOf([
        hc(),
        tr(30 * H, 20 * H),
        hc({ iss: NATIONAL_AUTHORITY, kid: 'cn1', body: { colour: 'yellow' } } as never),
      ]),
    )
    expect(r.outcome).not.toBe('admit')
  })

  test('an itinerary signed with a province key is refused and its cities are not shown', () => {
    const forged = signClaim(itClaim(false), demoKeyFor('440000').secretKey)
    const text = passOf([hc(), tr(30 * H, 20 * H)])
    const withForged = decodePass(text)
    const r = check(encodePass({ v: 1, holder, claims: [...withForged.claims, forged] }))
    expect(r.outcome).toBe('refuse')
    expect(r.claims[2]).toMatchObject({ typ: 'it', verified: false, summary: '行程卡（未验签，不显示城市）' })
  })
})

describe('the pass text', () => {
  const person: Identity = { name: '张三', idNumber: '11010519491231002X', phone: '', birthDate: '1949-12-31' }
  const h = { maskedName: '张*', idTail: '002X' }
  const code = (c: Claim): ProvinceResult => ({
    province: c.iss,
    status: 'done',
    healthCode: {
      province: c.iss,
      issuer: c.iss,
      colour: 'green',
      issuedAt: c.iat,
      validUntil: c.exp,
      history: [],
      popUps: [],
      claim: serializeSignedClaim(signDemo(c)),
      verified: true,
    },
    tests: [],
    vaccinations: [],
  })
  const gd = code(hc({ holder: h }))
  const withTest: ProvinceResult = {
    ...gd,
    tests: [
      {
        sampleId: 'S1',
        kind: 'pcr',
        outcome: 'negative',
        sampledAt: T - 30 * H,
        reportedAt: T - 20 * H,
        pooled: true,
        lab: '金域医学',
        province: '440000',
        claim: serializeSignedClaim(signDemo(tr(30 * H, 20 * H, { holder: h }))),
        verified: true,
      },
    ],
    vaccinations: [
      {
        dose: 3,
        product: 'BBIBP-CorV',
        manufacturer: '',
        at: T - 300 * D,
        province: '440000',
        claim: serializeSignedClaim(
          signDemo({
            typ: 'vx',
            iss: '440000',
            kid: 'gd1',
            iat: T - D,
            exp: T + 300 * D,
            holder: h,
            body: { dose: 3, product: 'BBIBP-CorV', at: T - 300 * D, province: '440000' },
          }),
        ),
        verified: true,
      },
    ],
  }
  const types = (text: string | null) => decodePass(text!).decoded.map((c) => c.typ)

  test('a starred itinerary comes first of the extras; an unstarred one only if it fits after the dose', () => {
    const starred = serializeSignedClaim(signDemo(itClaim(true, h)))
    const plain = serializeSignedClaim(signDemo(itClaim(false, h)))
    const a = passText([withTest], '440000', person, starred)!
    expect(types(a)).toEqual(['hc', 'it', 'tr'])
    expect(a.length).toBeLessThanOrEqual(PASS_BUDGET)
    expect(types(passText([withTest], '440000', person, plain))).toEqual(['hc', 'tr', 'vx'])
    // Without a test or dose, there is room for the itinerary either way.
    expect(types(passText([gd], '440000', person, plain))).toEqual(['hc', 'it'])
    expect(parseSignedClaim(starred)).toBeTruthy()
  })

  test('a yellow national code is always carried; a green one when it fits', () => {
    const yellow = code(hc({ iss: NATIONAL_AUTHORITY, kid: 'cn1', holder: h, body: { colour: 'yellow' } } as never))
    yellow.healthCode!.colour = 'yellow'
    const text = passText([withTest, yellow], '440000', person)
    expect(decodePass(text!).decoded.map((c) => [c.typ, c.iss])[0]).toEqual(['hc', NATIONAL_AUTHORITY])
    const green = code(hc({ iss: NATIONAL_AUTHORITY, kid: 'cn1', holder: h }))
    expect(types(passText([gd, green], '440000', person))).toEqual(['hc', 'hc'])
  })
})

describe('what the traveller must act on', () => {
  const base: HealthCode = {
    province: '110000',
    issuer: 'x',
    colour: 'green',
    issuedAt: T,
    validUntil: T + D,
    history: [{ colour: 'green', at: T - 400 * D, reason: 'first issued' }],
    popUps: [],
  }
  test('pop-ups, non-green codes and unexplained changes each carry a contact; plain greens none', () => {
    const items = actionItems([
      base,
      { ...base, province: '440000', popUps: [{ type: 'test-required', message: 'm' }] },
      { ...base, province: '410000', colour: 'red', history: [...base.history, { colour: 'red', at: T - D }] },
      { ...base, province: NATIONAL_AUTHORITY, colour: 'yellow', reason: 'r' },
    ])
    expect(items.map((i) => [i.province, i.reasons])).toEqual([
      ['410000', ['red', 'no-reason']],
      [NATIONAL_AUTHORITY, ['yellow']],
      ['440000', ['pop-up']],
    ])
    expect(items[0].unexplainedAt).toBe(T - D)
    for (const i of items) expect(i.contact.serviceHotline).toBe('12345')
    expect(contactFor('110000').hotline).toBe('010-12320')
    expect(contactFor('410000').appeal?.zh).toMatch(/申诉/)
    expect(plainlyGreen(base)).toBe(true)
    expect(plainlyGreen({ ...base, popUps: [{ type: 'risk-contact', message: 'm' }] })).toBe(false)
  })
})
