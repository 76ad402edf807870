/**
 * Sessions per province for the host: one live session per plugin, obtained
 * with the plugin's `signIn` hook from the person's credential, renewed with
 * `refreshSession` before it expires, and dropped when the province answers
 * 401. Concurrent calls share one sign-in (a credential is redeemable once
 * per province). Tokens are kept by the app's {@link SessionStore}
 * (encrypted storage) and never logged.
 */
import { isNpError, NpError } from '../core/errors'
import type { PluginSession, SignInCredential } from './types'

/** Where the host keeps sessions (the app: encrypted storage; tests: a Map). */
export interface SessionStore {
  get(pluginId: string): PluginSession | undefined
  set(pluginId: string, session: PluginSession | undefined): void
}

/** Sign-in configuration of the host. */
export interface HostAuth {
  sessions: SessionStore
  /** The signed-in person's current credential, or `undefined` when they must sign in again. */
  credential(): SignInCredential | undefined | Promise<SignInCredential | undefined>
  /**
   * This phone's base64url Ed25519 public key (created once, kept encrypted),
   * sent with every sign-in and refresh for the province to certify (holder
   * binding). `undefined` (or throwing) signs in without one.
   */
  deviceKey?(): string | undefined
}

/** A session is renewed this long before it expires. */
export const SESSION_MARGIN_MS = 30_000

/** An in-memory {@link SessionStore} (tests, and the app before storage is ready). */
export function memorySessionStore(): SessionStore & { map: Map<string, PluginSession> } {
  const map = new Map<string, PluginSession>()
  return {
    map,
    get: (id) => map.get(id),
    set: (id, s) => {
      if (s) map.set(id, s)
      else map.delete(id)
    },
  }
}

/** Whether an error (or one of its causes) is the province answering HTTP `status`. */
export function isHttpStatus(e: unknown, status: number): boolean {
  for (let x: unknown = e, depth = 0; x && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    if (isNpError(x) && x.code === 'NP_ERR_HTTP_STATUS' && Number(x.params.status) === status) return true
  }
  return false
}

/** What the manager needs from the host: running the sign-in hooks with the host's deadline and validation. */
export interface SessionRunner<O> {
  signIn(pluginId: string, credential: SignInCredential, options: O): Promise<PluginSession>
  refresh(pluginId: string, refreshToken: string, options: O, deviceKey?: string): Promise<PluginSession>
  now(): number
}

export interface SessionManager<O> {
  /**
   * A live session for the plugin: stored, refreshed, or signed in (with the
   * caller's deadline `options`). Throws `NP_ERR_AUTH_REQUIRED` when the
   * province refuses or there is no credential; a timeout or network failure
   * of the sign-in is thrown as it is.
   */
  session(pluginId: string, label: string, options: O): Promise<PluginSession>
  /** The province refused the token (401): forget it, so the next `session` refreshes or signs in. */
  rejected(pluginId: string, accessToken: string): void
}

export function createSessionManager<O>(auth: HostAuth, run: SessionRunner<O>): SessionManager<O> {
  const inflight = new Map<string, Promise<PluginSession>>()
  const deviceKey = (): string | undefined => {
    try {
      return auth.deviceKey?.() ?? undefined
    } catch {
      // No phone key (e.g. no secure randomness yet): sign in unbound; the pass stays NP1.
      return undefined
    }
  }

  async function obtain(pluginId: string, label: string, options: O): Promise<PluginSession> {
    const stored = auth.sessions.get(pluginId)
    const now = run.now()
    if (stored && stored.expiresAt - SESSION_MARGIN_MS > now) return stored
    if (stored?.refreshToken && (stored.refreshExpiresAt ?? Number.POSITIVE_INFINITY) > now) {
      try {
        const renewed = await run.refresh(pluginId, stored.refreshToken, options, deviceKey())
        auth.sessions.set(pluginId, renewed)
        return renewed
      } catch {
        // The province refused the refresh token: forget it and sign in with the credential below.
        auth.sessions.set(pluginId, undefined)
      }
    }
    const credential = await auth.credential()
    if (!credential || credential.expiresAt <= now) {
      auth.sessions.set(pluginId, undefined)
      throw new NpError('NP_ERR_AUTH_REQUIRED', {
        plugin: pluginId,
        params: { plugin: label, detail: 'no live session and no fresh sign-in credential' },
      })
    }
    try {
      const key = deviceKey()
      const session = await run.signIn(pluginId, key ? { ...credential, deviceKey: key } : credential, options)
      auth.sessions.set(pluginId, session)
      return session
    } catch (e) {
      // The province refused the credential: sign in again. Anything else (timeout, network, 5xx) stays what it is.
      if (!isNpError(e) || e.code !== 'NP_ERR_AUTH_REQUIRED') throw e
      throw new NpError('NP_ERR_AUTH_REQUIRED', {
        plugin: pluginId,
        cause: e,
        params: { plugin: label, detail: String(e.params.detail ?? 'the province refused the credential') },
      })
    }
  }

  return {
    session(pluginId, label, options) {
      let p = inflight.get(pluginId)
      if (!p) {
        p = obtain(pluginId, label, options).finally(() => inflight.delete(pluginId))
        inflight.set(pluginId, p)
      }
      return p
    },
    rejected(pluginId, accessToken) {
      const s = auth.sessions.get(pluginId)
      if (s?.accessToken === accessToken) auth.sessions.set(pluginId, { ...s, expiresAt: 0 })
    },
  }
}
