/**
 * The pass-bundle hook every gateway offers in the same shape (like the
 * sign-in in ./oauth.ts): `POST <baseURL>/pass-bundle` with
 * `{ claims: [base64url…], deviceKey?: base64url }` and the session token (the
 * host adds it) → `{ bundle: base64url }`, one signature over those claims
 * (docs/formats.md, "Pass bundle"). 401/403 are the session's answers (the
 * host renews or reports them); any other refusal is `NP_ERR_BACKEND`.
 * Spread into a plugin:
 *
 * ```ts
 * export default defineProvincePlugin({ id, slug, name, ...oauthSignIn(), ...passBundles(), … })
 * ```
 */
import { NpError } from '../src/core/errors'
import type { PassBundleAnswer, PassBundleRequest, PluginContext } from '../src/sdk/types'

/** `getPassBundle` against `<baseURL><path>`. @param path @default '/pass-bundle' */
export function passBundles(path = '/pass-bundle') {
  return {
    getPassBundle: async (ctx: PluginContext, request: PassBundleRequest): Promise<PassBundleAnswer> => {
      const res = await ctx.http.post<{ bundle?: unknown; error?: unknown; error_description?: unknown }>(
        path,
        { claims: request.claims, ...(request.deviceKey ? { deviceKey: request.deviceKey } : {}) },
        { signal: ctx.signal, validateStatus: (s) => s < 500 && s !== 401 && s !== 403 },
      )
      if (res.status !== 200)
        throw new NpError('NP_ERR_BACKEND', {
          params: { detail: String(res.data?.error_description ?? res.data?.error ?? `HTTP ${res.status}`) },
        })
      return res.data as PassBundleAnswer
    },
  }
}
