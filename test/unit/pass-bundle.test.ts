/**
 * Issue 16 (smaller pass QR): one signature per authority. A pass bundle
 * (`pb`) carries compact items of the claims an authority issued; an `NP3:`
 * pass carries the holder once and one bundle per authority (or individual
 * claims as a fallback). Each item decodes into the claim the verifier and
 * the rules already read, and is judged on its own dates.
 */
import { base45Decode, base45Encode } from '@/core/base45'
import { Reader } from '@/core/bytes'
import { type Claim, decodeClaim, encodeClaim, readHolder, type TestClaim, type VaccinationClaim } from '@/core/claims'
import { generateKeyPair } from '@/core/ed25519'
import { isNpError } from '@/core/errors'
import { BUNDLE_FIRST_BYTE, bundleOf, decodeBundle, encodeBundle, type PassBundle, signBundle } from '@/core/passBundle'
import {
  BINDING_WINDOW_MS,
  BUNDLED_PASS_PREFIX,
  decodePass,
  encodeBoundPass,
  encodePass,
  isBoundPass,
  PASS_PREFIX,
  verifyPass,
} from '@/core/passCodec'
import { checkPassForVenue, type GuardCheckInput } from '@/features/guard/guardCheck'
import {
  DAY,
  demoSecret,
  signDemo,
  typicalBundledPass,
  typicalClaims,
  typicalHolder,
  typicalNationalClaims,
  typicalPass,
  typicalUnbundledPass,
} from '../fixtures/typicalPass'
import { H, rules, T, trust } from './guardFixtures'

const holder = typicalHolder
const codeOf = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    return isNpError(e) ? e.code : `not an NpError: ${String(e)}`
  }
  return 'no error'
}
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
/** A Guangdong bundle of `items` at T, signed by `kid`'s DEMO key. */
const gdBundle = (items: Claim[], over: Partial<PassBundle> = {}, kid = 'gd1') =>
  signBundle({ iss: '440000', kid: 'gd1', iat: T, holder, items, ...over }, demoSecret(kid))
const passWith = (bundles: ReturnType<typeof gdBundle>[], h = holder) =>
  encodePass({ v: 1, holder: h, claims: [], bundles })

