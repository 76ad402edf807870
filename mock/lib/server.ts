/**
 * ONE node:http server on 127.0.0.1 for every mock province backend.
 *
 * Routes: `/<slug>/...` → the backend with that slug; `GET /national/trust-list`
 * → the DEMO trust list; `GET /national/foreign-trust-list` → the DEMO foreign trust list; `GET /national/rules/<province>` → that province's
 * DEMO entry rules; `POST /identity/login` `{ code }` → a DEMO identity token; `GET /identity/demo-people` → the
 * DEMO people's keys, names and stories (the H5 demo picker);
 * `GET /` → the list of backends. CORS is open for the H5 app.
 *
 * Faults (header `x-np-fault` or query `?fault=`): see ./faults.ts. Every
 * request is bounded: `hang` is cut off after {@link HANG_CAP_MS}, a backend
 * after {@link BACKEND_CAP_MS}, bodies above 1 MB are refused.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { demoRuleSets } from '../rules'
import { cannedFault, HANG_CAP_MS, MAX_DELAY_MS, parseFault, SLOW_MS } from './faults'
import { nationalBackend } from '../national/backend'
import {
  backendKey,
  certifyDeviceKey,
  demoLogin,
  demoPeopleList,
  mockForeignTrustList,
  mockTrustList,
} from './national'
import { holderOf, rulesFor } from './province'
import { matchPerson } from './province'
import { AuthService, isMockAuthError, MockAuthError, type ProxyGrant, withRequestAuth } from './sessions'
import { maskName } from '../../src/sdk/redact'
import { demoPeople } from '../data/people'
import type { Fault, MockBackend, MockResponse } from './types'

/** A backend that has not answered after this long gets a 504. */
export const BACKEND_CAP_MS = 30_000
const MAX_BODY = 1_000_000

export interface MockServerOptions {
  /** 0 picks a free port. @default 0 */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  backends: readonly MockBackend[]
  /** The server clock handed to backends. @default Date.now */
  now?: () => number
  /** Sessions and proxy records to keep (a restarted server). @default a fresh one */
  auth?: AuthService
}

export interface MockServer {
  /** e.g. `http://127.0.0.1:9300` (no trailing slash). */
  url: string
  port: number
  /** Stops listening, destroys open (hanging) sockets and pending timers. */
  close(): Promise<void>
  /** Replace the server clock (tests shift time). */
  setNow(now: () => number): void
  backends: readonly MockBackend[]
  /** Sign-in: credentials, sessions and the provinces' proxy records (./sessions.ts). */
  auth: AuthService
}

