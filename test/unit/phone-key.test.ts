/**
 * Issue 13, the traveller's side of holder binding: ONE Ed25519 key per
 * phone, made from the platform's secure source only (also on WeChat, through
 * `wx.getRandomValues`), kept encrypted, reused by every sign-in; the
 * province's `dk` certificate accepted only when it verifies and names this
 * phone's key and this holder; the pass QR chosen by `boundPassText`.
 */
import { webcrypto } from 'node:crypto'
import { base64urlEncode } from '@/core/bytes'
import { isNpError, NpError } from '@/core/errors'
import { decodeClaim, parseSignedClaim, serializeSignedClaim, signClaim } from '@/core/claims'
import { generateKeyPair } from '@/core/ed25519'
import { BINDING_WINDOW_MS, decodePass, verifyPass } from '@/core/passCodec'
import { verifyTrustList } from '@/core/trustList'
import { ROOT_PUBLIC_KEY } from '@/core/rootKey'
import {
  ensurePhoneKey,
  PHONE_KEY_SLOT,
  readPhoneKey,
  resetPhoneKey,
  verifiedDeviceKeyClaim,
} from '@/features/identity/phoneKey'
import { boundPassText, claimHolder, type ProvinceResult } from '@/features/pass/passLogic'
import { prepareRandom, resetRandomForTests } from '@/platform/random'
import { createSecureStorage, type RawStore } from '@/platform/secureStorage'
import { buildDemoTrustList } from '../../mock/keys'
import { certifyDeviceKey } from '../../mock/lib/national'
import { typicalClaims, signDemo } from '../fixtures/typicalPass'

const H = 3_600_000
const NOW = Date.now()

function memory(): RawStore & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return { map, get: (k) => map.get(k), set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) }
}

/** A random source that counts its draws (the platform's CSPRNG underneath). */
function countingRandom() {
  const calls: number[] = []
  const random = (n: number) => {
    calls.push(n)
    return webcrypto.getRandomValues(new Uint8Array(n))
  }
  return { calls, random }
}

describe("this phone's key", () => {
  test('made once (32 bytes from the platform source), then reused, also after a restart', () => {
    const raw = memory()
    const storage = createSecureStorage(raw)
    const { calls, random } = countingRandom()
    expect(readPhoneKey(storage)).toBeNull()
    const first = ensurePhoneKey(storage, NOW, random)
    expect(calls).toEqual([32])
    const again = ensurePhoneKey(storage, NOW + H, random)
    expect(calls).toEqual([32])
    expect(again.publicKey).toEqual(first.publicKey)
    // A restart: new storage object over the same device store.
    const restarted = createSecureStorage(raw)
    expect(ensurePhoneKey(restarted, NOW + 2 * H, random).publicKey).toEqual(first.publicKey)
    expect(calls).toEqual([32])
  })

  test('encrypted at rest: the stored text holds neither the secret nor the public key', () => {
    const raw = memory()
    const storage = createSecureStorage(raw)
    const key = ensurePhoneKey(storage, NOW)
    const stored = raw.map.get(PHONE_KEY_SLOT) ?? ''
    expect(stored.startsWith('np1.')).toBe(true)
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
    for (const secretForm of [
      base64urlEncode(key.secretKey),
      hex(key.secretKey),
      Buffer.from(key.secretKey).toString('base64'),
    ])
      expect(stored).not.toContain(secretForm)
    expect(stored).not.toContain(base64urlEncode(key.publicKey))
    // Tampered: detected, moved aside, and treated as no key (the next sign-in makes and certifies a new one).
    raw.map.set(
      PHONE_KEY_SLOT,
      stored.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
    )
    expect(readPhoneKey(createSecureStorage(raw))).toBeNull()
    expect(raw.map.has(`${PHONE_KEY_SLOT}.tampered`)).toBe(true)
  })

  test('kept with its public key, read without deriving it; a key stored before (seed only) is derived', () => {
    const storage = createSecureStorage(memory())
    const key = ensurePhoneKey(storage, NOW)
    expect(generateKeyPair(key.secretKey).publicKey).toEqual(key.publicKey)
    const stored = storage.read<{ seed: string; pub?: string }>(PHONE_KEY_SLOT)
    expect('value' in stored && stored.value?.pub).toBe(base64urlEncode(key.publicKey))
    expect(readPhoneKey(storage)).toEqual(key)
    // Stored by an earlier version: the seed alone.
    const old = generateKeyPair(webcrypto.getRandomValues(new Uint8Array(32)))
    storage.write(PHONE_KEY_SLOT, { seed: base64urlEncode(old.secretKey), createdAt: NOW })
    expect(readPhoneKey(storage)).toEqual(old)
    // A public key that is not 32 bytes is not used: derived from the seed instead.
    storage.write(PHONE_KEY_SLOT, { seed: base64urlEncode(old.secretKey), pub: 'AAAA', createdAt: NOW })
    expect(readPhoneKey(storage)).toEqual(old)
  })

  test('reset: the next sign-in makes a different key', () => {
    const storage = createSecureStorage(memory())
    const first = ensurePhoneKey(storage, NOW)
    resetPhoneKey(storage)
    expect(readPhoneKey(storage)).toBeNull()
    expect(ensurePhoneKey(storage, NOW).publicKey).not.toEqual(first.publicKey)
  })

  test('no secure randomness: no key, nothing stored, NP_ERR_RANDOM_UNAVAILABLE', () => {
    const raw = memory()
    const storage = createSecureStorage(raw)
    let code: string | undefined
    try {
      ensurePhoneKey(storage, NOW, () => {
        throw new NpError('NP_ERR_RANDOM_UNAVAILABLE', { params: { detail: 'test' } })
      })
    } catch (e) {
      code = isNpError(e) ? e.code : String(e)
    }
    expect(code).toBe('NP_ERR_RANDOM_UNAVAILABLE')
    expect(raw.map.has(PHONE_KEY_SLOT)).toBe(false)
  })
})

