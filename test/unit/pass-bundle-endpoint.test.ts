/**
 * Issue 16: the pass-bundle endpoint every gateway offers in one shape
 * (plugins/bundle.ts against mock/lib/province.ts `passBundleAnswer`, served
 * for every mock backend). The app sends the claims it holds from one
 * authority (+ the phone key) with the session token; the backend checks
 * they are its own, verified, unexpired and for the signed-in person, and
 * returns one signed bundle.
 */
import { demoPerson } from '../../mock/data/people'
import { mockTrustList } from '../../mock/lib/national'
import { type MockServer, startMockServer } from '../../mock/lib/server'
import { allBackends } from '../../mock/provinces'
import { demoAuthorityConfig } from '../../plugins/authorities'
import guangdong from '../../plugins/guangdong'
import jiangsu from '../../plugins/jiangsu'
import national from '../../plugins/national'
import { base64urlEncode } from '../../src/core/bytes'
import { type Claim, decodeClaim, parseSignedClaim } from '../../src/core/claims'
import { generateKeyPair } from '../../src/core/ed25519'
import type { Identity } from '../../src/core/model'
import { decodeBundle, parseSignedBundle, verifyBundleSignature } from '../../src/core/passBundle'
import { encodeBoundPass, encodePass, verifyPass } from '../../src/core/passCodec'
import { ROOT_PUBLIC_KEY } from '../../src/core/rootKey'
import { verifyTrustList } from '../../src/core/trustList'
import { createHost, createRegistry, type Host, memorySessionStore } from '../../src/sdk/host'
import { createNodeHttp } from '../../src/sdk/http'

let server: MockServer
let host: Host
let fault = ''
const sessions = memorySessionStore()
let signedIn = 'green'
const phone = generateKeyPair(new Uint8Array(32).fill(7))
const GD = '440000'
const JS = '320000'
const CN = '100000'