describe('pass bundle codec', () => {
  test('items decode into the claims that were bundled (times on whole minutes stay exact)', () => {
    const { hc, tr, vx } = typicalClaims(T)
    const n = typicalNationalClaims(T)
    const gd = bundleOf([hc, tr], { iss: '440000', kid: 'gd1', iat: T, holder })
    expect(decodeBundle(encodeBundle(gd)).items).toEqual([hc, tr])
    const js = bundleOf([vx], { iss: '320000', kid: 'js1', iat: T, holder })
    expect(decodeBundle(encodeBundle(js)).items).toEqual([vx])
    const cn = bundleOf([n.hc, n.it], { iss: '100000', kid: 'cn1', iat: T, holder })
    expect(decodeBundle(encodeBundle(cn)).items).toEqual([n.hc, n.it])
  })

  test("every item names the bundle's key (the one signature that vouches for it), whatever key signed the claim first", () => {
    const { hc } = typicalClaims(T)
    const old = { ...hc, kid: 'gd2' }
    const [item] = decodeBundle(encodeBundle(bundleOf([old], { iss: '440000', kid: 'gd1', iat: T, holder }))).items
    expect(item.kid).toBe('gd1')
  })

  test('times are minutes, rounded the safe way: issued, sampled and expiry earlier; reported and dosed later', () => {
    const s = 17_000 // 17 s past the minute
    const { tr, vx } = typicalClaims(T)
    const t: TestClaim = {
      ...tr,
      iat: tr.iat + s,
      exp: tr.exp + s,
      body: { ...tr.body, sampledAt: tr.body.sampledAt + s, reportedAt: (tr.body.reportedAt ?? 0) + s },
    }
    const v: VaccinationClaim = {
      ...vx,
      iss: '440000',
      kid: 'gd1',
      iat: vx.iat + s,
      body: { ...vx.body, at: vx.body.at + s, province: '440000' },
    }
    const [dt, dv] = decodeBundle(encodeBundle(bundleOf([t, v], { iss: '440000', kid: 'gd1', iat: T, holder })))
      .items as [TestClaim, VaccinationClaim]
    expect(dt.iat).toBe(tr.iat)
    expect(dt.exp).toBe(tr.exp)
    expect(dt.body.sampledAt).toBe(tr.body.sampledAt)
    expect(dt.body.reportedAt).toBe((tr.body.reportedAt ?? 0) + 60_000)
    expect(dv.body.at).toBe(vx.body.at + 60_000)
  })

  test('unknown labs and products travel as text; the typical ones as one-byte codes', () => {
    const { tr, vx } = typicalClaims(T)
    const odd: TestClaim = { ...tr, body: { ...tr.body, lab: '某某检测 (DEMO)' } }
    const dose: VaccinationClaim = {
      ...vx,
      iss: '440000',
      kid: 'gd1',
      body: { ...vx.body, product: '某疫苗', manufacturer: '某厂', province: '320000' },
    }
    const b = bundleOf([odd, dose], { iss: '440000', kid: 'gd1', iat: T, holder })
    expect(decodeBundle(encodeBundle(b)).items).toEqual([odd, dose])
    const coded = encodeBundle(bundleOf([tr], { iss: '440000', kid: 'gd1', iat: T, holder })).length
    const text = encodeBundle(bundleOf([odd], { iss: '440000', kid: 'gd1', iat: T, holder })).length
    expect(text).toBeGreaterThan(coded)
  })

  test('a bundle is never read as a claim, nor a claim as a bundle (type 6)', () => {
    const bytes = encodeBundle(bundleOf([typicalClaims(T).hc], { iss: '440000', kid: 'gd1', iat: T, holder }))
    expect(bytes[0]).toBe(BUNDLE_FIRST_BYTE)
    expect(codeOf(() => decodeClaim(bytes))).toBe('NP_ERR_CLAIM_MALFORMED')
    expect(codeOf(() => decodeBundle(encodeClaim(typicalClaims(T).hc)))).toBe('NP_ERR_CLAIM_MALFORMED')
  })

  test('what cannot be bundled is a validation error', () => {
    const { hc, vx } = typicalClaims(T)
    const meta = { iss: '440000', kid: 'gd1', iat: T, holder }
    expect(codeOf(() => encodeBundle({ ...meta, items: [] }))).toBe('NP_ERR_VALIDATION')
    expect(codeOf(() => encodeBundle({ ...meta, items: [vx] }))).toBe('NP_ERR_VALIDATION') // Jiangsu's claim
    expect(codeOf(() => encodeBundle({ ...meta, items: [{ ...hc, iat: T + 2 * 60_000 }] }))).toBe('NP_ERR_VALIDATION')
    expect(
      codeOf(() => encodeBundle({ ...meta, items: [{ ...hc, holder: { maskedName: '李*', idTail: '0001' } }] })),
    ).toBe('NP_ERR_VALIDATION')
    const venue = { typ: 'venue', iss: '440000', kid: 'gd1', iat: T, exp: T + DAY, body: { venueId: '1', name: 'x' } }
    expect(codeOf(() => encodeBundle({ ...meta, items: [venue as Claim] }))).toBe('NP_ERR_VALIDATION')
  })

  test('every truncation and every unknown flag of a bundle is CLAIM_MALFORMED, never another error', () => {
    const { hc, tr } = typicalClaims(T)
    const n = typicalNationalClaims(T)
    const bytes = encodeBundle(
      bundleOf([hc, tr], { iss: '440000', kid: 'gd1', iat: T, holder, deviceKey: new Uint8Array(32) }),
    )
    for (let i = 0; i < bytes.length; i++)
      expect(codeOf(() => decodeBundle(bytes.subarray(0, i)))).toBe('NP_ERR_CLAIM_MALFORMED')
    expect(codeOf(() => decodeBundle(Uint8Array.from([...bytes, 0])))).toBe('NP_ERR_CLAIM_MALFORMED')
    const it = encodeBundle(bundleOf([n.it], { iss: '100000', kid: 'cn1', iat: T, holder }))
    for (let i = 0; i < it.length; i++) {
      const flipped = Uint8Array.from(it)
      flipped[i] ^= 0x80
      const c = codeOf(() => decodeBundle(flipped))
      expect(['no error', 'NP_ERR_CLAIM_MALFORMED']).toContain(c)
    }
  })
})

