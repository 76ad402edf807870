/**
 * Guard mode with foreign certificates, through the store against the mock
 * server: the foreign trust list is fetched, verified against the DEMO root
 * and cached; an EU DCC from the corpus and a SMART Health Card example are
 * checked by the lazily loaded verifier (the H5 loader here: a dynamic import)
 * and shown with type, country and masked name; a tampered one is refused.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AxiosInstance } from 'axios'
import { allBackends } from '../../mock/provinces'
import { type MockServer, startMockServer } from '../../mock/lib/server'
import { createServices } from '../../src/app/services'
import { makeStore } from '../../src/app/store'
import { guardTextScanned } from '../../src/features/guard/guardChunks'
import { guardPrepared, passScanned } from '../../src/features/guard/guardSlice'
import { foreignCertAdded } from '../../src/features/foreign/addThunks'
import { restoreForeignCerts } from '../../src/features/foreign/foreignCertsSlice'
import type { ForeignGuardResult } from '../../src/features/guard/foreignBridge'
import { checkForeignForVenue, DEMO_FOREIGN_RULES } from '../../src/features/guard/foreignCheck'
import { createClock } from '../../src/platform/clock'
import { createSecureStorage } from '../../src/platform/secureStorage'
import { createNodeHttp } from '../../src/sdk/http'

// Node has no mini-program subpackages: use the H5 loader (a dynamic import) here.
jest.mock('../../src/features/guard/foreignLoader', () =>
  jest.requireActual('../../src/features/guard/foreignLoader.h5'),
)

const FIX = join(__dirname, '../fixtures')
const AT = JSON.parse(readFileSync(join(FIX, 'dgc-testdata/AT/2DCode/raw/1.json'), 'utf8'))
const SHC = readFileSync(join(FIX, 'shc-examples/examples/example-00-f-qr-code-numeric-value-0.txt'), 'utf8').trim()
const shcQr = (n: string, i = 0) =>
  readFileSync(join(FIX, `shc-examples/examples/example-${n}-f-qr-code-numeric-value-${i}.txt`), 'utf8').trim()

let server: MockServer
beforeAll(async () => {
  server = await startMockServer({ backends: allBackends.filter((b) => b.province === '110000') })
})
afterAll(async () => {
  await server?.close()
})

function setup() {
  const m = new Map<string, string>()
  const services = createServices({
    clock: createClock(),
    storage: createSecureStorage({
      get: (k) => m.get(k),
      set: (k, v) => void m.set(k, v),
      remove: (k) => void m.delete(k),
    }),
    apiBase: server.url,
    httpFactory: (c) => createNodeHttp(c) as AxiosInstance,
  })
  return { services, store: makeStore(undefined, services) }
}

describe('foreign certificates in guard mode', () => {
  it('serves a foreign trust list signed by the DEMO root, cached and refused on rollback', async () => {
    const { services } = setup()
    const r = await services.foreignTrustList?.()
    expect(r && 'data' in r && r.data.value.dsc.length).toBeGreaterThan(40)
    expect(r && 'data' in r && r.data.value.issuers[0].iss).toBe('https://spec.smarthealth.cards/examples/issuer')
  })

  it('admits a SMART Health Card under the demo rule and shows type, country and masked name', async () => {
    const { store } = setup()
    await store.dispatch(guardPrepared({ province: '110000' }))
    const r = await store.dispatch(passScanned(SHC))
    expect(r.meta.requestStatus).toBe('fulfilled')
    const last = store.getState().guard.last as ForeignGuardResult
    expect(last.outcome).toBe('admit')
    expect(last.foreign).toMatchObject({ kind: 'shc', issuerCountry: 'US', maskedName: 'A*******n, J**n B*' })
    expect(last.ruleSetVersion).toBe(DEMO_FOREIGN_RULES.version)
    expect(store.getState().guard.tally.admitted).toBe(1)
  })

  it('shows an expired corpus EU DCC with its country and refuses it as expired', async () => {
    const { store } = setup()
    await store.dispatch(guardPrepared({ province: '110000' }))
    await store.dispatch(passScanned(AT.PREFIX))
    const last = store.getState().guard.last as ForeignGuardResult
    expect(last.outcome).toBe('refuse')
    expect(last.reasons.map((x) => x.code)).toEqual(['NP_ERR_FOREIGN_EXPIRED'])
    expect(last.foreign).toMatchObject({ kind: 'eu-dcc', issuerCountry: 'AT', types: ['v'] })
  })

  it('applies the demo rule at the certificate’s own time: vaccinated is admitted, a broken one refused', async () => {
    const { services } = setup()
    const r = await services.foreignTrustList?.()
    if (!r || !('data' in r)) throw new Error('no foreign trust list')
    const at = Date.parse(AT.TESTCTX.VALIDATIONCLOCK)
    const base = { trust: r.data.value, province: '110000', at, lang: 'en' as const, trustListVersion: 1 }
    expect(checkForeignForVenue({ ...base, text: AT.PREFIX }).outcome).toBe('admit')
    // The last characters carry zlib's Adler-32 trailer only: the signed bytes are intact, the stream is not.
    const bad = checkForeignForVenue({ ...base, text: `${AT.PREFIX.slice(0, -4)}AAAA` })
    expect(bad.outcome).toBe('refuse')
    expect(bad.reasons[0].code).toBe('NP_ERR_FOREIGN_MALFORMED')
  })

  it('gives unknown (never admit) when no foreign-arrival rule is in force', async () => {
    const { services } = setup()
    const r = await services.foreignTrustList?.()
    if (!r || !('data' in r)) throw new Error('no foreign trust list')
    const base = { trust: r.data.value, province: '110000', lang: 'en' as const, trustListVersion: 1 }
    const after = checkForeignForVenue({ ...base, text: SHC, at: Date.UTC(2031, 0, 1) })
    expect(after.outcome).toBe('unknown')
    expect(after.reasons.map((x) => x.code)).toEqual(['NP_ERR_RULES_NONE'])
    expect(after.foreign?.kind).toBe('shc')
  })

  it('refuses a foreign certificate before the foreign trust list could be loaded, without counting it', async () => {
    const { store, services } = setup()
    await store.dispatch(guardPrepared({ province: '110000' }))
    services.foreignTrustList = undefined
    const r = await store.dispatch(passScanned(SHC))
    expect(r.meta.requestStatus).toBe('rejected')
    expect(store.getState().guard.error?.code).toBe('NP_ERR_FOREIGN_NOT_READY')
    expect(store.getState().guard.tally.refused).toBe(0)
  })
})

describe('multi-QR cards and revocation in guard mode', () => {
  it('collects the parts of a multi-QR card ("2 of 3"), then checks the whole card once', async () => {
    const { store } = setup()
    await store.dispatch(guardPrepared({ province: '110000' }))
    await store.dispatch(guardTextScanned(shcQr('02', 1)))
    expect(store.getState().guard.shcChunks?.parts.filter(Boolean)).toHaveLength(1)
    expect(store.getState().guard.last).toBeNull()
    await store.dispatch(guardTextScanned(shcQr('02', 2)))
    // A part of a card in another number of parts is refused with its reason; the parts read are kept.
    await store.dispatch(guardTextScanned(shcQr('02', 0).replace(/^shc:\/1\/3\//, 'shc:/1/4/')))
    expect(store.getState().guard.chunkError?.code).toBe('NP_ERR_FOREIGN_CHUNKS')
    expect(store.getState().guard.shcChunks?.parts.filter(Boolean)).toHaveLength(2)
    expect(store.getState().guard.tally.refused).toBe(0)
    await store.dispatch(guardTextScanned(shcQr('02', 0)))
    const g = store.getState().guard
    expect(g.shcChunks).toBeNull()
    expect((g.last as ForeignGuardResult).foreign?.kind).toBe('shc')
    expect((g.last as ForeignGuardResult).reasons.map((r) => r.code)).not.toContain('NP_ERR_FOREIGN_MALFORMED')
    expect(g.tally.admitted + g.tally.refused + g.tally.needsAction).toBe(1)
  })

  it('refuses a card revoked by its issuer (the CRL in the signed foreign trust list) with the reason', async () => {
    const { store } = setup()
    await store.dispatch(guardPrepared({ province: '110000' }))
    await store.dispatch(guardTextScanned(shcQr('03')))
    const last = store.getState().guard.last as ForeignGuardResult
    expect(last.outcome).toBe('refuse')
    expect(last.reasons.map((r) => r.code)).toEqual(['NP_ERR_FOREIGN_REVOKED'])
  })
})

describe("a traveller adds a foreign certificate (against the mock's signed foreign trust list)", () => {
  const john = { name: 'John B. Anyperson', idNumber: '110101195101200011', phone: '', birthDate: '1951-01-20' }
  function signedIn() {
    const { services } = setup()
    const store = makeStore(
      {
        identity: {
          status: 'ready',
          people: [{ id: 'p-j', identity: john, self: true, consentAt: 0, source: 'demo' }],
          activeId: 'p-j',
          consents: {},
          demoPeople: [],
          sms: null,
          error: null,
          formErrors: null,
        },
      },
      services,
    )
    return { store, services }
  }

  it('keeps a verified card encrypted with the traveller, and a refusal loses nothing held', async () => {
    const { store, services } = signedIn()
    const ok = await store.dispatch(foreignCertAdded({ text: SHC }))
    expect(ok.meta.requestStatus).toBe('fulfilled')
    expect(store.getState().foreignCerts.byPerson['p-j'].map((h) => h.nameCheck)).toEqual(['match'])
    // Revoked, not base45, one part of a three-part card.
    const codes: string[] = []
    for (const bad of [shcQr('03'), 'HC1:NOT-BASE45', shcQr('02', 0)]) {
      const r = await store.dispatch(foreignCertAdded({ text: bad }))
      expect(r.meta.requestStatus).toBe('rejected')
      codes.push((r.payload as { code: string }).code)
    }
    expect(codes).toEqual(['NP_ERR_FOREIGN_REVOKED', 'NP_ERR_FOREIGN_MALFORMED', 'NP_ERR_FOREIGN_MALFORMED'])
    // Still the one card, also after a restart (read back from the encrypted store).
    const again = makeStore(undefined, services)
    await again.dispatch(restoreForeignCerts())
    expect(again.getState().foreignCerts.byPerson['p-j']).toHaveLength(1)
    expect(again.getState().foreignCerts.byPerson['p-j'][0].text).toBe(SHC)
  })
})