/** Start the mock server; resolves once it listens. Throws on duplicate slugs. */
export async function startMockServer(options: MockServerOptions): Promise<MockServer> {
  const { host = '127.0.0.1' } = options
  // The national platform (national code, itinerary, risk areas) is served beside the provinces on every mock server.
  const backends = options.backends.some((b) => b.slug === nationalBackend.slug)
    ? options.backends
    : [...options.backends, nationalBackend]
  let now = options.now ?? Date.now
  const auth = options.auth ?? new AuthService()
  const bySlug = new Map<string, MockBackend>()
  for (const b of backends) {
    if (bySlug.has(b.slug)) throw new Error(`Two mock backends use slug "${b.slug}"`)
    bySlug.set(b.slug, b)
  }
  const sockets = new Set<Socket>()
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t)
        resolve()
      }, ms)
      timers.add(t)
    })

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      process.stderr.write(`mock: ${req.method} ${req.url} failed: ${e instanceof Error ? e.stack : String(e)}\n`)
      if (!res.headersSent) send(res, { status: 500, body: { error: 'mock server error', detail: String(e) } })
      else res.destroy()
    })
  })
  // Node's client agent keeps idle sockets for 5 s, the server's default keep-alive timeout is also 5 s: a
  // request sent on a socket the server is just closing fails with ECONNRESET (seen on a loaded machine).
  // Idle sockets are left to the client to close; close() destroys whatever is still open.
  server.keepAliveTimeout = 0
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock.invalid')
    cors(req, res)
    if (req.method === 'OPTIONS') return void send(res, { status: 204, body: '' })
    const fault = parseFault(headerOf(req, 'x-np-fault') ?? url.searchParams.get('fault'))
    if (!fault)
      return void send(res, {
        status: 400,
        body: {
          error: `unknown fault; known: ${['500', '503', 'html', 'badjson', 'shape', 'badsig', 'hang', 'slow'].join(', ')}`,
        },
      })
    const body = await readBody(req)
    if (body === undefined) return void send(res, { status: 413, body: { error: 'body larger than 1 MB' } })

    const canned = cannedFault(fault)
    if (canned) return void send(res, canned)
    if (fault === 'hang') {
      // Answer nothing; close() or the cap destroys the socket.
      const t = setTimeout(() => {
        timers.delete(t)
        req.socket.destroy()
      }, HANG_CAP_MS)
      timers.add(t)
      return
    }
    if (fault === 'slow')
      await sleep(Math.min(Math.max(Number(headerOf(req, 'x-np-delay') ?? SLOW_MS) || SLOW_MS, 0), MAX_DELAY_MS))

    const [, first = '', ...rest] = url.pathname.split('/')
    if (first === '')
      return void send(res, {
        status: 200,
        body: { mock: 'national-pass DEMO', backends: backends.map((b) => ({ slug: b.slug, province: b.province })) },
      })
    if (first === 'national') return void send(res, national(req.method ?? 'GET', rest))
    if (first === 'identity') return void send(res, identity(req.method ?? 'GET', rest, body))
    const backend = bySlug.get(first)
    if (!backend) return void send(res, { status: 404, body: { error: `no mock backend "${first}"` } })
    const path = `/${rest.join('/')}`
    if (path === '/oauth/token') return void send(res, tokenEndpoint(backend, req.method ?? 'GET', body))
    if (path.startsWith('/proxy/')) return void send(res, proxyEndpoint(backend, req, path, body))
    let subject: string | undefined
    try {
      subject = auth.subjectOf(headerOf(req, 'authorization'), backend.province, now())
    } catch (e) {
      return void send(res, refusal(e))
    }
    const request = { method: req.method ?? 'GET', path, query: url.searchParams, headers: lowerHeaders(req), body }
    const env = { now: () => now(), fault, key: keyOf(backend) }
    // Personal requests are refused (401/403) inside the backend, by findPerson, unless the token allows them.
    const answer = await withCap(
      Promise.resolve()
        .then(() => withRequestAuth({ auth, province: backend.province, subject }, () => backend.handle(request, env)))
        .catch(refusal),
    )
    send(res, answer)
  }

  const keys = new Map<string, ReturnType<typeof backendKey>>()
  function keyOf(backend: MockBackend): { kid: string; secretKey: Uint8Array } {
    let key = keys.get(backend.province)
    if (!key) {
      key = backendKey(backend.province)
      keys.set(backend.province, key)
    }
    return { kid: key.kid, secretKey: key.secretKey }
  }

  function national(method: string, path: string[]): MockResponse {
    if (method !== 'GET') return { status: 405, body: { error: 'GET only' } }
    if (path.join('/') === 'trust-list')
      return {
        status: 200,
        body: mockTrustList(
          backends.map((b) => b.province),
          now(),
        ),
      }
    if (path.join('/') === 'foreign-trust-list') return { status: 200, body: mockForeignTrustList(now()) }
    if (path[0] === 'rules' && path.length === 2) {
      const rules = (demoRuleSets as Record<string, unknown>)[path[1]]
      return rules === undefined
        ? { status: 404, body: { error: `no DEMO rules for ${path[1]}` } }
        : { status: 200, body: rulesFor(path[1]) }
    }
    return {
      status: 404,
      body: {
        error: 'national endpoints: /national/trust-list, /national/foreign-trust-list, /national/rules/<province>',
      },
    }
  }

  function identity(method: string, path: string[], body: string): MockResponse {
    const route = path.join('/')
    if (route === 'demo-people')
      return method === 'GET' ? { status: 200, body: demoPeopleList() } : { status: 405, body: { error: 'GET only' } }
    if (method !== 'POST') return { status: 405, body: { error: 'POST only' } }
    if (route === 'sms/send') return smsSend(body)
    if (route === 'sms/verify') return smsVerify(body)
    if (route !== 'login')
      return {
        status: 404,
        body: { error: 'identity endpoints: POST /identity/login { code }, /identity/sms/send, /identity/sms/verify' },
      }
    const code = parseCode(body)
    if (!code) return { status: 400, body: { error: 'body must be JSON { "code": "demo-<personKey>" }' } }
    const login = demoLogin(code, now())
    if (!login) return { status: 404, body: { error: `no demo person for code ${code}` } }
    const person = demoPeople.find((p) => p.key === login.personKey)
    // The super-app vouched for the person: a one-time credential each province can redeem once.
    return { status: 200, body: { ...login, ...(person ? auth.issueCredential(person, now()) : {}) } }
  }

  /** DEMO SMS: the code is returned as `demoCode` (a real provider texts it to the phone). */
  function smsSend(body: string): MockResponse {
    const b = parseObject(body)
    const phone = typeof b?.phone === 'string' ? b.phone.trim() : ''
    const purpose = typeof b?.purpose === 'string' ? b.purpose : 'sign-in'
    if (!/^1[3-9]\d{9}$/.test(phone)) return { status: 400, body: { error: 'phone must be a mainland mobile number' } }
    const sent = auth.sendSms(phone, purpose, now())
    return { status: 200, body: { sent: true, expiresAt: sent.expiresAt, demoCode: sent.code } }
  }

  /** Real-name check: the code sent to the phone, and the name and ID number registered with that phone. */
  function smsVerify(body: string): MockResponse {
    const b = parseObject(body)
    const phone = typeof b?.phone === 'string' ? b.phone.trim() : ''
    const code = typeof b?.code === 'string' ? b.code.trim() : ''
    const name = typeof b?.name === 'string' ? b.name : undefined
    const idNumber = typeof b?.idNumber === 'string' ? b.idNumber : undefined
    if (!auth.checkSms(phone, 'sign-in', code, now()))
      return { status: 401, body: { error: 'invalid_code', error_description: 'wrong or expired SMS code' } }
    const person = name && idNumber ? matchPerson({ name, idNumber, phone }) : undefined
    if (!person)
      return {
        status: 403,
        body: { error: 'identity_mismatch', error_description: 'name and ID do not match this phone' },
      }
    return { status: 200, body: { identity: { ...person.identity }, ...auth.issueCredential(person, now()) } }
  }

  /** `POST /<slug>/oauth/token`: the province exchanges a credential or refresh token for a session. */
  function tokenEndpoint(backend: MockBackend, method: string, body: string): MockResponse {
    if (method !== 'POST') return { status: 405, body: { error: 'POST only' } }
    const b = parseObject(body)
    if (!b) return { status: 400, body: { error: 'invalid_request', error_description: 'JSON body required' } }
    // A malformed phone key is refused before the credential is spent.
    if (b.device_key !== undefined && !(typeof b.device_key === 'string' && /^[A-Za-z0-9_-]{43}$/.test(b.device_key)))
      return { status: 400, body: { error: 'invalid_request', error_description: 'device_key: 32 bytes, base64url' } }
    const r = auth.grant(backend.province, b, now())
    if ('error' in r) return { status: 400, body: { error: r.error, error_description: r.detail } }
    // Holder binding: the phone's public key is certified for the person the new token signs in, nobody else.
    if (typeof b.device_key === 'string') {
      const person = demoPeople.find(
        (p) => p.key === auth.subjectOf(`Bearer ${r.access_token}`, backend.province, now()),
      )
      const claim = person ? certifyDeviceKey(backend.province, holderOf(person), b.device_key, now()) : undefined
      return { status: 200, body: claim ? { ...r, device_key_claim: claim } : r }
    }
    return { status: 200, body: r }
  }

  /**
   * The province's proxy records (代查授权), for the signed-in holder:
   * `POST /proxy/request` `{ name, idNumber, basis, code? }` records that the
   * holder may see the member's codes: `basis: 'guardian'` (a guardian's
   * declaration, only for a child under 14 by the ID's birth date) or
   * `'self-confirmed'` with the code texted to the member's own phone
   * (`POST /identity/sms/send { phone, purpose: 'proxy' }`). At most
   * MAX_PROXIES_PER_HOLDER per holder. `GET /proxy/list`; `POST /proxy/revoke` `{ id }`.
   */
  function proxyEndpoint(backend: MockBackend, req: IncomingMessage, path: string, body: string): MockResponse {
    let holder: string | undefined
    try {
      holder = auth.subjectOf(headerOf(req, 'authorization'), backend.province, now())
    } catch (e) {
      return refusal(e)
    }
    if (!holder) return refusal(new MockAuthError(401, 'unauthorized', 'sign in to manage authorisations'))
    const view = (g: ProxyGrant) => {
      const m = demoPeople.find((p) => p.key === g.member)
      const name = m?.identity.name ?? ''
      return {
        id: g.id,
        basis: g.basis,
        at: g.at,
        ...(g.revokedAt ? { revokedAt: g.revokedAt } : {}),
        member: { maskedName: maskName(name), idTail: m?.identity.idNumber.slice(-4) ?? '' },
      }
    }
    const province = backend.province
    if (path === '/proxy/list')
      return {
        status: 200,
        body: { grants: auth.proxies.filter((g) => g.province === province && g.holder === holder).map(view) },
      }
    if (req.method !== 'POST') return { status: 405, body: { error: 'POST only' } }
    const b = parseObject(body) ?? {}
    if (path === '/proxy/revoke') {
      const done = auth.revokeProxy(province, holder, String(b.id ?? ''), now())
      return done ? { status: 200, body: { revoked: true } } : { status: 404, body: { error: 'no such authorisation' } }
    }
    if (path !== '/proxy/request') return { status: 404, body: { error: 'proxy endpoints: request, list, revoke' } }
    const member = matchPerson({
      name: typeof b.name === 'string' ? b.name : undefined,
      idNumber: typeof b.idNumber === 'string' ? b.idNumber : undefined,
    })
    const refused = (detail: string): MockResponse => ({
      status: 422,
      body: { error: 'refused', error_description: detail },
    })
    if (!member) return refused('no such person')
    if (b.basis === 'self-confirmed') {
      const code = typeof b.code === 'string' ? b.code : ''
      if (!auth.checkSms(member.identity.phone, 'proxy', code, now(), false))
        return refused("wrong or expired code from the member's phone")
    } else if (b.basis !== 'guardian') return refused('basis must be guardian or self-confirmed')
    const g = auth.recordProxy(province, holder, member, b.basis, now())
    return typeof g === 'string' ? refused(g) : { status: 200, body: view(g) }
  }

  async function withCap(answer: Promise<MockResponse>): Promise<MockResponse> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const cap = new Promise<MockResponse>((resolve) => {
      timer = setTimeout(
        () => resolve({ status: 504, body: { error: `backend took over ${BACKEND_CAP_MS} ms` } }),
        BACKEND_CAP_MS,
      )
      timers.add(timer)
    })
    try {
      return await Promise.race([answer, cap])
    } finally {
      if (timer) {
        clearTimeout(timer)
        timers.delete(timer)
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://${host}:${port}`,
    port,
    backends,
    auth,
    setNow(fn) {
      now = fn
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t)
        timers.clear()
        server.close((e) => (e ? reject(e) : resolve()))
        for (const s of sockets) s.destroy()
      }),
  }
}

