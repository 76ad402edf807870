/**
 * Issue 13: the trust list and the rule sets cannot be rolled back, frozen,
 * left unsigned or emptied into an admission.
 */
import { webcrypto } from 'node:crypto'
import axios, { type AxiosInstance } from 'axios'
import { generateKeyPair } from '@/core/ed25519'
import { configureAsyncEd25519, resetAsyncEd25519, type SubtleEd25519 } from '@/core/ed25519Async'
import { createServices, type Services } from '@/app/services'
import { signRuleSet, verifyRuleSet } from '@/core/signedRules'
import { loadRuleSet } from '@/core/rules/engine'
import { acceptTrustList, signTrustList, type TrustList, verifyTrustList } from '@/core/trustList'
import { ROOT_PUBLIC_KEY } from '@/core/rootKey'
import { checkPassForVenue, type GuardCheckInput } from '@/features/guard/guardCheck'
import { createClock } from '@/platform/clock'
import { createSecureStorage, type RawStore } from '@/platform/secureStorage'
import { DEMO_ROOT_KEY, demoKeyFor, demoTrustList } from '../../mock/keys'
import { demoRuleSets } from '../../mock/rules'
import { goodPass, H, rules, T, trust } from './guardFixtures'

const DAY = 24 * H
const check = (over: Partial<GuardCheckInput> = {}) =>
  checkPassForVenue({
    text: goodPass,
    trustList: trust,
    ruleSets: [rules('440000')],
    province: '440000',
    at: T,
    lang: 'en',
    ...over,
  })
const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code)

/** A root-signed demo list of a given version, issued at `issuedAt`, revoking `revoked`. */
function listAt(version: number, issuedAt: number, revoked: string[] = ['ha0']) {
  return signTrustList({ ...demoTrustList(issuedAt), version, revoked }, DEMO_ROOT_KEY.secretKey, DEMO_ROOT_KEY.kid)
}
const signed = (p: string, set: unknown = demoRuleSets[p]) =>
  signRuleSet(set, demoKeyFor(p).secretKey, demoKeyFor(p).kid)

describe('rule sets must be signed and non-empty to give a verdict', () => {
  test('an empty rule set never admits: the verdict is unknown, with its reason', () => {
    const empty = { ...rules('440000'), rules: [] }
    const r = check({ ruleSets: [empty] })
    expect(r.outcome).toBe('unknown')
    expect(codes(r)).toEqual(['NP_ERR_RULES_NONE'])
  })

  test('an unsigned rule set (straight from a plugin) never admits', () => {
    const r = check({ ruleSets: [loadRuleSet(demoRuleSets['440000'])] })
    expect(r.outcome).toBe('unknown')
    expect(codes(r)).toEqual(['NP_ERR_RULES_UNSIGNED'])
  })

  test('a signed empty rule set is refused when loaded', () => {
    expect(() => verifyRuleSet(signed('440000', { ...demoRuleSets['440000'], rules: [] }), trust, '440000')).toThrow(
      expect.objectContaining({ code: 'NP_ERR_RULES_INVALID' }),
    )
  })

  test("rules signed by another province's key, edited after signing, or bare are refused as unsigned", () => {
    const byHunan = signRuleSet(demoRuleSets['440000'], demoKeyFor('430000').secretKey, demoKeyFor('430000').kid)
    const edited = signed('440000')
    edited.payload = edited.payload.replace('"refuse"', '"needs-action"')
    for (const doc of [byHunan, edited, demoRuleSets['440000'], { rules: [] }]) {
      expect(() => verifyRuleSet(doc, trust, '440000')).toThrow(
        expect.objectContaining({ code: 'NP_ERR_RULES_UNSIGNED' }),
      )
    }
  })

  test('rules whose signing key was revoked since are refused', () => {
    const revoked: TrustList = { ...trust, revoked: [...trust.revoked, 'gd1'] }
    expect(() => verifyRuleSet(signed('440000'), revoked, '440000')).toThrow(
      expect.objectContaining({ code: 'NP_ERR_RULES_UNSIGNED' }),
    )
  })
})

describe('the trust list cannot be rolled back or frozen', () => {
  test('an older list (lower version, or same version issued earlier) is refused', () => {
    const held = verifyTrustList(listAt(5, T), ROOT_PUBLIC_KEY)
    for (const older of [listAt(1, T - 30 * DAY), listAt(5, T - H), listAt(6, T - H)]) {
      expect(() => acceptTrustList(held, verifyTrustList(older, ROOT_PUBLIC_KEY))).toThrow(
        expect.objectContaining({ code: 'NP_ERR_TRUST_LIST_ROLLBACK' }),
      )
    }
    expect(acceptTrustList(held, verifyTrustList(listAt(6, T + H), ROOT_PUBLIC_KEY)).version).toBe(6)
  })

  test('past its next update the list warns; 72 h later the guard gives no verdict (fail closed)', () => {
    const due = trust.nextUpdate as number
    expect(check({ at: due + H }).outcome).not.toBe('unknown')
    const r = check({ at: due + 73 * H })
    expect(r.outcome).toBe('unknown')
    expect(codes(r)).toEqual(['NP_ERR_TRUST_LIST_EXPIRED'])
  })
})

/** Services whose national and province endpoints answer from `served`. */
function servicesOver(raw: RawStore, served: { trustList?: unknown; rules?: unknown; offline?: boolean }): Services {
  const clock = createClock(() => T)
  return createServices({
    clock,
    storage: createSecureStorage(raw),
    apiBase: 'http://mock',
    httpFactory: (c) =>
      axios.create({
        baseURL: c.baseURL,
        adapter: async (config) => {
          if (served.offline) throw Object.assign(new Error('offline'), { code: 'ECONNREFUSED' })
          const url = `${config.baseURL}${config.url}`
          const data = url.endsWith('/trust-list')
            ? served.trustList
            : url.endsWith('/v1/entry-rules')
              ? { success: true, data: served.rules }
              : undefined
          return { data, status: data === undefined ? 404 : 200, statusText: '', headers: {}, config }
        },
      }) as AxiosInstance,
  })
}

