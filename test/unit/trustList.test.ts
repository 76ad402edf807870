import { base64urlEncode, utf8Encode } from '@/core/bytes'
import { generateKeyPair, sign } from '@/core/ed25519'
import { ROOT_KID, ROOT_PUBLIC_KEY } from '@/core/rootKey'
import { findKey, signTrustList, type TrustList, verifyTrustList } from '@/core/trustList'
import {
  buildDemoTrustList,
  DEMO_ROOT_KEY,
  DEMO_ROOT_PUBLIC_KEY,
  demoProvinceKeys,
  demoTrustList,
} from '../../mock/keys'
import { codeOf } from './codeOf'

const NOW = Date.UTC(2022, 2, 15)
describe('the built-in root key', () => {
  it('is the DEMO root key derived in mock/keys.ts', () => {
    expect(ROOT_PUBLIC_KEY).toBe(DEMO_ROOT_PUBLIC_KEY)
    expect(ROOT_KID).toBe(DEMO_ROOT_KEY.kid)
  })
})

describe('the demo trust list', () => {
  it('has one key per province, a rotated Guangdong key, a revoked Henan key and the national platform key', () => {
    const list = verifyTrustList(buildDemoTrustList(NOW), ROOT_PUBLIC_KEY)
    expect(new Set(list.keys.map((k) => k.province)).size).toBe(32)
    expect(list.keys.filter((k) => k.province === '100000').map((k) => k.kid)).toEqual(['cn1'])
    expect(list.keys.filter((k) => k.province === '440000').map((k) => k.kid)).toEqual(['gd1', 'gd2'])
    expect(list.revoked).toEqual(['ha0'])
    expect(demoProvinceKeys.every((k) => k.secretKey.length === 32)).toBe(true)
  })
})

describe('verifyTrustList', () => {
  const signed = buildDemoTrustList(NOW)

  it('returns the list signed by the root key', () => {
    expect(verifyTrustList(signed, ROOT_PUBLIC_KEY)).toEqual(demoTrustList(NOW))
  })

  it('refuses a list signed by another key', () => {
    const other = generateKeyPair()
    expect(
      codeOf(() => verifyTrustList(signTrustList(demoTrustList(NOW), other.secretKey, ROOT_KID), ROOT_PUBLIC_KEY)),
    ).toBe('NP_ERR_TRUST_LIST_INVALID')
    expect(codeOf(() => verifyTrustList(signed, base64urlEncode(other.publicKey)))).toBe('NP_ERR_TRUST_LIST_INVALID')
  })

  it('refuses a list altered after signing (a key added)', () => {
    const forged = JSON.parse(signed.payload) as TrustList
    forged.keys.push({ ...forged.keys[0], kid: 'evil1' })
    expect(codeOf(() => verifyTrustList({ ...signed, payload: JSON.stringify(forged) }, ROOT_PUBLIC_KEY))).toBe(
      'NP_ERR_TRUST_LIST_INVALID',
    )
    expect(codeOf(() => verifyTrustList({ ...signed, sig: 'garbage!' }, ROOT_PUBLIC_KEY))).toBe(
      'NP_ERR_TRUST_LIST_INVALID',
    )
  })

  it.each<[string, (l: TrustList) => unknown]>([
    ['a province that is not six digits', (l) => ({ ...l, keys: [{ ...l.keys[0], province: '44' }] })],
    ['a missing revoked list', ({ revoked: _r, ...rest }) => rest],
    ['a public key that is not 32 bytes', (l) => ({ ...l, keys: [{ ...l.keys[0], publicKey: 'AAAA' }] })],
    ['a window that ends before it starts', (l) => ({ ...l, keys: [{ ...l.keys[0], validTo: 0 }] })],
    ['a key id listed twice', (l) => ({ ...l, keys: [l.keys[0], l.keys[0]] })],
    ['a string version', (l) => ({ ...l, version: '1' })],
  ])('refuses a correctly signed list with %s', (_what, mutate) => {
    const bad = signTrustList(mutate(demoTrustList(NOW)) as TrustList, DEMO_ROOT_KEY.secretKey, ROOT_KID)
    expect(() => verifyTrustList(bad, ROOT_PUBLIC_KEY)).toThrow(
      expect.objectContaining({ code: 'NP_ERR_TRUST_LIST_INVALID' }),
    )
  })

  it('refuses a correctly signed payload that is not JSON', () => {
    const payload = '{"version":1,'
    const bad = { payload, sig: base64urlEncode(sign(utf8Encode(payload), DEMO_ROOT_KEY.secretKey)), rootKid: ROOT_KID }
    expect(() => verifyTrustList(bad, ROOT_PUBLIC_KEY)).toThrow(
      expect.objectContaining({ code: 'NP_ERR_TRUST_LIST_INVALID' }),
    )
  })
})

describe('findKey', () => {
  const list = demoTrustList(NOW)

  it("finds both of Guangdong's keys while their windows overlap", () => {
    expect(findKey(list, 'gd1', NOW).province).toBe('440000')
    expect(findKey(list, 'gd2', NOW).province).toBe('440000')
  })

  it('says revoked before anything else, unknown for unlisted ids, not valid outside the window', () => {
    expect(codeOf(() => findKey(list, 'ha0', NOW))).toBe('NP_ERR_KEY_REVOKED')
    expect(codeOf(() => findKey(list, 'zz9', NOW))).toBe('NP_ERR_KEY_UNKNOWN')
    expect(codeOf(() => findKey(list, 'gd1', Date.UTC(2019, 11, 31)))).toBe('NP_ERR_KEY_NOT_VALID')
    expect(codeOf(() => findKey(list, 'gd1', Date.UTC(2030, 0, 1, 0, 0, 1)))).toBe('NP_ERR_KEY_NOT_VALID')
    expect(() => findKey(list, 'zz9', NOW)).toThrow('zz9')
  })
})
