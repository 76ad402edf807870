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
export const CONTRACT_VERSION = '2.2'

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
    version: '2.2',
    date: '2026-11-30',
    changes: {
      signIn:
        "optional: the credential may carry `deviceKey` (this phone's public key); the session may answer `deviceKeyClaim`, the province's signed `dk` claim certifying it for the signed-in holder",
      refreshSession: 'optional third argument `{ deviceKey }`, re-certified the same way with the renewed session',
    },
  },
  {
    version: '2.1',
    date: '2026-11-30',
    changes: {
      signIn:
        'new: exchange the super-app (or demo SMS) credential for the province session token sent on every personal request',
      refreshSession: 'new: renew an expired session with its refresh token (rotating it)',
      requestProxy:
        'new: record an authorisation to see a family member (guardian declaration or their own confirmation)',
      revokeProxy: 'new: withdraw such an authorisation',
      getItinerary: "new (national platform): the signed itinerary card (通信行程卡) of the person's phone",
      getRiskAreas: "new (national platform): an authority's signed, dated list of medium/high-risk areas",
    },
  },
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

/** Stands in for the page's own origin when a URL or the configured base is relative (H5: `/np-api/<slug>`). */
const SELF = 'self:'

/** A URL taken apart without the global `URL` (mini-program runtimes lack it). */
export interface ParsedUrl {
  /** `https://host[:port]` lower-case without the scheme's default port, or `self:` for a page-relative URL. */
  origin: string
  /** The path with `.` and `..` segments resolved (also when written `%2e`). */
  path: string
}

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' }

/**
 * Take `url` apart: an absolute `scheme://host[:port]/path`, a
 * protocol-relative `//host/path` (scheme `https:`), or a page-relative
 * `/path`. `undefined` for what no adapter should send: credentials in the
 * authority, backslashes, whitespace or control characters, a bad port.
 */
export function parseUrl(url: string): ParsedUrl | undefined {
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i)
    // Backslash (read as "/" by browsers), whitespace, control characters: nothing to send.
    if (c <= 0x20 || c === 0x7f || c === 0x5c) return undefined
  }
  let origin = SELF
  let rest = url
  const abs = /^(?:([a-z][a-z0-9+.-]*):)?\/\/([^/?#]*)(.*)$/i.exec(url)
  if (abs) {
    const scheme = `${(abs[1] ?? 'https').toLowerCase()}:`
    const authority = abs[2]
    if (authority.includes('@') || authority === '') return undefined
    const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(authority)
    if (!m) return undefined
    const host = m[1].toLowerCase()
    if (m[2] && Number(m[2]) > 65_535) return undefined
    const port = m[2] && m[2] !== DEFAULT_PORT[scheme] ? `:${Number(m[2])}` : ''
    origin = `${scheme}//${host}${port}`
    rest = abs[3]
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return undefined
  const path = rest.split(/[?#]/)[0]
  const out: string[] = []
  for (const segment of (path.startsWith('/') ? path : `/${path}`).split('/').slice(1)) {
    const dots = segment.replace(/%2e/gi, '.')
    if (dots === '.') continue
    if (dots === '..') out.pop()
    else out.push(segment)
  }
  return { origin, path: `/${out.join('/')}` }
}

/** The origin of an absolute URL (`https://host:port`), or `undefined` for a relative one. */
export function originOf(url: string): string | undefined {
  const parsed = parseUrl(url)
  return parsed && parsed.origin !== SELF ? parsed.origin : undefined
}

/** Where a plugin may send requests: its manifest's origins anywhere, and its configured base under the base's path. */
export interface OriginPolicy {
  origins: readonly string[]
  /** The configured base (`self:` origin when relative), its path without a trailing slash. */
  base: ParsedUrl | undefined
}

export function originPolicy(
  manifest: Pick<PluginManifest, 'origins'>,
  config: Pick<PluginConfig, 'baseURL'>,
): OriginPolicy {
  const base = parseUrl(config.baseURL)
  return { origins: manifest.origins, base: base && { ...base, path: base.path.replace(/\/+$/, '') } }
}

/** Whether `url` (absolute, or relative to the page) is allowed by `policy`. */
export function allowedBy(policy: OriginPolicy, url: string): boolean {
  const u = parseUrl(url)
  if (!u) return false
  if (policy.origins.includes(u.origin)) return true
  const base = policy.base
  if (!base || u.origin !== base.origin) return false
  return base.path === '' || u.path === base.path || u.path.startsWith(`${base.path}/`)
}

/** How a policy reads in messages: the declared origins and the configured base. */
function describePolicy(policy: OriginPolicy, config: Pick<PluginConfig, 'baseURL'>): string {
  return [...policy.origins, config.baseURL].join(', ')
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
      const target = parseUrl(full)
      throw new NpError('NP_ERR_ORIGIN_UNDECLARED', {
        params: {
          plugin: label,
          origin: target ? (target.origin === SELF ? target.path : target.origin) : full.split(/[?#]/)[0].slice(0, 200),
          declared: describePolicy(policy, config),
        },
      })
    }
    return request
  })
  return http
}