describe('NP3 pass', () => {
  test('the typical pass with the national code and the itinerary fits in 400 characters (NP1 today: 445 without them)', () => {
    const { text, decoded } = typicalBundledPass(T)
    expect(text.startsWith(BUNDLED_PASS_PREFIX)).toBe(true)
    expect(text.length).toBeLessThanOrEqual(400)
    expect(typicalPass(T).text.length).toBe(445)
    expect(typicalUnbundledPass(T).length).toBeGreaterThan(600)
    const p = decodePass(text)
    expect(p.decoded).toEqual(decoded)
    expect(p.origins).toEqual([{ bundle: 0 }, { bundle: 0 }, { bundle: 0 }, { bundle: 1 }, { bundle: 1 }])
    expect(p.generatedAt).toBe(T)
  })

  test('verifies: one signature per bundle, every item verified, the rules admit', () => {
    const { text } = typicalBundledPass(T)
    const v = verifyPass(text, trust, T + 60_000)
    expect(v.valid).toBe(true)
    expect(v.problems).toEqual([])
    expect(v.claims.map((c) => [c.claim.typ, c.claim.iss, c.verification.status, c.bundle])).toEqual([
      ['hc', '440000', 'verified', 0],
      ['tr', '440000', 'verified', 0],
      ['vx', '440000', 'verified', 0],
      ['hc', '100000', 'verified', 1],
      ['it', '100000', 'verified', 1],
    ])
    const r = check(text)
    expect(r.outcome).toBe('admit')
  })

  test('bundles and individual claims mix (an authority without the bundle hook)', () => {
    const { text } = typicalBundledPass(T, { homeDose: false })
    const v = verifyPass(text, trust, T)
    expect(v.valid).toBe(true)
    expect(v.claims.map((c) => [c.claim.typ, c.claim.iss, c.bundle])).toEqual([
      ['hc', '440000', 0],
      ['tr', '440000', 0],
      ['hc', '100000', 1],
      ['it', '100000', 1],
      ['vx', '320000', undefined],
    ])
  })

  test('NP1 and NP2 passes already issued still decode and verify', () => {
    expect(verifyPass(typicalPass(T).text, trust, T).valid).toBe(true)
    expect(typicalPass(T).text.startsWith(PASS_PREFIX)).toBe(true)
    const phone = generateKeyPair(new Uint8Array(32).fill(7))
    const { hc, tr } = typicalClaims(T)
    const dk = {
      typ: 'dk',
      iss: '440000',
      kid: 'gd1',
      iat: T,
      exp: T + DAY,
      holder,
      body: { publicKey: phone.publicKey },
    }
    const np2 = encodeBoundPass({ v: 1, holder, claims: [hc, tr, dk as Claim].map(signDemo) }, phone.secretKey, T)
    expect(np2.startsWith('NP2:')).toBe(true)
    expect(verifyPass(np2, trust, T).bound).toBe(true)
  })

  test('another version digit is PASS_VERSION; a broken NP3 is PASS_MALFORMED and the guard calls it tampered', () => {
    const { text } = typicalBundledPass(T)
    expect(codeOf(() => decodePass(`NP4:${text.slice(4)}`))).toBe('NP_ERR_PASS_VERSION')
    const bin = base45Decode(text.slice(4))
    for (const cut of [1, 13, 40, bin.length - 1])
      expect(codeOf(() => decodePass(BUNDLED_PASS_PREFIX + base45Encode(bin.subarray(0, cut))))).toBe(
        'NP_ERR_PASS_MALFORMED',
      )
    const r = check(BUNDLED_PASS_PREFIX + base45Encode(bin.subarray(0, 40)))
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toEqual(['NP_ERR_PASS_TAMPERED'])
  })
})

