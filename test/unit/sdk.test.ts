/**
 * The SDK's edges: domain schemas, log redaction, the HTTP error interceptor
 * and the mock server's national endpoints, CORS and hang handling.
 */
import { request } from 'node:http'
import axios from 'axios'
import { demoPerson } from '../../mock/data/people'
import { startMockServer, type MockServer } from '../../mock/lib/server'
import { isNpError } from '../../src/core/errors'
import { HealthCodeSchema, parseDomain, TestResultSchema } from '../../src/core/schemas'
import { createPluginCrypto, createPluginLog, type LogEntry } from '../../src/sdk/context'
import { createNodeHttp } from '../../src/sdk/http'
import { createRedactor, maskName } from '../../src/sdk/redact'

const now = Date.UTC(2022, 10, 1)
const origin = { plugin: 'guangdong (440000)', hook: 'getTestResults' }
const test0 = {
  sampleId: 'S1',
  kind: 'pcr',
  outcome: 'negative',
  sampledAt: now - 9e6,
  reportedAt: now,
  pooled: false,
  lab: 'L',
  province: '440000',
}

describe('schemas', () => {
  test('a valid test result parses, unknown keys are dropped', () => {
    expect(parseDomain(TestResultSchema, { ...test0, extra: 1 }, origin)).toEqual(test0)
  })
  test.each([
    [{ ...test0, outcome: 'pending' }, /reportedAt: must be absent exactly when the outcome is pending/],
    [{ ...test0, reportedAt: undefined }, /reportedAt: must be absent exactly when/],
    [{ ...test0, sampledAt: now / 1000 }, /sampledAt: must be epoch milliseconds/],
    [{ ...test0, province: '44' }, /province: must be a six-digit province code/],
    [{ ...test0, kind: 'PCR' }, /kind: /],
    [{ ...test0, lab: 'x'.repeat(500) }, /lab: /],
    [{ ...test0, reportedAt: now - 1e7 }, /reportedAt: must not be before sampledAt/],
  ])('rejects %#', (value, message) => {
    expect(() => parseDomain(TestResultSchema, value, origin)).toThrow(message)
    try {
      parseDomain(TestResultSchema, value, origin)
    } catch (e) {
      expect(isNpError(e) && e.code).toBe('NP_ERR_RESPONSE_INVALID')
      expect(String(e)).toContain('guangdong (440000)')
    }
  })
  test('health code colours are an enum and validity is ordered', () => {
    const hc = {
      province: '440000',
      issuer: 'GD',
      colour: 'green',
      issuedAt: now,
      validUntil: now + 1,
      history: [],
      popUps: [],
    }
    expect(parseDomain(HealthCodeSchema, hc, origin).colour).toBe('green')
    expect(() => parseDomain(HealthCodeSchema, { ...hc, colour: 'blue' }, origin)).toThrow(/colour/)
    expect(() => parseDomain(HealthCodeSchema, { ...hc, validUntil: now - 1 }, origin)).toThrow(
      /validUntil: must not be before issuedAt/,
    )
  })
})

describe('redaction', () => {
  const { identity } = demoPerson('green')
  test('ID numbers, phones and known names are masked in text and fields', () => {
    const r = createRedactor(identity)
    const text = r.text(`id ${identity.idNumber} tel +86 139-0000-0101 name ${identity.name}`)
    expect(text).not.toContain(identity.idNumber)
    expect(text).not.toContain(identity.name)
    expect(text).toContain(`${identity.idNumber.slice(0, 3)}*************${identity.idNumber.slice(-2)}`)
    expect(text).toMatch(/139\*+01/)
    expect(createRedactor().field('holderName', '欧阳娜娜')).toBe('欧**娜')
    expect(createRedactor().field('venue', '广州天河城')).toBe('广州天河城')
    expect(maskName('张三')).toBe('张*')
  })
  test('the plugin log redacts messages and fields before the sink', () => {
    const entries: LogEntry[] = []
    const log = createPluginLog(
      (e) => entries.push(e),
      { plugin: '440000', hook: 'getHealthCode' },
      () => now,
    )
    log.info(`querying ${identity.idNumber}`, {
      mobile: identity.phone,
      phoneAsNumber: Number(identity.phone),
      ok: true,
    })
    expect(JSON.stringify(entries)).not.toMatch(new RegExp(`${identity.idNumber}|${identity.phone}`))
    expect(entries[0].fields.ok).toBe(true)
  })
})

