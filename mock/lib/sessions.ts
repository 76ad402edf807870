/**
 * DEMO sign-in for every mock province: who is asking, and for whom.
 *
 * 1. The national identity provider vouches for a person with a one-time
 *    credential: after a super-app login code (`POST /identity/login`) or a
 *    one-time SMS code sent to the person's phone (`POST /identity/sms/send`,
 *    `POST /identity/sms/verify`). A credential expires after
 *    {@link CREDENTIAL_TTL_MS} and each province may redeem it once.
 * 2. Each province exchanges it for a session (`POST /<slug>/oauth/token`,
 *    OAuth 2.0 style: `grant_type=authorization_code` or `refresh_token`):
 *    an opaque access token valid {@link ACCESS_TTL_MS} and a rotating refresh
 *    token valid {@link REFRESH_TTL_MS}.
 * 3. Every personal request must carry `Authorization: Bearer <access token>`
 *    of a person allowed to see the named person: themself, or someone the
 *    province recorded as their proxy (a guardian's declaration for a child
 *    under 14, the adult's own confirmation by SMS code). Otherwise 401 (no or
 *    expired token) or 403 (not authorised), whatever the backend's own format.
 *
 * Tokens are random and kept in memory: no signing secret exists to leak.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomBytes, randomInt } from 'node:crypto'
import type { ProvinceCode } from '../../src/core/model'
import { type DemoPerson, demoPeople } from '../data/people'

export const CREDENTIAL_TTL_MS = 10 * 60_000
export const ACCESS_TTL_MS = 15 * 60_000
export const REFRESH_TTL_MS = 7 * 24 * 3_600_000
export const SMS_TTL_MS = 5 * 60_000
/** How many people one holder may act for in one province. */
export const MAX_PROXIES_PER_HOLDER = 5
/** Children under this age are added by their guardian's declaration. */
export const CHILD_UNDER_YEARS = 14

/** A refusal the server turns into HTTP 401/403 with a JSON body. */
export class MockAuthError extends Error {
  readonly isMockAuthError = true
  constructor(
    readonly status: 401 | 403,
    readonly error: string,
    message: string,
  ) {
    super(message)
    this.name = 'MockAuthError'
  }
}

/** Whether `e` is a {@link MockAuthError}, also from another copy of this module (a test loader may load two). */
export function isMockAuthError(e: unknown): e is MockAuthError {
  return typeof e === 'object' && e !== null && (e as { isMockAuthError?: unknown }).isMockAuthError === true
}

/** The session answer of `/oauth/token`. */
export interface TokenAnswer {
  token_type: 'Bearer'
  access_token: string
  expires_in: number
  refresh_token: string
  refresh_expires_in: number
  /** Whom the session is for, masked. */
  subject: { maskedName: string; idTail: string }
}

/** One authorisation recorded by a province: `holder` may see `member`'s codes. */
export interface ProxyGrant {
  id: string
  province: ProvinceCode
  holder: string
  member: string
  basis: 'guardian' | 'self-confirmed'
  at: number
  revokedAt?: number
}

const token = (prefix: string): string => `${prefix}.${randomBytes(24).toString('base64url')}`

/** Age in whole years at `now` from a `YYYY-MM-DD` birth date. */
export function ageAt(birthDate: string, now: number): number {
  const [y, m, d] = birthDate.split('-').map(Number)
  const today = new Date(now + 8 * 3_600_000)
  let age = today.getUTCFullYear() - y
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age -= 1
  return age
}

/** The DEMO identity provider and every province's sessions and proxy records, for one mock server. */
export class AuthService {
  private readonly credentials = new Map<string, { person: string; expiresAt: number; redeemed: Set<string> }>()
  private readonly access = new Map<string, { person: string; province: ProvinceCode; expiresAt: number }>()
  private readonly refresh = new Map<string, { person: string; province: ProvinceCode; expiresAt: number }>()
  private readonly sms = new Map<string, { code: string; expiresAt: number; purpose: string }>()
  readonly proxies: ProxyGrant[] = []

  reset(): void {
    this.credentials.clear()
    this.access.clear()
    this.refresh.clear()
    this.sms.clear()
    this.proxies.length = 0
  }

  /** A one-time credential for a person the identity provider verified. */
  issueCredential(person: DemoPerson, now: number): { credential: string; expiresAt: number } {
    const credential = token('idc')
    const expiresAt = now + CREDENTIAL_TTL_MS
    this.credentials.set(credential, { person: person.key, expiresAt, redeemed: new Set() })
    return { credential, expiresAt }
  }

  /** Send (DEMO: return) a 6-digit code to a phone, for `purpose` (`sign-in` or a proxy confirmation). */
  sendSms(phone: string, purpose: string, now: number): { code: string; expiresAt: number } {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    const expiresAt = now + SMS_TTL_MS
    this.sms.set(`${purpose}:${phone}`, { code, expiresAt, purpose })
    return { code, expiresAt }
  }

  /**
   * Whether `code` is the live code sent to `phone` for `purpose`. A sign-in
   * code works once (`consume`); a proxy confirmation works at every province
   * until it expires (one SMS authorises the holder everywhere).
   */
  checkSms(phone: string, purpose: string, code: string, now: number, consume = true): boolean {
    const key = `${purpose}:${phone}`
    const sent = this.sms.get(key)
    if (!sent || sent.expiresAt < now || sent.code !== code) return false
    if (consume) this.sms.delete(key)
    return true
  }

