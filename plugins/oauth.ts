/**
 * Sign-in hooks for a province whose gateway speaks OAuth 2.0 at
 * `POST <baseURL>/oauth/token` (mock/lib/sessions.ts): the person's one-time
 * credential (`grant_type=authorization_code`) or a refresh token
 * (`grant_type=refresh_token`) for `{ access_token, expires_in,
 * refresh_token, refresh_expires_in, subject }`. Spread into a plugin:
 *
 * ```ts
 * export default defineProvincePlugin({ id, slug, name, ...oauthSignIn(), getHealthCode… })
 * ```
 * A province with another token endpoint writes its own `signIn` and
 * `refreshSession` (see plugins/README.md, "Sign-in").
 */
import { NpError } from '../src/core/errors'
import type {
  PluginContext,
  PluginSession,
  ProxyGrantInfo,
  ProxyRequest,
  RefreshOptions,
  SignInCredential,
} from '../src/sdk/types'

interface TokenDto {
  access_token?: unknown
  expires_in?: unknown
  refresh_token?: unknown
  refresh_expires_in?: unknown
  subject?: { maskedName?: unknown; idTail?: unknown }
  device_key_claim?: unknown
  error?: unknown
  error_description?: unknown
}

async function token(ctx: PluginContext, path: string, form: Record<string, string>): Promise<PluginSession> {
  const res = await ctx.http.post<TokenDto>(path, form, { signal: ctx.signal, validateStatus: (s) => s < 500 })
  const d = res.data ?? {}
  if (res.status !== 200 || typeof d.access_token !== 'string' || typeof d.expires_in !== 'number') {
    throw new NpError('NP_ERR_AUTH_REQUIRED', {
      params: { detail: `${String(d.error ?? res.status)} ${String(d.error_description ?? '')}`.trim() },
    })
  }
  const now = ctx.clock.now()
  const subject = d.subject
  return {
    accessToken: d.access_token,
    expiresAt: now + d.expires_in * 1000,
    ...(typeof d.refresh_token === 'string' ? { refreshToken: d.refresh_token } : {}),
    ...(typeof d.refresh_expires_in === 'number' ? { refreshExpiresAt: now + d.refresh_expires_in * 1000 } : {}),
    ...(typeof subject?.maskedName === 'string' && typeof subject.idTail === 'string'
      ? { subject: { maskedName: subject.maskedName, idTail: subject.idTail } }
      : {}),
    ...(typeof d.device_key_claim === 'string' ? { deviceKeyClaim: d.device_key_claim } : {}),
  }
}

/** The phone's public key as a form field, when the host has one. */
const withKey = (form: Record<string, string>, deviceKey: string | undefined): Record<string, string> =>
  deviceKey ? { ...form, device_key: deviceKey } : form

/** `signIn` and `refreshSession` against `<baseURL><path>`. @param path @default '/oauth/token' */
export function oauthSignIn(path = '/oauth/token') {
  return {
    signIn: (ctx: PluginContext, credential: SignInCredential) =>
      token(ctx, path, withKey({ grant_type: 'authorization_code', code: credential.code }, credential.deviceKey)),
    refreshSession: (ctx: PluginContext, refreshToken: string, options?: RefreshOptions) =>
      token(ctx, path, withKey({ grant_type: 'refresh_token', refresh_token: refreshToken }, options?.deviceKey)),
  }
}

/** The province's answer to a proxy call: the body on 200, `NP_ERR_PROXY_REFUSED` on a refusal. */
async function proxyCall<T>(ctx: PluginContext, path: string, body: object): Promise<T> {
  const res = await ctx.http.post<{ error?: unknown; error_description?: unknown }>(path, body, {
    signal: ctx.signal,
    validateStatus: (s) => s < 500 && s !== 401 && s !== 403,
  })
  if (res.status !== 200)
    throw new NpError('NP_ERR_PROXY_REFUSED', {
      params: { detail: String(res.data?.error_description ?? res.data?.error ?? `HTTP ${res.status}`) },
    })
  return res.data as T
}

/**
 * `requestProxy` and `revokeProxy` against the gateway's proxy records
 * (`POST <baseURL><base>/request`, `<base>/revoke`; mock/lib/server.ts). The
 * host sends the holder's session token; the member is sent with the
 * plugin's declared identity fields only.
 * @param base @default '/proxy'
 */
export function proxyRecords(base = '/proxy') {
  return {
    requestProxy: (ctx: PluginContext, member: object, request: ProxyRequest) =>
      proxyCall<ProxyGrantInfo>(ctx, `${base}/request`, { ...member, ...request }),
    revokeProxy: (ctx: PluginContext, grantId: string) =>
      proxyCall<{ revoked: true }>(ctx, `${base}/revoke`, { id: grantId }),
  }
}
