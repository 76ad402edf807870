import fc from 'fast-check'
import { base45Decode, base45Encode } from '@/core/base45'
import { type Claim, signClaim } from '@/core/claims'
import { NpError } from '@/core/errors'
import { decodePass, encodePass, PASS_PREFIX, verifyPass } from '@/core/passCodec'
import { ROOT_PUBLIC_KEY } from '@/core/rootKey'
import { verifyTrustList } from '@/core/trustList'
import { buildDemoTrustList, demoKeyFor } from '../../mock/keys'
import { H, signDemo, typicalClaims, typicalHolder, typicalPass, VECTORS_T } from '../fixtures/typicalPass'
import { codeOf } from './codeOf'

const T = VECTORS_T
const trust = verifyTrustList(buildDemoTrustList(T), ROOT_PUBLIC_KEY)
const gd = demoKeyFor('440000')
const js = demoKeyFor('320000')
const holder = typicalHolder
const { tr, vx } = typicalClaims(T)
const hc = (over: Partial<Claim> = {}): Claim => ({ ...typicalClaims(T).hc, ...over }) as Claim
const { text, claims: typical } = typicalPass(T)

describe('encodePass / decodePass', () => {
  it('fits a typical pass (health code, test, vaccination) in at most 450 QR characters', () => {
    expect(text.startsWith(PASS_PREFIX)).toBe(true)
    expect(text).toMatch(/^[0-9A-Z $%*+\-./:]+$/)
    expect(text.length).toBeLessThanOrEqual(450)
  })

  it('rebuilds every signed byte string exactly, holder included', () => {
    const pass = decodePass(text)
    expect(pass.holder).toEqual(holder)
    expect(pass.claims).toEqual(typical)
    expect(pass.decoded).toEqual([hc(), tr, vx])
    expect(pass.generatedAt).toBe(T)
  })

  it('keeps a claim for someone else, or for no one, as signed', () => {
    const other = signClaim(hc({ holder: { maskedName: '李*', idTail: '0001' } }), gd.secretKey)
    const none = signClaim(hc({ holder: undefined }), gd.secretKey)
    expect(decodePass(encodePass({ v: 1, holder, claims: [other, none] })).claims).toEqual([other, none])
  })

  it('tolerates surrounding whitespace from scanners', () => {
    expect(decodePass(`  ${text}\n`).holder).toEqual(holder)
  })

  it.each([
    ['empty text', '', 'NP_ERR_PASS_MALFORMED'],
    ['plain text', 'hello', 'NP_ERR_PASS_MALFORMED'],
    ['a place-code', 'https://np.example.cn/p/abc', 'NP_ERR_PASS_MALFORMED'],
    ['a bare prefix', 'NP1:', 'NP_ERR_PASS_MALFORMED'],
    ['lower-case base45', 'NP1:abc', 'NP_ERR_PASS_MALFORMED'],
    ['version 4', 'NP4:ABCDEF', 'NP_ERR_PASS_VERSION'],
    ['a version-2 (bound) pass that is not one', 'NP2:ABCDEF', 'NP_ERR_PASS_MALFORMED'],
    ['a real pass relabelled version 9', text.replace('NP1:', 'NP9:'), 'NP_ERR_PASS_VERSION'],
    ['a real pass cut short', text.slice(0, -3), 'NP_ERR_PASS_MALFORMED'],
    ['a real pass with trailing data', `${text}00`, 'NP_ERR_PASS_MALFORMED'],
  ])('refuses %s with %s', (_what, bad, code) => {
    expect(codeOf(() => decodePass(bad))).toBe(code)
  })

  it('refuses to build an empty pass', () => {
    expect(codeOf(() => encodePass({ v: 1, holder, claims: [] }))).toBe('NP_ERR_VALIDATION')
  })
})