const person = (key: string): Identity => {
  if (key !== signedIn) sessions.map.clear()
  signedIn = key
  return demoPerson(key).identity
}
async function credential() {
  const res = await fetch(`${server.url}/identity/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `demo-${signedIn}` }),
  })
  const body = (await res.json()) as { credential: string; expiresAt: number }
  return { kind: 'super-app' as const, code: String(body.credential), expiresAt: Number(body.expiresAt) }
}
const trust = () =>
  verifyTrustList(
    mockTrustList(
      server.backends.map((b) => b.province),
      Date.now(),
    ),
    ROOT_PUBLIC_KEY,
  )
const data = <T>(r: { data: T } | { error: { code: string; message: string } }): T => {
  if ('error' in r) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.data
}
const decodeBundleOf = (bundle: string) => decodeBundle(parseSignedBundle(bundle).bytes)
const errorCode = (r: { data: unknown } | { error: { code: string } }) => ('error' in r ? r.error.code : 'answered')

beforeAll(async () => {
  server = await startMockServer({
    backends: allBackends.filter((b) => b.slug === 'guangdong' || b.slug === 'jiangsu'),
  })
  const configs = demoAuthorityConfig(server.url)
  host = createHost({
    registry: createRegistry([guangdong, jiangsu, national]),
    httpFactory: (config) => {
      const http = createNodeHttp(config)
      http.interceptors.request.use((r) => {
        if (fault) r.headers.set('x-np-fault', fault)
        return r
      })
      return http
    },
    clock: { now: () => Date.now() },
    configFor: (id) => configs[id],
    consent: () => true,
    auth: { sessions, credential },
  })
})
afterAll(() => server?.close())
afterEach(() => {
  fault = ''
})

/** The claims the app holds from Guangdong for `who`: code, newest test, newest dose. */
async function guangdongClaims(who: Identity): Promise<string[]> {
  const code = data(await host.call(GD, 'getHealthCode', who))
  const tests = data(await host.call(GD, 'getTestResults', who, { since: Date.now() - 30 * 86_400_000 }))
  const doses = data(await host.call(GD, 'getVaccinations', who))
  const newestTest = [...tests].filter((t) => t.claim).sort((a, b) => b.sampledAt - a.sampledAt)[0]
  const newestDose = [...doses].filter((v) => v.claim).sort((a, b) => b.at - a.at)[0]
  return [code.claim, newestTest?.claim, newestDose?.claim].filter((c): c is string => typeof c === 'string')
}

describe('getPassBundle (plugins/bundle.ts → the mock gateway)', () => {
  test('one signature over the claims sent and the phone key; the bundled pass verifies and is smaller', async () => {
    // Tested and vaccinated in Guangdong: a code, a test and a dose to bundle.
    const me = person('late-report')
    const claims = await guangdongClaims(me)
    expect(claims).toHaveLength(3)
    const deviceKey = base64urlEncode(phone.publicKey)
    const answer = data(await host.call(GD, 'getPassBundle', { claims, deviceKey }))
    const sb = parseSignedBundle(answer.bundle)
    const { bundle, key } = verifyBundleSignature(sb, trust(), Date.now())
    expect(key.province).toBe(GD)
    const sent: Claim[] = claims.map((c) => decodeClaim(parseSignedClaim(c).bytes))
    expect(bundle.items.map((c) => c.typ)).toEqual([...sent.map((c) => c.typ), 'dk'])
    // Each item says what its claim said, times at minute precision.
    sent.forEach((c, i) => {
      expect(bundle.items[i].iss).toBe(c.iss)
      expect(Math.abs(bundle.items[i].iat - c.iat)).toBeLessThan(60_000)
      expect(bundle.items[i].body).toMatchObject(c.typ === 'hc' ? { colour: c.body.colour } : {})
    })
    const nationalCode = data(await host.call(CN, 'getHealthCode', me))
    const cn = parseSignedBundle(
      data(await host.call(CN, 'getPassBundle', { claims: [nationalCode.claim as string] })).bundle,
    )
    const holder = bundle.holder
    const text = encodePass({ v: 1, holder, claims: [], bundles: [sb, cn] })
    const individual = encodePass({
      v: 1,
      holder,
      claims: [...claims, nationalCode.claim as string].map(parseSignedClaim),
    })
    const check = verifyPass(text, trust(), Date.now())
    expect(check.problems).toEqual([])
    expect(check.valid).toBe(true)
    expect(text.length).toBeLessThan(individual.length)
    // Bound with the phone whose key Guangdong certified in the bundle.
    const bound = verifyPass(
      encodeBoundPass({ v: 1, holder, claims: [], bundles: [sb, cn] }, phone.secretKey, Date.now()),
      trust(),
      Date.now(),
      { requireBinding: true },
    )
    expect(bound.bound).toBe(true)
    expect(bound.valid).toBe(true)
  })

  test("another person's claims are refused (403: NP_ERR_AUTH_FORBIDDEN)", async () => {
    const theirs = await guangdongClaims(person('conflicted'))
    person('green')
    expect(errorCode(await host.call(GD, 'getPassBundle', { claims: theirs }))).toBe('NP_ERR_AUTH_FORBIDDEN')
  })

  test('a family member’s claims are bundled for the holder, but a phone key is certified only for the signed-in person', async () => {
    const theirs = await guangdongClaims(person('conflicted'))
    person('green')
    const grant = server.auth.recordProxy(GD, 'green', demoPerson('conflicted'), 'self-confirmed', Date.now())
    expect(typeof grant).not.toBe('string')
    const member = data(await host.call(GD, 'getPassBundle', { claims: theirs }))
    expect(decodeBundleOf(member.bundle).items.map((c) => c.typ)).not.toContain('dk')
    const deviceKey = base64urlEncode(phone.publicKey)
    expect(errorCode(await host.call(GD, 'getPassBundle', { claims: theirs, deviceKey }))).toBe('NP_ERR_AUTH_FORBIDDEN')
    // Their own: certified.
    const mine = await guangdongClaims(person('green'))
    const own = data(await host.call(GD, 'getPassBundle', { claims: mine, deviceKey }))
    expect(decodeBundleOf(own.bundle).items.map((c) => c.typ)).toContain('dk')
  })

  test("a claim the gateway did not sign (another province's) is refused; so is a malformed phone key", async () => {
    const me = person('green')
    const mine = await guangdongClaims(me)
    const fromJiangsu = data(await host.call(JS, 'getHealthCode', me)).claim as string
    expect(errorCode(await host.call(GD, 'getPassBundle', { claims: [...mine, fromJiangsu] }))).toBe('NP_ERR_BACKEND')
    expect(errorCode(await host.call(GD, 'getPassBundle', { claims: mine, deviceKey: 'AAAA' }))).toBe('NP_ERR_BACKEND')
  })

  test('without a session the gateway answers 401', async () => {
    const res = await fetch(`${server.url}/guangdong/pass-bundle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ claims: ['x'] }),
    })
    expect(res.status).toBe(401)
  })

  test('a forged bundle (badsig fault) does not verify', async () => {
    const claims = await guangdongClaims(person('green'))
    fault = 'badsig'
    const answer = data(await host.call(GD, 'getPassBundle', { claims }))
    expect(() => verifyBundleSignature(parseSignedBundle(answer.bundle), trust(), Date.now())).toThrow(
      expect.objectContaining({ code: 'NP_ERR_SIGNATURE_INVALID' }),
    )
  })
})