describe('on WeChat (no crypto.getRandomValues): the key comes from wx.getRandomValues', () => {
  const g = globalThis as { crypto?: unknown; wx?: unknown }
  const realCrypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto')
  afterEach(() => {
    if (realCrypto) Object.defineProperty(globalThis, 'crypto', realCrypto)
    delete g.wx
    resetRandomForTests()
    jest.restoreAllMocks()
  })

  test('seeded from wx at launch; Math.random never called', async () => {
    const raw = memory()
    // The storage's own key is made first, with crypto present (as any earlier launch would have).
    const storage = createSecureStorage(raw)
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true })
    resetRandomForTests()
    const wxCalls: number[] = []
    g.wx = {
      getRandomValues(o: { length: number; success: (r: { randomValues: ArrayBuffer }) => void }) {
        wxCalls.push(o.length)
        const bytes = webcrypto.getRandomValues(new Uint8Array(o.length))
        setImmediate(() => o.success({ randomValues: bytes.buffer }))
      },
    }
    expect(() => ensurePhoneKey(storage, NOW)).toThrow(expect.objectContaining({ code: 'NP_ERR_RANDOM_UNAVAILABLE' }))
    // (Spied from here: jest's own stack formatting for the matcher above uses Math.random.)
    const mathRandom = jest.spyOn(Math, 'random')
    await prepareRandom()
    await storage.ready?.()
    const key = ensurePhoneKey(storage, NOW)
    expect(wxCalls.length).toBeGreaterThan(0)
    expect(mathRandom).not.toHaveBeenCalled()
    expect(readPhoneKey(storage)?.publicKey).toEqual(key.publicKey)
  })
})

describe("the province's certificate", () => {
  const trust = verifyTrustList(buildDemoTrustList(NOW), ROOT_PUBLIC_KEY)
  const person = { name: '张三丰', idNumber: '11010519491231002X', birthDate: '1949-12-31', phone: '13800000000' }
  const holder = claimHolder(person)
  const phone = generateKeyPair(new Uint8Array(32).fill(3))
  const cert = certifyDeviceKey('440000', holder, base64urlEncode(phone.publicKey), NOW - H) as string

  test('accepted only when it verifies and names this phone and this holder', () => {
    expect(verifiedDeviceKeyClaim(cert, trust, NOW, holder, phone.publicKey)).toBe(cert)
    const other = generateKeyPair(new Uint8Array(32).fill(4))
    expect(verifiedDeviceKeyClaim(cert, trust, NOW, holder, other.publicKey)).toBeNull()
    expect(verifiedDeviceKeyClaim(cert, trust, NOW, { ...holder, idTail: '0001' }, phone.publicKey)).toBeNull()
    // Signed by a key that is not on the trust list.
    const claim = decodeClaim(parseSignedClaim(cert).bytes)
    const forged = serializeSignedClaim(signClaim(claim, generateKeyPair(new Uint8Array(32).fill(5)).secretKey))
    expect(verifiedDeviceKeyClaim(forged, trust, NOW, holder, phone.publicKey)).toBeNull()
    expect(verifiedDeviceKeyClaim('not-a-claim', trust, NOW, holder, phone.publicKey)).toBeNull()
    expect(verifiedDeviceKeyClaim(cert, trust, NOW + 40 * 24 * H, holder, phone.publicKey)).toBeNull()
  })

  /** A province answer with a verified green code, and the certificate when given. */
  const answer = (deviceKeyClaim?: string): ProvinceResult => {
    const { hc } = typicalClaims(NOW, { codeAge: 60_000 })
    const signed = signDemo({ ...hc, holder })
    return {
      province: '440000',
      status: 'done',
      healthCode: {
        province: '440000',
        issuer: '广东',
        colour: 'green',
        issuedAt: hc.iat,
        validUntil: hc.exp,
        history: [],
        claim: serializeSignedClaim(signed),
        verified: true,
      } as ProvinceResult['healthCode'] & object,
      tests: [],
      vaccinations: [],
      ...(deviceKeyClaim ? { deviceKeyClaim } : {}),
    }
  }

  test('boundPassText: NP2 signed at the given time with the certificate, else NP1', () => {
    const text = boundPassText([answer(cert)], '440000', person, null, phone, NOW) as string
    expect(text.startsWith('NP2:')).toBe(true)
    expect(decodePass(text).binding?.shownAt).toBe(Math.floor(NOW / 1000) * 1000)
    expect(verifyPass(text, trust, NOW + 5_000, { requireBinding: true })).toMatchObject({ bound: true, valid: true })
    // The same QR a minute later (a screenshot): refused as a copy.
    expect(verifyPass(text, trust, NOW + BINDING_WINDOW_MS + 1_000).problems.map((p) => p.code)).toContain(
      'NP_ERR_PASS_BINDING_STALE',
    )
    // Without a certificate, without a phone key, or with a certificate of another phone: NP1.
    expect(boundPassText([answer()], '440000', person, null, phone, NOW)).toMatch(/^NP1:/)
    expect(boundPassText([answer(cert)], '440000', person, null, null, NOW)).toMatch(/^NP1:/)
    const other = generateKeyPair(new Uint8Array(32).fill(6))
    expect(boundPassText([answer(cert)], '440000', person, null, other, NOW)).toMatch(/^NP1:/)
    // A family member's pass on this phone: the certificate names the holder, not them.
    const member = { ...person, name: '李四', idNumber: '110105201001010011' }
    expect(boundPassText([answer(cert)], '440000', member, null, phone, NOW)).toMatch(/^NP1:/)
  })
})
