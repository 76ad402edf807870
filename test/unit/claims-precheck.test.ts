/**
 * A province's answer has its signatures checked ahead by `precheckClaims`
 * (WebCrypto Ed25519 where the runtime has it: issue 16, off a cold start's
 * pure-JS base-point table), then by the same synchronous steps answering from
 * those results. Those steps must answer exactly as without the pre-check, for
 * good and bent claims, on both paths; and a pre-checked answer must never be
 * lent to other bytes.
 */
import { webcrypto } from 'node:crypto'
import { precheckClaims } from '@/core/claimsAsync'
import { type Claim, parseSignedClaim, serializeSignedClaim, signClaim, verifySignedClaim } from '@/core/claims'
import { configureAsyncEd25519, resetAsyncEd25519, type SubtleEd25519 } from '@/core/ed25519Async'
import { ROOT_PUBLIC_KEY } from '@/core/rootKey'
import { verifyTrustList } from '@/core/trustList'
import { buildDemoTrustList, DEMO_REVOKED_KID, demoKeyFor, demoProvinceKeys } from '../../mock/keys'
import { typicalClaims } from '../fixtures/typicalPass'

const T = Date.UTC(2022, 2, 15, 2, 0, 0)
const trust = verifyTrustList(buildDemoTrustList(T), ROOT_PUBLIC_KEY)
const gd = demoKeyFor('440000')
const claims = typicalClaims(T)
const signed = (c: Claim = claims.hc, secret = gd.secretKey) => serializeSignedClaim(signClaim(c, secret))
const good = signed()
const flipSig = (text: string) => {
  const sc = parseSignedClaim(text)
  const sig = Uint8Array.from(sc.sig)
  sig[5] ^= 1
  return serializeSignedClaim({ bytes: sc.bytes, sig })
}
const revoked = demoProvinceKeys.find((k) => k.kid === DEMO_REVOKED_KID)

const cases: Array<[string, string]> = [
  ['good health code', good],
  ['good test result', signed(claims.tr)],
  ['signature flipped', flipSig(good)],
  ["signed with another province's key", signed(claims.hc, demoKeyFor('430000').secretKey)],
  ['unknown key id', signed({ ...claims.hc, kid: 'nobody-1' })],
  ['not a claim', 'not-a-claim'],
  ...(revoked ? ([['revoked key', signed({ ...claims.hc, kid: revoked.kid }, revoked.secretKey)]] as const) : []),
].map(([name, text]) => [name, text] as [string, string])

const outcome = (f: () => unknown): string => {
  try {
    f()
    return 'ok'
  } catch (e) {
    return (e as { code?: string }).code ?? 'throw'
  }
}

/** A WebCrypto that counts its verifications. */
function countingSubtle() {
  const subtle = webcrypto.subtle as unknown as SubtleEd25519
  const counted = { verify: 0 }
  const wrapped: SubtleEd25519 = {
    importKey: (...a) => subtle.importKey(...a),
    verify: (...a) => {
      counted.verify += 1
      return subtle.verify(...a)
    },
  }
  return { wrapped, counted }
}

describe.each([
  ['WebCrypto', () => configureAsyncEd25519({ subtle: webcrypto.subtle as unknown as SubtleEd25519 })],
  ['pure JS', () => configureAsyncEd25519({ subtle: null })],
])('claims pre-checked (%s) = checked alone', (_, configure) => {
  beforeEach(configure)
  afterAll(resetAsyncEd25519)

  test.each(cases)('%s', async (_name, text) => {
    const check = await precheckClaims([text], trust)
    const alone = outcome(() => verifySignedClaim(parseSignedClaim(text), trust, T))
    const prechecked = outcome(() => verifySignedClaim(parseSignedClaim(text), trust, T, {}, check))
    expect(prechecked).toBe(alone)
    if (_name.startsWith('good')) expect(alone).toBe('ok')
    else expect(alone).not.toBe('ok')
  })

  test('all at once, with what is not a claim (absent, a number) skipped', async () => {
    const texts = cases.map(([, t]) => t)
    const check = await precheckClaims([undefined, 7, ...texts], trust)
    for (const t of texts)
      expect(outcome(() => verifySignedClaim(parseSignedClaim(t), trust, T, {}, check))).toBe(
        outcome(() => verifySignedClaim(parseSignedClaim(t), trust, T)),
      )
  })
})

describe('the pre-checked answers', () => {
  afterAll(resetAsyncEd25519)

  test('come from WebCrypto where the runtime has it: one native verification per claim', async () => {
    const { wrapped, counted } = countingSubtle()
    configureAsyncEd25519({ subtle: wrapped })
    await precheckClaims([good, signed(claims.tr), signed(claims.vx)], trust)
    // Detection verifies twice (RFC 8032 test 1 and a flipped copy), then one per claim.
    expect(counted.verify).toBe(2 + 3)
  })

  test('are never lent to other bytes: a good claim pre-checked does not make a forged one pass', async () => {
    configureAsyncEd25519({ subtle: webcrypto.subtle as unknown as SubtleEd25519 })
    const check = await precheckClaims([good], trust)
    const forged = parseSignedClaim(flipSig(good))
    expect(outcome(() => verifySignedClaim(forged, trust, T, {}, check))).toBe('NP_ERR_SIGNATURE_INVALID')
    // The same signature over other bytes, or under another key, is checked afresh too.
    const sc = parseSignedClaim(good)
    const otherBytes = Uint8Array.from(sc.bytes)
    otherBytes[otherBytes.length - 1] ^= 1
    expect(check(sc.sig, otherBytes, gd.publicKey)).toBe(false)
    expect(check(sc.sig, sc.bytes, demoKeyFor('430000').publicKey)).toBe(false)
    expect(check(sc.sig, sc.bytes, gd.publicKey)).toBe(true)
  })
})