function cors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*')
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS')
  res.setHeader('access-control-allow-headers', headerOf(req, 'access-control-request-headers') ?? '*')
  res.setHeader('access-control-expose-headers', '*')
  res.setHeader('access-control-max-age', '600')
}

function send(res: ServerResponse, answer: MockResponse): void {
  const isText = typeof answer.body === 'string'
  const text = isText ? (answer.body as string) : JSON.stringify(answer.body)
  const headers: Record<string, string> = {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...answer.headers,
  }
  if (answer.status === 204) delete headers['content-type']
  res.writeHead(answer.status, headers)
  res.end(answer.status === 204 ? undefined : text)
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY) chunks.push(chunk)
    })
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, value] of Object.entries(req.headers))
    if (value !== undefined) out[k.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  return out
}

/** A {@link MockAuthError} as the 401/403 answer every backend gives; anything else is rethrown. */
function refusal(e: unknown): MockResponse {
  if (!isMockAuthError(e)) throw e
  return {
    status: e.status,
    headers: e.status === 401 ? { 'www-authenticate': `Bearer error="${e.error}"` } : {},
    body: { error: e.error, error_description: e.message },
  }
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body)
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
  } catch {
    // Not JSON: the caller answers 400.
    return undefined
  }
}

function parseCode(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body)
    const code = typeof parsed === 'object' && parsed !== null ? (parsed as { code?: unknown }).code : undefined
    return typeof code === 'string' && code.length > 0 && code.length <= 200 ? code : undefined
  } catch {
    // Not JSON: the caller answers 400.
    return undefined
  }
}

export type { Fault }