describe('attacks on a bundled pass', () => {
  test('an edited item inside a bundle (its red code made green) breaks the one signature: every item of it refused', () => {
    const { hc, tr } = typicalClaims(T, { codeAge: 60_000 })
    const red = { ...hc, body: { colour: 'red' as const } }
    const text = passWith([gdBundle([red, tr])])
    const bin = base45Decode(text.slice(4))
    // Find the colour byte of the hc item: flip red (2) to green (0) in its flags (bits 3–4).
    const edited = Array.from({ length: bin.length }, (_, i) => i).find((i) => {
      const b = Uint8Array.from(bin)
      b[i] = bin[i] & ~(2 << 3)
      if (b[i] === bin[i]) return false
      try {
        const p = decodePass(BUNDLED_PASS_PREFIX + base45Encode(b))
        return p.decoded[0].typ === 'hc' && p.decoded[0].body.colour === 'green'
      } catch {
        return false
      }
    })
    expect(edited).toBeDefined()
    const b = Uint8Array.from(bin)
    b[edited as number] &= ~(2 << 3)
    const forged = BUNDLED_PASS_PREFIX + base45Encode(b)
    const v = verifyPass(forged, trust, T)
    expect(v.valid).toBe(false)
    expect(v.claims.map((c) => c.verification.status)).toEqual(['invalid', 'invalid'])
    const r = check(forged)
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_SIGNATURE_INVALID')
  })

  test('a bundle signed by a key not on the trust list is refused', () => {
    const { hc, tr } = typicalClaims(T, { codeAge: 60_000 })
    const rogue = generateKeyPair(new Uint8Array(32).fill(3))
    const forged = passWith([
      signBundle({ iss: '440000', kid: 'gd9', iat: T, holder, items: [hc, tr] }, rogue.secretKey),
    ])
    const r = check(forged)
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_KEY_UNKNOWN')
    // Nor does a rogue key pass by naming a listed kid.
    const named = passWith([
      signBundle({ iss: '440000', kid: 'gd1', iat: T, holder, items: [hc, tr] }, rogue.secretKey),
    ])
    expect(codes(check(named))).toContain('NP_ERR_SIGNATURE_INVALID')
    // Nor another province's key.
    expect(codes(check(passWith([gdBundle([hc, tr], {}, 'js1')])))).toContain('NP_ERR_SIGNATURE_INVALID')
    const js = signBundle({ iss: '440000', kid: 'js1', iat: T, holder, items: [hc, tr] }, demoSecret('js1'))
    expect(codes(check(passWith([js])))).toContain('NP_ERR_KEY_WRONG_PROVINCE')
  })

  test("someone else's bundle is refused: spliced under my holder it no longer verifies; carried whole it is a holder mismatch", () => {
    const other = { maskedName: '李*四', idTail: '0001' }
    const { hc, tr } = typicalClaims(T, { codeAge: 60_000, holder: other })
    const theirs = signBundle({ iss: '440000', kid: 'gd1', iat: T, holder: other, items: [hc, tr] }, demoSecret('gd1'))
    // Re-encoded under my holder: not elided (holders differ), so it names them.
    const mixed = passWith([theirs])
    const a = check(mixed)
    expect(a.outcome).toBe('refuse')
    expect(codes(a)).toContain('NP_ERR_PASS_HOLDER_MISMATCH')
    // Their pass with the holder field rewritten to mine: the elided holder is spliced back as mine, breaking the signature.
    const theirPass = passWith([theirs], other)
    const bin = base45Decode(theirPass.slice(4))
    const mine = base45Decode(passWith([gdBundle([typicalClaims(T).hc])]).slice(4))
    const holderEnd = (b: Uint8Array) => {
      const r = new Reader(b)
      readHolder(r)
      return r.offset
    }
    const swapped = Uint8Array.from([...mine.subarray(0, holderEnd(mine)), ...bin.subarray(holderEnd(bin))])
    const b = check(BUNDLED_PASS_PREFIX + base45Encode(swapped))
    expect(b.outcome).toBe('refuse')
    expect(codes(b)).toContain('NP_ERR_SIGNATURE_INVALID')
  })

  test('each item is judged on its own dates: a stale national code rides along with a fresh Guangdong one no more', () => {
    const { hc, tr } = typicalClaims(T, { codeAge: 60_000 })
    const n = typicalNationalClaims(T)
    const staleNational = signBundle(
      { iss: '100000', kid: 'cn1', iat: T, holder, items: [{ ...n.hc, iat: T - 20 * H, exp: T + 4 * H }] },
      demoSecret('cn1'),
    )
    const r = check(passWith([gdBundle([hc, tr]), staleNational]))
    expect(r.outcome).toBe('refuse')
    expect(codes(r)).toContain('NP_ERR_PASS_CLAIM_STALE')
    // An expired item is refused with its own reason, not dropped.
    const expired = gdBundle([
      hc,
      tr,
      { ...typicalClaims(T).vx, iss: '440000', kid: 'gd1', iat: T - 3 * DAY, exp: T - DAY },
    ])
    const v = verifyPass(passWith([expired]), trust, T)
    expect(v.claims.map((c) => c.verification.status)).toEqual(['verified', 'verified', 'invalid'])
    expect(v.claims[2].verification).toMatchObject({ code: 'NP_ERR_CLAIM_EXPIRED' })
  })

  test('key validity: a bundle issued outside its key window, or an item outliving it, is refused', () => {
    const { hc, tr } = typicalClaims(T, { codeAge: 60_000 })
    const key = trust.keys.find((k) => k.kid === 'gd1')!
    const shortKey = { ...trust, keys: trust.keys.map((k) => (k.kid === 'gd1' ? { ...k, validTo: T - H } : k)) }
    const v = verifyPass(passWith([gdBundle([{ ...hc, iat: T - 2 * H }, tr])]), shortKey, T)
    expect(v.claims[0].verification).toMatchObject({ code: 'NP_ERR_KEY_NOT_VALID' })
    // Key still valid at the bundle's iat, but an item's expiry lies after the window: that item is refused.
    const endsSoon = { ...trust, keys: trust.keys.map((k) => (k.kid === 'gd1' ? { ...k, validTo: T + 2 * DAY } : k)) }
    const w = verifyPass(passWith([gdBundle([hc, tr])]), endsSoon, T)
    expect(w.claims.map((c) => c.verification.status)).toEqual(['verified', 'invalid'])
    expect(w.claims[1].verification).toMatchObject({ code: 'NP_ERR_KEY_NOT_VALID' })
    expect(key.validTo).toBeGreaterThan(T)
  })

  test('nothing signed is dropped: a red national code issued 90 s in the guard’s future refuses at once', () => {
    const { hc, tr } = typicalClaims(T, { codeAge: 60_000 })
    const n = typicalNationalClaims(T + 90_000)
    const red = signBundle(
      { iss: '100000', kid: 'cn1', iat: T + 90_000, holder, items: [{ ...n.hc, body: { colour: 'red' } }] },
      demoSecret('cn1'),
    )
    const r = check(passWith([gdBundle([hc, tr]), red]))
    expect(r.outcome).toBe('refuse')
    expect(r.claims.map((c) => [c.typ, c.iss, c.verified])).toContainEqual(['hc', '100000', true])
  })
})