describe('verifyPass', () => {
  it('verifies a live pass with no problems', () => {
    const r = verifyPass(text, trust, T + 60_000)
    expect(r.valid).toBe(true)
    expect(r.problems).toEqual([])
    expect(r.claims.map((c) => c.verification)).toEqual([
      { status: 'verified', kid: 'gd1' },
      { status: 'verified', kid: 'gd1' },
      { status: 'verified', kid: 'js1' },
    ])
    expect(r.claims.map((c) => c.ageMs)).toEqual([60_000, 20 * H + 60_000, 24 * H + 60_000])
  })

  it('flags a screenshot: the health code was issued more than 10 minutes (plus skew) ago', () => {
    const r = verifyPass(text, trust, T + 16 * 60_000)
    expect(r.valid).toBe(false)
    expect(r.problems).toEqual([
      { code: 'NP_ERR_PASS_SCREENSHOT', message: expect.stringContaining('16 min old'), params: { age: '16 min' } },
    ])
    expect(verifyPass(text, trust, T + 14 * 60_000).valid).toBe(true)
    expect(verifyPass(text, trust, T + 3 * 60_000, { maxAgeMs: 60_000, skewToleranceMs: 0 }).problems[0].code).toBe(
      'NP_ERR_PASS_SCREENSHOT',
    )
  })

  it('flags an expired pass and says how long ago', () => {
    const r = verifyPass(text, trust, T + 26 * H)
    expect(r.problems.map((p) => p.code)).toContain('NP_ERR_PASS_EXPIRED')
    expect(r.problems.find((p) => p.code === 'NP_ERR_PASS_EXPIRED')?.message).toContain('2 h ago')
    expect(r.claims[0].verification).toMatchObject({ status: 'invalid', code: 'NP_ERR_CLAIM_EXPIRED' })
  })

  it('flags claims for different people and claims naming no one', () => {
    const other = signClaim({ ...vx, holder: { maskedName: '李*', idTail: '0001' } }, js.secretKey)
    const r = verifyPass(encodePass({ v: 1, holder, claims: [typical[0], other] }), trust, T)
    expect(r.valid).toBe(false)
    expect(r.claims.every((c) => c.verification.status === 'verified')).toBe(true)
    expect(r.problems.map((p) => p.code)).toEqual(['NP_ERR_PASS_HOLDER_MISMATCH'])
    const none = signClaim({ ...vx, holder: undefined }, js.secretKey)
    expect(
      verifyPass(encodePass({ v: 1, holder, claims: [typical[0], none] }), trust, T).problems.map((p) => p.code),
    ).toEqual(['NP_ERR_PASS_UNBOUND'])
  })

  it('rejects a pass whose holder was swapped: each province signed the original holder', () => {
    const swapped = encodePass({ v: 1, holder: { maskedName: '李*', idTail: '0001' }, claims: typical })
    const r = verifyPass(swapped, trust, T)
    expect(r.valid).toBe(false)
    expect(r.problems.map((p) => p.code)).toEqual(['NP_ERR_PASS_HOLDER_MISMATCH'])
    const bin = base45Decode(text.slice(4))
    const forged = PASS_PREFIX + base45Encode(Uint8Array.from([...bin.subarray(0, 1), 0x4e, 0x4e, ...bin.subarray(3)]))
    const f = verifyPass(forged, trust, T)
    expect(f.valid).toBe(false)
    expect(f.claims.map((c) => c.verification)).toEqual(
      Array(3).fill(expect.objectContaining({ code: 'NP_ERR_SIGNATURE_INVALID' })),
    )
  })

  it('reports revoked and unknown keys per claim', () => {
    const ha0 = signDemo({ ...vx, iss: '410000', kid: 'ha0' })
    const r = verifyPass(encodePass({ v: 1, holder, claims: [typical[0], ha0] }), trust, T)
    expect(r.claims[1].verification).toMatchObject({ status: 'invalid', code: 'NP_ERR_KEY_REVOKED' })
    expect(r.valid).toBe(false)
    const unknown = signClaim({ ...vx, kid: 'js9' }, js.secretKey)
    const u = verifyPass(encodePass({ v: 1, holder, claims: [typical[0], unknown] }), trust, T)
    expect(u.claims[1].verification).toMatchObject({
      status: 'invalid',
      code: 'NP_ERR_KEY_UNKNOWN',
      message: expect.stringContaining('js9'),
    })
  })
})

describe('hostile input', () => {
  const expectRefused = (t: string): void => {
    let valid = false
    try {
      valid = verifyPass(t, trust, T).valid
    } catch (e) {
      expect(e).toBeInstanceOf(NpError)
      expect(['NP_ERR_PASS_MALFORMED', 'NP_ERR_PASS_VERSION']).toContain((e as NpError).code)
    }
    expect(valid).toBe(false)
  }
  const bin = base45Decode(text.slice(PASS_PREFIX.length))

  it('any string is refused with an NpError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.fullUnicodeString(),
          fc.string().map((s) => PASS_PREFIX + s),
          fc.stringMatching(/^NP1:[0-9A-Z $%*+\-./:]*$/),
        ),
        expectRefused,
      ),
      { numRuns: 400 },
    )
  })

  it('any random bytes after the prefix are refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 320 }), (b) => expectRefused(PASS_PREFIX + base45Encode(b))),
      { numRuns: 300 },
    )
  })

  it('every truncation of a real pass is refused', () => {
    for (let n = 0; n < bin.length; n++) expectRefused(PASS_PREFIX + base45Encode(bin.subarray(0, n)))
  })

  it('any single bit flip in a real pass (payload or signatures) is never accepted', () => {
    expect(verifyPass(text, trust, T).valid).toBe(true)
    fc.assert(
      fc.property(fc.nat(bin.length * 8 - 1), (bit) => {
        const b = bin.slice()
        b[bit >> 3] ^= 1 << (bit & 7)
        expectRefused(PASS_PREFIX + base45Encode(b))
      }),
      { numRuns: 300 },
    )
  })
})
