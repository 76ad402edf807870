/**
 * Plugin manifests and the contract version.
 *
 * Every plugin carries a manifest (`plugins/<slug>/manifest.ts`): where its
 * backend lives (origins), the identity fields and hooks it uses, the
 * contract version it was written against and its own version. The registry
 * refuses a plugin without one, or whose manifest does not say what the
 * plugin does; the host keeps `ctx.http` to the declared origins
 * ({@link guardOrigins}); `npm run domains` derives the request-domain lists
 * of the WeChat and Alipay consoles from the manifests.
 */
import axios, { type AxiosInstance, type InternalAxiosRequestConfig } from 'axios'
import { NpError } from '../core/errors'
import type { IdentityField } from '../core/model'
import type { HookName, PluginConfig } from './types'

/** The contract this host implements: `major.minor`. */
export const CONTRACT_VERSION = '2.0'

/** What kind of backend a plugin talks to. */
export type PluginKind = 'province' | 'national' | 'foreign'

/**
 * A plugin's manifest.
 *
 * Origins are the **production** origins (`https://host[:port]`, no path) of
 * the plugin's backend. The host also lets the plugin reach the base URL the
 * app configured for it (`PluginConfig.baseURL`: the mock on 127.0.0.1 in
 * development and tests, `/np-api/<slug>` on the H5 app's own origin), and
 * only under that base's path, so one plugin cannot reach another's backend
 * through a shared gateway.
 */
export interface PluginManifest {
  /** The contract version the plugin was written against, `major.minor` (see CONTRACT_CHANGELOG). */
  contract: string
  /** The plugin's own version (semver, `1.0.0`). */
  version: string
  /** @default 'province' */
  kind?: PluginKind
  /** Production origins of the backend: `https://host` or `https://host:port`, no path. At least one. */
  origins: readonly string[]
  /**
   * Trust anchors: base64url Ed25519 public keys (or key ids in the national
   * trust list) that sign this backend's claims. Required for the national
   * and foreign kinds, whose keys are not in the provinces' trust list.
   */
  trustAnchors?: readonly string[]
  /** Exactly the plugin's `identityFields`. */
  identityFields: readonly IdentityField[]
  /** Exactly the hooks the plugin provides. */
  hooks: readonly HookName[]
}

/** One entry of the contract changelog (newest first in {@link CONTRACT_CHANGELOG}). */
export interface ContractChange {
  version: string
  date: string
  /** What changed, per hook or `ctx` member (e.g. `getHealthCode`, `ctx.http`, `manifest`). */
  changes: Readonly<Record<string, string>>
}

/** The contract's history, newest first. plugins/README.md shows the same list. */
export const CONTRACT_CHANGELOG: readonly ContractChange[] = [
  {
    version: '2.0',
    date: '2026-11-30',
    changes: {
      manifest: 'required: every plugin declares its origins, identity fields, hooks, contract and version',
      'ctx.http': 'refuses requests to origins the manifest does not declare (NP_ERR_ORIGIN_UNDECLARED)',
    },
  },
  {
    version: '1.0',
    date: '2026-11-26',
    changes: {
      getHealthCode: 'first version',
      getTestResults: 'first version',
      getVaccinations: 'first version',
      recognizePlaceCode: 'first version',
      checkIn: 'first version',
      entryRules: 'first version',
      declarationForm: 'first version',
      submitDeclaration: 'first version',
      registerVenue: 'first version',
    },
  },
]

const VERSION = /^(\d{1,4})\.(\d{1,4})$/
const SEMVER = /^\d{1,4}\.\d{1,4}\.\d{1,4}(-[0-9A-Za-z.-]{1,32})?$/
const ORIGIN = /^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/
const TRUST_ANCHOR = /^[A-Za-z0-9_-]{8,128}$/

function parseVersion(v: string): [number, number] | undefined {
  const m = VERSION.exec(v)
  return m ? [Number(m[1]), Number(m[2])] : undefined
}

/**
 * Whether a plugin written for contract `wanted` runs on a host implementing
 * `have`: same major, and a minor no newer than the host's. Otherwise the
 * reason, naming what changed in between (from `changelog`).
 */
export function contractCompatibility(
  wanted: string,
  have: string = CONTRACT_VERSION,
  changelog: readonly ContractChange[] = CONTRACT_CHANGELOG,
): { ok: true } | { ok: false; detail: string } {
  const w = parseVersion(wanted)
  const h = parseVersion(have)
  if (!w || !h) return { ok: false, detail: `contract "${wanted}" is not a version like "${have}"` }
  if (w[0] === h[0] && w[1] <= h[1]) return { ok: true }
  const newer = w[0] > h[0] || (w[0] === h[0] && w[1] > h[1])
  const [low, high] = newer ? [h, w] : [w, h]
  const after = (v: [number, number], than: [number, number]) => v[0] > than[0] || (v[0] === than[0] && v[1] > than[1])
  const between = changelog.filter((c) => {
    const v = parseVersion(c.version)
    return v !== undefined && after(v, low) && !after(v, high)
  })
  const changed = between.flatMap((c) =>
    Object.entries(c.changes).map(([what, how]) => `${what} (${c.version}: ${how})`),
  )
  if (newer && changed.length === 0)
    return {
      ok: false,
      detail: `written for contract ${wanted}, newer than this host's ${have}; update the app (this host does not know what changed after ${have})`,
    }
  return {
    ok: false,
    detail: `written for contract ${wanted}, this host implements ${have}; changed since: ${changed.join('; ') || 'see plugins/README.md'}`,
  }
}