describe('bound NP3: the phone key inside the bundle', () => {
  const phone = generateKeyPair(new Uint8Array(32).fill(7))
  const thief = generateKeyPair(new Uint8Array(32).fill(9))
  const bound = (shownAt = T, secret = phone.secretKey) =>
    encodeBoundPass(typicalBundledPass(T, { deviceKey: phone.publicKey }).pass, secret, shownAt)

  test('shown now by the phone the bundle certifies: admitted and bound, no separate dk claim', () => {
    const text = bound()
    expect(text.startsWith(BUNDLED_PASS_PREFIX)).toBe(true)
    const p = decodePass(text)
    expect(p.claims).toEqual([])
    expect(p.decoded.filter((c) => c.typ === 'dk')).toHaveLength(1)
    const r = check(text, { requireBinding: true })
    expect(r.outcome).toBe('admit')
    expect(r.bound).toBe(true)
  })

  test('a screenshot older than the binding window, another phone, or an unbound NP3 where binding is required: refused', () => {
    expect(codes(check(bound(T - BINDING_WINDOW_MS - 1_000)))).toContain('NP_ERR_PASS_BINDING_STALE')
    expect(codes(check(bound(T, thief.secretKey)))).toContain('NP_ERR_PASS_BINDING_INVALID')
    const unbound = typicalBundledPass(T, { deviceKey: phone.publicKey }).text
    expect(check(unbound).outcome).toBe('admit')
    expect(codes(check(unbound, { requireBinding: true }))).toContain('NP_ERR_PASS_NOT_BOUND')
    // Bound without any certified phone key.
    const noKey = encodeBoundPass(typicalBundledPass(T).pass, phone.secretKey, T)
    expect(codes(check(noKey))).toContain('NP_ERR_PASS_BINDING_INVALID')
  })

  test('isBoundPass: NP2 and NP3 with the trailer are bound; NP1, unbound NP3 and garbage are not', () => {
    expect(isBoundPass(bound())).toBe(true)
    expect(isBoundPass(typicalBundledPass(T).text)).toBe(false)
    expect(isBoundPass(typicalPass(T).text)).toBe(false)
    expect(isBoundPass('NP3:????')).toBe(false)
  })

  test('the trailer covers the bundles: an edited shown time breaks the phone signature', () => {
    const bin = base45Decode(bound(T - BINDING_WINDOW_MS - 5_000).slice(4))
    const at = bin.length - 64 - 4
    const moved = Uint8Array.from(bin)
    const s = ((moved[at] << 24) >>> 0) + ((moved[at + 1] << 16) | (moved[at + 2] << 8) | moved[at + 3]) + 10
    moved[at] = s >>> 24
    moved[at + 1] = (s >>> 16) & 255
    moved[at + 2] = (s >>> 8) & 255
    moved[at + 3] = s & 255
    expect(codes(check(BUNDLED_PASS_PREFIX + base45Encode(moved)))).toContain('NP_ERR_PASS_BINDING_INVALID')
  })
})
