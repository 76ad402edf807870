/**
 * The services check the trust list and each province's rule set with
 * `verifyAsync` (WebCrypto Ed25519 where the runtime has it: issue 16, off a
 * cold start's pure-JS path). The async checks must answer exactly as the sync
 * ones on good and bent documents — a flipped signature, another root,
 * another province's key, a revoked key, a payload changed after signing —
 * on both paths (native and pure JS).
 */
import { webcrypto } from 'node:crypto'
import { configureAsyncEd25519, resetAsyncEd25519, type SubtleEd25519, verifyAsync } from '@/core/ed25519Async'
import { ROOT_PUBLIC_KEY } from '@/core/rootKey'
import { signRuleSet, verifyRuleSet, verifyRuleSetAsync } from '@/core/signedRules'
import { signTrustList, verifyTrustList, verifyTrustListAsync } from '@/core/trustList'
import { generateKeyPair } from '@/core/ed25519'
import { DEMO_ROOT_KEY, DEMO_REVOKED_KID, demoKeyFor, demoTrustList } from '../../mock/keys'
import { demoRuleSets } from '../../mock/rules'

const now = Date.UTC(2026, 10, 1)
const list = demoTrustList(now)
const good = signTrustList(list, DEMO_ROOT_KEY.secretKey, DEMO_ROOT_KEY.kid)
const flip = (b64: string) => `${b64.slice(0, 10)}${b64[10] === 'A' ? 'B' : 'A'}${b64.slice(11)}`
const other = generateKeyPair()

const outcome = async <T>(f: () => T | Promise<T>): Promise<{ ok: T } | { code: string; message: string }> => {
  try {
    return { ok: await f() }
  } catch (e) {
    const err = e as { code?: string; message: string }
    return { code: err.code ?? 'throw', message: err.message }
  }
}

describe.each([
  ['WebCrypto', () => configureAsyncEd25519({ subtle: webcrypto.subtle as unknown as SubtleEd25519 })],
  ['pure JS', () => configureAsyncEd25519({ subtle: null })],
])('trust list and rule sets, async (%s) = sync', (_, configure) => {
  beforeEach(configure)
  afterAll(resetAsyncEd25519)

  test.each([
    ['good', good],
    ['signature flipped', { ...good, sig: flip(good.sig) }],
    ['payload changed after signing', { ...good, payload: good.payload.replace('"version":1', '"version":9') }],
    ['signed by another root', signTrustList(list, other.secretKey, DEMO_ROOT_KEY.kid)],
    ['not a signed list', { payload: 1, sig: 'x' } as never],
  ])('trust list: %s', async (_name, signed) => {
    const sync = await outcome(() => verifyTrustList(signed, ROOT_PUBLIC_KEY))
    const async = await outcome(() => verifyTrustListAsync(signed, ROOT_PUBLIC_KEY, verifyAsync))
    expect(async).toEqual(sync)
    if (_name === 'good') expect('ok' in async).toBe(true)
    else expect('code' in async && async.code).toBe('NP_ERR_TRUST_LIST_INVALID')
  })

  const byGuangdong = signRuleSet(demoRuleSets['440000'], demoKeyFor('440000').secretKey, demoKeyFor('440000').kid)
  test.each([
    ['good', byGuangdong, 'ok'],
    ['signature flipped', { ...byGuangdong, sig: flip(byGuangdong.sig) }, 'NP_ERR_RULES_UNSIGNED'],
    [
      "another province's key",
      signRuleSet(demoRuleSets['440000'], demoKeyFor('430000').secretKey, demoKeyFor('430000').kid),
      'NP_ERR_RULES_UNSIGNED',
    ],
    ['a revoked key', { ...byGuangdong, kid: DEMO_REVOKED_KID }, 'NP_ERR_RULES_UNSIGNED'],
    ['payload changed after signing', { ...byGuangdong, payload: `${byGuangdong.payload} ` }, 'NP_ERR_RULES_UNSIGNED'],
    ['no envelope', demoRuleSets['440000'], 'NP_ERR_RULES_UNSIGNED'],
  ])('rule set: %s', async (_name, doc, expected) => {
    const sync = await outcome(() => verifyRuleSet(doc, list, '440000'))
    const async = await outcome(() => verifyRuleSetAsync(doc, list, '440000', verifyAsync))
    expect(async).toEqual(sync)
    expect('ok' in async ? 'ok' : async.code).toBe(expected)
  })
})
