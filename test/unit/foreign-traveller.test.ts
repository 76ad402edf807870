/**
 * Foreign certificates on the traveller's pass: multi-QR SMART Health Cards
 * collected part by part (bounded, mismatched sets refused), SHC revocation by
 * `rid` from the CRLs carried in the foreign trust list (the specification's
 * own demo CRL), the holder compared with the traveller, recoveries as facts,
 * and the trip check using a verified certificate's doses, tests and
 * recoveries with their provenance while saying why it left others out.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { deflateSync, inflateSync } from 'fflate'
import { DEMO_SHC_CRL } from '../../mock/lib/national'
import { makeStore } from '../../src/app/store'
import type { Services } from '../../src/app/services'
import { base64urlDecode, base64urlEncode, utf8Decode, utf8Encode } from '../../src/core/bytes'
import { base64Decode, base64Encode } from '../../src/core/foreign/euDcc'
import { verifyForeign } from '../../src/core/foreign/index'
import { shcToJws, verifyShc } from '../../src/core/foreign/shc'
import {
  addShcChunk,
  MAX_SHC_CHUNKS,
  type ShcChunkSet,
  shcChunkProgress,
  shcChunksComplete,
} from '../../src/core/foreign/shcChunks'
import type { ForeignTrustList } from '../../src/core/foreign/trust'
import { hcertKid } from '../../src/core/foreign/x509'
import { buildFacts } from '../../src/core/rules/facts'
import type { RuleSet } from '../../src/core/rules/types'
import { FOREIGN_CERTS_KEY, type HeldForeignCert } from '../../src/features/foreign/foreignCertsSlice'
import { foreignUse } from '../../src/features/foreign/foreignUse'
import { compareHolder, recheckHeld, verifyForTraveller } from '../../src/features/foreign/verifyHeld'
import { tripChecked } from '../../src/features/trip/tripSlice'
import { codeOf } from './codeOf'

const SHC = join(__dirname, '../fixtures/shc-examples/examples')
const DGC = join(__dirname, '../fixtures/dgc-testdata')
const read = (p: string) => readFileSync(p, 'utf8').trim()
const jwks = JSON.parse(read(join(SHC, 'issuer/.well-known/jwks.json'))) as {
  keys: Array<{ kid: string; x: string; y: string }>
}
const ISS = 'https://spec.smarthealth.cards/examples/issuer'
const AT_FILE = 'AT/2DCode/raw/1.json'
const atVector = JSON.parse(read(join(DGC, AT_FILE)))
const AT_CLOCK = Date.parse(atVector.TESTCTX.VALIDATIONCLOCK)

const trust: ForeignTrustList = {
  version: 7,
  issuedAt: Date.UTC(2021, 0, 1),
  dsc: [
    {
      kid: base64Encode(hcertKid(base64Decode(atVector.TESTCTX.CERTIFICATE))),
      country: 'AT',
      cert: atVector.TESTCTX.CERTIFICATE,
    },
  ],
  issuers: [
    {
      iss: ISS,
      name: 'SMART Health Card example issuer',
      country: 'US',
      keys: jwks.keys.map((k) => ({ kid: k.kid, kty: 'EC' as const, crv: 'P-256' as const, x: k.x, y: k.y })),
    },
  ],
  revoked: [],
  crls: [DEMO_SHC_CRL],
}

const qr = (n: string, i = 0) => read(join(SHC, `example-${n}-f-qr-code-numeric-value-${i}.txt`))
const EX02 = [0, 1, 2].map((i) => qr('02', i))
const AT2024 = Date.UTC(2024, 0, 1)
/** example-00's patient: three doses. */
const JOHN = { name: 'John B. Anyperson', birthDate: '1951-01-20' }