  private session(person: string, province: ProvinceCode, now: number): TokenAnswer {
    const p = demoPeople.find((x) => x.key === person) as DemoPerson
    const accessToken = token('at')
    const refreshToken = token('rt')
    this.access.set(accessToken, { person, province, expiresAt: now + ACCESS_TTL_MS })
    this.refresh.set(refreshToken, { person, province, expiresAt: now + REFRESH_TTL_MS })
    const name = p.identity.name
    return {
      token_type: 'Bearer',
      access_token: accessToken,
      expires_in: ACCESS_TTL_MS / 1000,
      refresh_token: refreshToken,
      refresh_expires_in: REFRESH_TTL_MS / 1000,
      subject: {
        maskedName: `${name.slice(0, 1)}${'*'.repeat(Math.max(name.length - 1, 1))}`,
        idTail: p.identity.idNumber.slice(-4),
      },
    }
  }

  /** `POST /<slug>/oauth/token`: a credential or a refresh token for a session with `province`. */
  grant(
    province: ProvinceCode,
    body: Record<string, unknown>,
    now: number,
  ): TokenAnswer | { error: string; detail: string } {
    if (body.grant_type === 'authorization_code') {
      const code = typeof body.code === 'string' ? body.code : ''
      const c = this.credentials.get(code)
      if (!c || c.expiresAt < now) return { error: 'invalid_grant', detail: 'unknown or expired credential' }
      if (c.redeemed.has(province)) return { error: 'invalid_grant', detail: 'credential already used here' }
      c.redeemed.add(province)
      return this.session(c.person, province, now)
    }
    if (body.grant_type === 'refresh_token') {
      const rt = typeof body.refresh_token === 'string' ? body.refresh_token : ''
      const r = this.refresh.get(rt)
      if (!r || r.province !== province || r.expiresAt < now)
        return { error: 'invalid_grant', detail: 'unknown or expired refresh token' }
      this.refresh.delete(rt)
      return this.session(r.person, province, now)
    }
    return { error: 'unsupported_grant_type', detail: 'grant_type must be authorization_code or refresh_token' }
  }

  /**
   * The person an `Authorization` header signs in to `province`: `undefined`
   * without a header; a {@link MockAuthError} (401) for a bad or expired token.
   */
  subjectOf(authorization: string | undefined, province: ProvinceCode, now: number): string | undefined {
    if (!authorization) return undefined
    const m = /^Bearer\s+(\S+)$/i.exec(authorization)
    const s = m ? this.access.get(m[1]) : undefined
    if (!s || s.province !== province) throw new MockAuthError(401, 'invalid_token', 'unknown access token')
    if (s.expiresAt < now) throw new MockAuthError(401, 'invalid_token', 'access token expired')
    return s.person
  }

  /** Whether `holder` may see `member`'s codes in `province`. */
  allowed(holder: string, member: string, province: ProvinceCode): boolean {
    return (
      holder === member ||
      this.proxies.some((g) => g.province === province && g.holder === holder && g.member === member && !g.revokedAt)
    )
  }

  /** Record an authorisation after the province checked its basis; a refusal reason otherwise. */
  recordProxy(
    province: ProvinceCode,
    holder: string,
    member: DemoPerson,
    basis: ProxyGrant['basis'],
    now: number,
  ): ProxyGrant | string {
    if (holder === member.key) return 'a holder needs no authorisation for themself'
    const active = this.proxies.filter((g) => g.province === province && g.holder === holder && !g.revokedAt)
    const existing = active.find((g) => g.member === member.key)
    if (existing) return existing
    if (active.length >= MAX_PROXIES_PER_HOLDER) return `at most ${MAX_PROXIES_PER_HOLDER} people per holder`
    const child = ageAt(member.identity.birthDate, now) < CHILD_UNDER_YEARS
    if (basis === 'guardian' && !child)
      return `a guardian's declaration is only for children under ${CHILD_UNDER_YEARS}`
    const grant: ProxyGrant = { id: token('pg'), province, holder, member: member.key, basis, at: now }
    this.proxies.push(grant)
    return grant
  }

  revokeProxy(province: ProvinceCode, holder: string, id: string, now: number): boolean {
    const g = this.proxies.find((x) => x.id === id && x.province === province && x.holder === holder && !x.revokedAt)
    if (!g) return false
    g.revokedAt = now
    return true
  }

  /** Tests: make every live access token of a province expire now. */
  expireAccess(province?: ProvinceCode): void {
    for (const s of this.access.values()) if (!province || s.province === province) s.expiresAt = 0
  }
}

/** Who is asking, for the request a backend is handling. */
interface RequestAuth {
  auth: AuthService
  province: ProvinceCode
  /** The signed-in person's key, if the request carried a valid token. */
  subject?: string
}

// One store per process, shared by every copy of this module (the smoke test loads the server and the backends apart).
const SLOT = Symbol.for('national-pass.mock.request-auth')
const slots = globalThis as { [SLOT]?: AsyncLocalStorage<RequestAuth> }
slots[SLOT] ??= new AsyncLocalStorage<RequestAuth>()
const current: AsyncLocalStorage<RequestAuth> = slots[SLOT]

/** Run a backend's handler with the request's sign-in known to {@link authorise}. */
export function withRequestAuth<T>(context: RequestAuth, fn: () => T): T {
  return current.run(context, fn)
}

/**
 * The person a personal request names, if the signed-in person may see them.
 * Throws {@link MockAuthError}: 401 without a session, 403 when the person is
 * not theirs to see (also when nobody matches, so a refusal reveals nothing).
 */
export function authorise(person: DemoPerson | undefined): DemoPerson {
  const ctx = current.getStore()
  if (!ctx?.subject) throw new MockAuthError(401, 'unauthorized', 'sign in: personal data needs a session token')
  if (!person || !ctx.auth.allowed(ctx.subject, person.key, ctx.province))
    throw new MockAuthError(403, 'forbidden', 'the signed-in person is not authorised for this person')
  return person
}