/** The manifest's problems, in order; empty when it is valid and says what the plugin does. */
export function manifestProblems(
  manifest: unknown,
  plugin: { identityFields?: readonly string[]; hooks: readonly string[] },
): string[] {
  if (typeof manifest !== 'object' || manifest === null) return ['manifest must be an object']
  const m = manifest as Record<string, unknown>
  const problems: string[] = []
  if (typeof m.contract !== 'string' || !VERSION.test(m.contract))
    problems.push(`manifest.contract must be a contract version like "${CONTRACT_VERSION}"`)
  if (typeof m.version !== 'string' || !SEMVER.test(m.version))
    problems.push('manifest.version must be the plugin version, semver like "1.0.0"')
  const kind = m.kind ?? 'province'
  if (kind !== 'province' && kind !== 'national' && kind !== 'foreign')
    problems.push('manifest.kind must be "province", "national" or "foreign"')
  if (!Array.isArray(m.origins) || m.origins.length === 0)
    problems.push('manifest.origins must list at least one production origin, e.g. "https://api.example.gov.cn"')
  else
    for (const o of m.origins)
      if (typeof o !== 'string' || !ORIGIN.test(o))
        problems.push(
          `manifest.origins has ${JSON.stringify(o)}: an origin is "https://" + lower-case host [+ ":port"], no path`,
        )
  if (m.trustAnchors !== undefined) {
    if (!Array.isArray(m.trustAnchors) || m.trustAnchors.some((a) => typeof a !== 'string' || !TRUST_ANCHOR.test(a)))
      problems.push('manifest.trustAnchors must be base64url public keys or key ids')
  }
  if (kind !== 'province' && (!Array.isArray(m.trustAnchors) || m.trustAnchors.length === 0))
    problems.push(`manifest.trustAnchors is required for kind "${String(kind)}": its keys are not in the trust list`)
  const same = (a: unknown, b: readonly string[]) =>
    Array.isArray(a) && a.length === new Set(a).size && a.length === b.length && b.every((x) => a.includes(x))
  const fields = plugin.identityFields ?? []
  if (!same(m.identityFields, fields))
    problems.push(
      `manifest.identityFields ${JSON.stringify(m.identityFields)} must be exactly the plugin's identityFields ${JSON.stringify(fields)}`,
    )
  if (!same(m.hooks, plugin.hooks))
    problems.push(
      `manifest.hooks ${JSON.stringify(m.hooks)} must be exactly the hooks the plugin provides ${JSON.stringify(plugin.hooks)}`,
    )
  return problems
}

/** The origin of an absolute URL (`https://host:port`), or `undefined` for a relative one. */
export function originOf(url: string): string | undefined {
  if (!/^[a-z][a-z\d+.-]*:\/\//i.test(url)) return undefined
  try {
    const u = new URL(url)
    return u.origin === 'null' ? undefined : u.origin
  } catch {
    // Not a URL: no origin.
    return undefined
  }
}

/** Stands in for the page's own origin when the configured base is relative (H5: `/np-api/<slug>`). */
const SELF = 'http://self.invalid'

/** Where a plugin may send requests: its manifest's origins anywhere, and its configured base under the base's path. */
export interface OriginPolicy {
  origins: readonly string[]
  /** The configured base, resolved (relative bases against the page's own origin), without a trailing slash. */
  base: URL
}

export function originPolicy(
  manifest: Pick<PluginManifest, 'origins'>,
  config: Pick<PluginConfig, 'baseURL'>,
): OriginPolicy {
  return { origins: manifest.origins, base: new URL(config.baseURL.replace(/\/+$/, ''), SELF) }
}

/** Whether `url` (absolute, or relative to the page) is allowed by `policy`. */
export function allowedBy(policy: OriginPolicy, url: string): boolean {
  let u: URL
  try {
    u = new URL(url, SELF)
  } catch {
    // A URL that does not parse goes nowhere we declared.
    return false
  }
  if (u.username || u.password) return false
  if (policy.origins.includes(u.origin)) return true
  const basePath = policy.base.pathname.replace(/\/+$/, '')
  return (
    u.origin === policy.base.origin &&
    (u.pathname === basePath || u.pathname.startsWith(`${basePath}/`) || basePath === '')
  )
}

/**
 * Keep `http` to the plugin's declared origins: every request whose full URL
 * (base + url, as the adapter will send it) is outside the policy is refused
 * with `NP_ERR_ORIGIN_UNDECLARED` before anything leaves the device.
 */
export function guardOrigins(
  http: AxiosInstance,
  label: string,
  manifest: Pick<PluginManifest, 'origins'>,
  config: Pick<PluginConfig, 'baseURL'>,
): AxiosInstance {
  const policy = originPolicy(manifest, config)
  http.interceptors.request.use((request: InternalAxiosRequestConfig) => {
    const full = axios.getUri({ ...request, params: undefined })
    if (!allowedBy(policy, full)) {
      const target = new URL(full, SELF)
      throw new NpError('NP_ERR_ORIGIN_UNDECLARED', {
        params: {
          plugin: label,
          origin: target.origin === SELF ? `${full.split('?')[0]}` : target.origin,
          declared: [...policy.origins, policy.base.origin === SELF ? policy.base.pathname : policy.base.href].join(
            ', ',
          ),
        },
      })
    }
    return request
  })
  return http
}