function memory(): RawStore {
  const m = new Map<string, string>()
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v), remove: (k) => void m.delete(k) }
}

describe('the caches keep the newer list and rules', () => {
  test('an older root-signed trust list served later is refused with a clear error; the newer is kept, also after an offline restart', async () => {
    const raw = memory()
    const served: { trustList?: unknown; offline?: boolean } = { trustList: listAt(2, T - H) }
    const s = servicesOver(raw, served)
    const first = await s.trustList({ refresh: true })
    expect('data' in first && first.data.value.version).toBe(2)
    served.trustList = listAt(1, T - 30 * DAY, [])
    const second = await s.trustList({ refresh: true })
    expect('data' in second && second.data.value.version).toBe(2)
    expect('data' in second && second.data.warning?.code).toBe('NP_ERR_TRUST_LIST_ROLLBACK')
    const restarted = servicesOver(raw, { offline: true })
    const third = await restarted.trustList({ refresh: true })
    expect('data' in third && third.data.value.version).toBe(2)
    expect('data' in third && third.data.value.revoked).toContain('ha0')
  })

  test("the list's age is counted from its issue, not from when it was fetched", async () => {
    const s = servicesOver(memory(), { trustList: listAt(3, T - 30 * H) })
    const r = await s.trustList({ refresh: true })
    expect('data' in r && r.data.fetchedAt).toBe(T - 30 * H)
  })

  test('unsigned rules from a plugin are refused; older signed rules are refused and the newer kept', async () => {
    const raw = memory()
    const gx = '450000'
    const served: { trustList: unknown; rules?: unknown } = { trustList: listAt(2, T - H), rules: demoRuleSets[gx] }
    const s = servicesOver(raw, served)
    const bare = await s.ruleSet(gx, { refresh: true })
    expect('error' in bare && bare.error.code).toBe('NP_ERR_RULES_UNSIGNED')
    const newer = { ...demoRuleSets[gx], version: '2.0.0' }
    served.rules = signed(gx, newer)
    const ok = await s.ruleSet(gx, { refresh: true })
    expect('data' in ok && ok.data.value.version).toBe('2.0.0')
    served.rules = signed(gx)
    const rolled = await s.ruleSet(gx, { refresh: true })
    expect('data' in rolled && rolled.data.value.version).toBe('2.0.0')
    expect('data' in rolled && rolled.data.warning?.code).toBe('NP_ERR_RULES_ROLLBACK')
  })
})

describe('against the mock backends', () => {
  test('the guard gets ready on province-signed rules from the mock and checks scans', async () => {
    const { startMockServer } = await import('../../mock/lib/server')
    const { allBackends } = await import('../../mock/provinces')
    const { makeStore } = await import('@/app/store')
    const { guardPrepared, passScanned } = await import('@/features/guard/guardSlice')
    const { createNodeHttp } = await import('@/sdk/http')
    const server = await startMockServer({ backends: allBackends })
    try {
      const services = createServices({
        clock: createClock(),
        storage: createSecureStorage(memory()),
        apiBase: server.url,
        httpFactory: (c) => createNodeHttp(c) as AxiosInstance,
      })
      const store = makeStore(undefined, services)
      await store.dispatch(guardPrepared({ province: '440000' }))
      const g = store.getState().guard
      expect(g.status).toBe('ready')
      expect(g.ruleSet?.value).toMatchObject({ province: '440000', signedBy: 'gd1' })
      const r = await store.dispatch(passScanned('NP1:NOT-A-PASS'))
      expect(r.payload).toMatchObject({ outcome: 'refuse' })
    } finally {
      await server.close()
    }
  })
})

describe('the trust list is checked once for concurrent asks (issue 16: the refresh and the rules ask at start)', () => {
  afterEach(resetAsyncEd25519)

  /** A WebCrypto that counts its verifications. */
  const counting = () => {
    const subtle = webcrypto.subtle as unknown as SubtleEd25519
    const n = { verify: 0 }
    configureAsyncEd25519({
      subtle: {
        importKey: (...a) => subtle.importKey(...a),
        verify: (...a) => {
          n.verify += 1
          return subtle.verify(...a)
        },
      },
    })
    return n
  }

  test('two asks while the first check is under way: one verification, the same list', async () => {
    const raw = memory()
    await servicesOver(raw, { trustList: listAt(2, T - H) }).trustList({ refresh: true })
    const n = counting()
    // A restart: the list is read from storage and verified afresh, once for both asks.
    const s = servicesOver(raw, { offline: true })
    const [a, b] = await Promise.all([s.trustList(), s.trustList()])
    expect('data' in a && 'data' in b && a.data.value === b.data.value).toBe(true)
    // Detection verifies twice (RFC 8032 test 1 and a flipped copy), then once for the list.
    expect(n.verify).toBe(3)
  })

  test('a check that failed is not kept: asked again, the list is checked again (and refused again)', async () => {
    const n = counting()
    // A forged list (signed by another root), served to a phone that holds none.
    const forged = signTrustList(demoTrustList(T), generateKeyPair().secretKey, DEMO_ROOT_KEY.kid)
    const s = servicesOver(memory(), { trustList: forged })
    const first = await s.trustList({ refresh: true })
    const second = await s.trustList({ refresh: true })
    for (const r of [first, second]) expect('error' in r && r.error.code).toBe('NP_ERR_TRUST_LIST_INVALID')
    expect(n.verify).toBe(2 + 2)
  })
})