describe('plugin crypto', () => {
  const c = createPluginCrypto()
  test('HMAC, SHA-256 and AES round trip', () => {
    expect(c.sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(c.hmacSha256Hex('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    )
    const key = '00'.repeat(32)
    const iv = '01'.repeat(16)
    expect(c.aesDecrypt(c.aesEncrypt('粤康码 ok', key, iv), key, iv)).toBe('粤康码 ok')
    expect(() => c.aesDecrypt(c.aesEncrypt('x', key, iv), 'ff'.repeat(32), iv)).toThrow()
    expect(c.nonce()).toMatch(/^[0-9a-f]{32}$/)
    expect(c.ed25519Verify('not base64!', new Uint8Array(1), 'x')).toBe(false)
  })
})

describe('http interceptor and mock server', () => {
  let server: MockServer
  const echo = { slug: 'echo', province: '710000', handle: () => ({ status: 200, body: { ok: true } }) }
  beforeAll(async () => {
    server = await startMockServer({ backends: [echo] })
  })
  afterAll(() => server.close())

  const codeOf = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p
      return 'no error'
    } catch (e) {
      return isNpError(e) ? e.code : `not an NpError: ${String(e)}`
    }
  }
  const http = () => createNodeHttp({ baseURL: `${server.url}/echo` })

  test.each([
    ['500', 'NP_ERR_HTTP_STATUS'],
    ['html', 'NP_ERR_HTTP_NOT_JSON'],
    ['badjson', 'NP_ERR_HTTP_NOT_JSON'],
  ])('fault %s → %s', async (fault, code) => {
    expect(await codeOf(http().get('/x', { headers: { 'x-np-fault': fault } }))).toBe(code)
  })
  test('timeouts, aborts and refused connections are typed', async () => {
    expect(await codeOf(http().get('/x?fault=hang', { timeout: 100 }))).toBe('NP_ERR_HTTP_TIMEOUT')
    expect(await codeOf(http().get('/x?fault=hang', { signal: AbortSignal.timeout(100) }))).toBe('NP_ERR_HTTP_ABORTED')
    expect(await codeOf(createNodeHttp({ baseURL: 'http://127.0.0.1:1' }).get('/x'))).toBe('NP_ERR_HTTP_NETWORK')
  })
  test('CORS preflight, identity login, unknown faults and routes', async () => {
    const pre = await axios.request({
      method: 'OPTIONS',
      url: `${server.url}/echo/x`,
      headers: { 'access-control-request-headers': 'x-gd-sign' },
      adapter: 'http',
    })
    expect(pre.status).toBe(204)
    expect(pre.headers['access-control-allow-origin']).toBe('*')
    expect(pre.headers['access-control-allow-headers']).toBe('x-gd-sign')
    const login = await axios.post(`${server.url}/identity/login`, { code: 'demo-elder' }, { adapter: 'http' })
    expect(login.data).toMatchObject({ personKey: 'elder', identity: { name: demoPerson('elder').identity.name } })
    const bad = { adapter: 'http' as const, validateStatus: () => true }
    expect((await axios.post(`${server.url}/identity/login`, { code: 'demo-nobody' }, bad)).status).toBe(404)
    expect((await axios.get(`${server.url}/echo/x?fault=explode`, bad)).status).toBe(400)
    expect((await axios.get(`${server.url}/nowhere/x`, bad)).status).toBe(404)
  })
  test('close() does not wait for hanging requests', async () => {
    const s = await startMockServer({ backends: [echo] })
    // Wait until the request's socket is connected (state), not "50 ms later".
    const req = request(`${s.url}/echo/x?fault=hang`)
    const hanging = new Promise<unknown>((resolve) => {
      req.on('error', resolve)
      req.on('response', (res) => resolve(res.statusCode))
    })
    req.end()
    await new Promise<void>((resolve) => req.on('socket', (sock) => sock.once('connect', () => resolve())))
    // A hang is cut off after HANG_CAP_MS (60 s) at the earliest, beyond this test's 30 s limit:
    // close() resolving at all shows it does not wait for the hanging request, which then fails.
    await s.close()
    expect(await hanging).toMatchObject({ code: expect.stringMatching(/^ECONNRESET$|^ECONNREFUSED$/) })
  }, 30_000)
})

describe('the catalogue in two languages', () => {
  test("every code has a Chinese text, and a stored error renders in the reader's language with its values", async () => {
    const { catalogue, catalogueZh, errorText, NpError } = await import('../../src/core/errors')
    expect(Object.keys(catalogueZh).sort()).toEqual(Object.keys(catalogue).sort())
    const stored = new NpError('NP_ERR_HTTP_STATUS', { params: { status: 503 } }).toJSON()
    expect(stored.message).toBe('The province server answered HTTP 503')
    expect(errorText(stored, 'en')).toBe('The province’s server is unavailable (HTTP 503); refresh later')
    expect(errorText(stored, 'zh')).toBe('省级服务器暂时不可用（HTTP 503），请稍后刷新')
    expect(errorText(JSON.parse(JSON.stringify(stored)), 'zh')).toContain('503')
  })
})