describe('multi-QR SMART Health Cards', () => {
  it('collects the parts in any order, says how many are read, and the whole card verifies', () => {
    let set: ShcChunkSet | null = null
    set = addShcChunk(set, EX02[2])
    expect(shcChunkProgress(set)).toEqual({ have: 1, total: 3 })
    expect(shcChunksComplete(set)).toBeNull()
    set = addShcChunk(set, EX02[0])
    set = addShcChunk(set, EX02[0]) // the same QR read twice is fine
    expect(shcChunkProgress(set)).toEqual({ have: 2, total: 3 })
    set = addShcChunk(set, EX02[1])
    const all = shcChunksComplete(set)
    expect(all).toEqual(EX02)
    expect(shcToJws(all as string[])).toBe(read(join(SHC, 'example-02-d-jws.txt')))
    expect(verifyShc(all as string[], trust, AT2024).kind).toBe('shc')
  })

  it('refuses a part of a card with another number of parts, or a second different part i, with a reason', () => {
    const set = addShcChunk(null, EX02[0])
    const otherTotal = EX02[1].replace(/^shc:\/2\/3\//, 'shc:/2/4/')
    expect(codeOf(() => addShcChunk(set, otherTotal))).toBe('NP_ERR_FOREIGN_CHUNKS')
    const otherPart1 = EX02[0].replace(/\d{4}$/, '0000')
    expect(codeOf(() => addShcChunk(set, otherPart1))).toBe('NP_ERR_FOREIGN_CHUNKS')
    // The set read so far is unchanged by a refusal.
    expect(shcChunkProgress(set)).toEqual({ have: 1, total: 3 })
  })

  it('is bounded: too many parts, a part number out of range, or a part longer than a QR code are refused', () => {
    expect(codeOf(() => addShcChunk(null, `shc:/1/${MAX_SHC_CHUNKS + 1}/5678`))).toBe('NP_ERR_FOREIGN_CHUNKS')
    expect(codeOf(() => addShcChunk(null, 'shc:/4/3/5678'))).toBe('NP_ERR_FOREIGN_CHUNKS')
    expect(codeOf(() => addShcChunk(null, `shc:/1/3/${'5'.repeat(7090)}`))).toBe('NP_ERR_FOREIGN_CHUNKS')
    expect(codeOf(() => addShcChunk(null, qr('00')))).toBe('NP_ERR_FOREIGN_CHUNKS')
  })

  it('an incomplete set is refused by the verifier, naming the missing part', () => {
    expect(codeOf(() => verifyShc(EX02.slice(0, 2), trust, AT2024))).toBe('NP_ERR_FOREIGN_MALFORMED')
    expect(codeOf(() => verifyForeign(EX02.slice(1).join('\n'), trust, AT2024))).toBe('NP_ERR_FOREIGN_MALFORMED')
    expect(verifyForeign(EX02.join('\n'), trust, AT2024).kind).toBe('shc')
  })
})

describe('SMART Health Card revocation by rid', () => {
  it("refuses example-03, whose rid the spec's demo CRL revokes for cards issued before its timestamp", () => {
    expect(codeOf(() => verifyForeign(qr('03'), trust, AT2024))).toBe('NP_ERR_FOREIGN_REVOKED')
  })

  it('keeps cards whose rid is not listed, and the same card under a list without CRLs', () => {
    expect(verifyForeign(qr('00'), trust, AT2024).kind).toBe('shc')
    expect(verifyForeign(qr('03'), { ...trust, crls: [] }, AT2024).kind).toBe('shc')
  })

  it('a rid.timestamp revokes only cards issued before it; a bare rid revokes always', () => {
    const crlAt = (entry: string) => ({ ...trust, crls: [{ ...DEMO_SHC_CRL, rids: [entry] }] })
    // example-00: rid MKyCxh7p6uQ, nbf 1687450764.656
    expect(codeOf(() => verifyForeign(qr('00'), crlAt('MKyCxh7p6uQ'), AT2024))).toBe('NP_ERR_FOREIGN_REVOKED')
    expect(codeOf(() => verifyForeign(qr('00'), crlAt('MKyCxh7p6uQ.1687450765'), AT2024))).toBe(
      'NP_ERR_FOREIGN_REVOKED',
    )
    expect(verifyForeign(qr('00'), crlAt('MKyCxh7p6uQ.1687450764'), AT2024).kind).toBe('shc')
    // A CRL for another key of the issuer does not apply.
    const other = { ...trust, crls: [{ ...DEMO_SHC_CRL, kid: jwks.keys[1].kid, rids: ['MKyCxh7p6uQ'] }] }
    expect(verifyForeign(qr('00'), other, AT2024).kind).toBe('shc')
  })

  it('a held card revoked by a newer list gets the reason and is no longer used', () => {
    const held = verifyForTraveller(qr('00'), { ...trust, crls: [] }, 6, AT2024, JOHN)
    const [again] = recheckHeld([held], { ...trust, crls: [{ ...DEMO_SHC_CRL, rids: ['MKyCxh7p6uQ'] }] }, 8, AT2024)
    expect(again.problem?.code).toBe('NP_ERR_FOREIGN_REVOKED')
    expect(again.trustListVersion).toBe(8)
    const use = foreignUse([again], AT2024, AT2024)
    expect(use.used).toEqual([])
    expect(use.notUsed.map((x) => x.error.code)).toEqual(['NP_ERR_FOREIGN_REVOKED'])
  })
})

describe('adding a certificate to the pass', () => {
  it("verifies, keeps the text, and compares the holder with the traveller's identity", () => {
    const h = verifyForTraveller(`  ${qr('00')}\n`, trust, 7, AT2024, JOHN)
    expect(h.text).toBe(qr('00'))
    expect(h.nameCheck).toBe('match')
    expect(h.trustListVersion).toBe(7)
    expect(h.cert.vaccinations).toHaveLength(3)
    expect(verifyForTraveller(qr('00'), trust, 7, AT2024, { name: '张三', birthDate: '1951-01-20' }).nameCheck).toBe(
      'unconfirmed',
    )
    expect(
      verifyForTraveller(qr('00'), trust, 7, AT2024, { name: 'Jane Other', birthDate: '1951-01-20' }).nameCheck,
    ).toBe('other-person')
    expect(verifyForTraveller(qr('00'), trust, 7, AT2024, { name: '张三', birthDate: '1990-03-07' }).nameCheck).toBe(
      'other-person',
    )
  })

  it('compares names without accents, case, spaces or order; partial birth dates by prefix', () => {
    const p = { familyName: 'Musterfrau-Gößinger', givenName: 'Gabriele', birthDate: '1998-02', maskedName: '' }
    expect(compareHolder(p, { name: 'GABRIELE MUSTERFRAU GOßINGER', birthDate: '1998-02-26' })).toBe('match')
    expect(compareHolder(p, { name: 'Gabriele Musterfrau', birthDate: '1998-02-26' })).toBe('other-person')
    expect(compareHolder(p, { name: 'Gabriele Musterfrau-Gößinger', birthDate: '1998-03-26' })).toBe('other-person')
  })

  it('refuses malformed, tampered and expired input with typed errors', () => {
    expect(codeOf(() => verifyForTraveller('hello', trust, 7, AT2024, JOHN))).toBe('NP_ERR_FOREIGN_MALFORMED')
    expect(codeOf(() => verifyForTraveller('shc:/12ab', trust, 7, AT2024, JOHN))).toBe('NP_ERR_FOREIGN_MALFORMED')
    const [h, p, s] = read(join(SHC, 'example-00-d-jws.txt')).split('.')
    const body = utf8Decode(inflateSync(base64urlDecode(p))).replace('1951-01-20', '1961-01-20')
    const forged = `${h}.${base64urlEncode(deflateSync(utf8Encode(body)))}.${s}`
    const forgedQr = `shc:/${Array.from(forged, (c) => String(c.charCodeAt(0) - 45).padStart(2, '0')).join('')}`
    expect(codeOf(() => verifyForTraveller(forgedQr, trust, 7, AT2024, JOHN))).toBe('NP_ERR_FOREIGN_TAMPERED')
    // The corpus HCERT is past its expiry today.
    expect(codeOf(() => verifyForTraveller(atVector.PREFIX, trust, 7, Date.UTC(2026, 0, 1), JOHN))).toBe(
      'NP_ERR_FOREIGN_EXPIRED',
    )
    expect(verifyForTraveller(atVector.PREFIX, trust, 7, AT_CLOCK, JOHN).cert.kind).toBe('eu-dcc')
  })
})

describe('recoveries as facts', () => {
  const DAY = 24 * 3_600_000
  const t0 = Date.UTC(2022, 5, 1)
  const base = { codes: [], tests: [], vaccinations: [], declarations: [], person: { birthDate: '1990-01-01' } }
  it('a recovery valid at the clock is derived.recovery, with provenance; none before or after', () => {
    const recoveries = [
      {
        firstPositive: t0,
        validFrom: t0 + 11 * DAY,
        validUntil: t0 + 180 * DAY,
        country: 'AT',
        via: { kind: 'eu-dcc' as const, type: 'r' as const, country: 'AT' },
      },
    ]
    const f = buildFacts({ ...base, recoveries, destination: '110000', at: t0 + 20 * DAY })
    expect(f.payload.recoveries).toHaveLength(1)
    expect(f.derived.recovery).toMatchObject({ country: 'AT', via: { kind: 'eu-dcc', type: 'r' } })
    expect(buildFacts({ ...base, recoveries, destination: '110000', at: t0 + 5 * DAY }).derived.recovery).toBeNull()
    expect(buildFacts({ ...base, recoveries, destination: '110000', at: t0 + 200 * DAY }).derived.recovery).toBeNull()
    // Without a source that states recoveries, the facts are as before.
    expect('recoveries' in buildFacts({ ...base, destination: '110000', at: t0 }).payload).toBe(false)
  })
})

describe('the trip check uses verified foreign certificates', () => {
  const PROVINCE = '110000'
  const doseRule: RuleSet = {
    province: PROVINCE,
    version: '1.0.0',
    publishedAt: '2020-01-01T00:00:00+08:00',
    rules: [
      {
        identifier: 'TEST-DOSE-0001',
        type: 'acceptance',
        province: PROVINCE,
        version: '1.0.0',
        validFrom: '2020-01-01T00:00:00+08:00',
        validTo: '2030-01-01T00:00:00+08:00',
        description: { zh: '须接种至少两剂', en: 'At least two doses' },
        affectedFields: ['derived.vaccination.doses'],
        logic: { '>=': [{ var: 'derived.vaccination.doses' }, 2] },
        outcome: 'refuse',
      },
    ],
  }

  function storeWith(held: HeldForeignCert[], now: number) {
    const m = new Map<string, unknown>([[FOREIGN_CERTS_KEY, { 'p-1': held }]])
    const services = {
      clock: { now: () => now },
      storage: { read: (k: string) => ({ value: m.get(k) ?? null }), write: (k: string, v: unknown) => m.set(k, v) },
      ruleSet: async () => ({ data: { value: doseRule, fetchedAt: now, version: '1.0.0' } }),
    } as unknown as Services
    const identity = { name: JOHN.name, idNumber: '110101195101200011', phone: '', birthDate: JOHN.birthDate }
    return makeStore(
      {
        identity: {
          status: 'ready',
          people: [{ id: 'p-1', identity, self: true, consentAt: now, source: 'demo' }],
          activeId: 'p-1',
          consents: {},
          demoPeople: [],
          sms: null,
          error: null,
          formErrors: null,
        },
      },
      services,
    )
  }

  it("a destination rule requiring doses is met by the traveller's verified SHC, and the result says so", async () => {
    const held = verifyForTraveller(qr('00'), trust, 7, AT2024, JOHN)
    const store = storeWith([held], AT2024)
    await store.dispatch(tripChecked({ stops: [{ province: PROVINCE, arrivalAt: AT2024 + 3_600_000 }], manual: {} }))
    const trip = store.getState().trip
    expect(trip.checks[0].verdict.outcome).toBe('admit')
    expect(trip.foreign).toEqual({ used: [held.id], notUsed: [] })
  })

  it("another person's certificate, or one expired by the arrival, is not used and the result says why", async () => {
    const other = verifyForTraveller(qr('00'), trust, 7, AT2024, { name: 'Jane Other', birthDate: '1980-01-01' })
    const store = storeWith([other], AT2024)
    await store.dispatch(tripChecked({ stops: [{ province: PROVINCE, arrivalAt: AT2024 + 3_600_000 }], manual: {} }))
    let trip = store.getState().trip
    expect(trip.checks[0].verdict.outcome).toBe('refuse')
    expect(trip.foreign?.notUsed.map((x) => x.error.code)).toEqual(['NP_ERR_FOREIGN_OTHER_PERSON'])

    // The corpus EU DCC (one dose… of a two-dose rule here: what matters is that it is left out) verified at its
    // clock, checked for an arrival after its expiry.
    const eu = verifyForTraveller(atVector.PREFIX, trust, 7, AT_CLOCK, {
      name: 'Gabriele Musterfrau-Gößinger',
      birthDate: '1998-02-26',
    })
    expect(eu.cert.expiresAt).toBeDefined()
    const late = storeWith([eu], AT_CLOCK)
    await late.dispatch(
      tripChecked({ stops: [{ province: PROVINCE, arrivalAt: (eu.cert.expiresAt as number) + 1 }], manual: {} }),
    )
    trip = late.getState().trip
    expect(trip.foreign?.notUsed.map((x) => x.error.code)).toEqual(['NP_ERR_FOREIGN_EXPIRED'])
    expect(trip.foreign?.used).toEqual([])
  })

  it('a positive test still counts when its certificate expired; not when it names someone else or was revoked', () => {
    const held = verifyForTraveller(qr('00'), trust, 7, AT2024, JOHN)
    const positive = {
      ...held,
      cert: {
        ...held.cert,
        expiresAt: AT2024 - 1,
        tests: [
          {
            sampleId: 'x1',
            kind: 'pcr',
            outcome: 'positive',
            sampledAt: AT2024 - 86_400_000,
            reportedAt: AT2024 - 80_000_000,
            pooled: false,
            lab: 'Example lab',
            province: 'foreign:US',
          },
        ],
      },
    } satisfies HeldForeignCert
    const use = foreignUse([positive], AT2024, AT2024)
    expect(use.used).toEqual([])
    expect(use.notUsed.map((x) => x.error.code)).toEqual(['NP_ERR_FOREIGN_EXPIRED'])
    expect(use.tests.map((t) => [t.outcome, t.via])).toEqual([['positive', { kind: 'shc', type: 't', country: 'US' }]])
    expect(use.vaccinations).toEqual([])
    const someoneElse = foreignUse([{ ...positive, nameCheck: 'other-person' }], AT2024, AT2024)
    expect(someoneElse.tests).toEqual([])
    const revoked = foreignUse(
      [{ ...positive, problem: { code: 'NP_ERR_FOREIGN_REVOKED', message: 'revoked' } }],
      AT2024,
      AT2024,
    )
    expect(revoked.tests).toEqual([])
  })

  it('the facts carry their provenance: issuer country and certificate type', () => {
    const held = verifyForTraveller(qr('00'), trust, 7, AT2024, JOHN)
    const use = foreignUse([held], AT2024, AT2024)
    expect(use.vaccinations.map((v) => v.via)).toEqual(Array(3).fill({ kind: 'shc', type: 'v', country: 'US' }))
    const f = buildFacts({
      codes: [],
      tests: use.tests,
      vaccinations: use.vaccinations,
      declarations: [],
      recoveries: use.recoveries,
      person: { birthDate: JOHN.birthDate },
      destination: PROVINCE,
      at: AT2024,
    })
    expect(f.payload.vaccinations[0]).toMatchObject({ province: 'foreign:US', via: { kind: 'shc', country: 'US' } })
    expect(f.derived.vaccination.doses).toBe(3)
  })
})
