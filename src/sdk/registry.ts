/**
 * The plugin registry: validates every plugin when it is registered and
 * rejects duplicates, naming both plugins.
 */
import { NpError } from '../core/errors'
import type { IdentityField } from '../core/model'
import { CONTRACT_VERSION, contractCompatibility, manifestProblems } from './manifest'
import type { HookName, ProvincePlugin } from './types'

/** Every hook a plugin may provide, in contract order. */
export const HOOK_NAMES: readonly HookName[] = [
  'getHealthCode',
  'getTestResults',
  'getVaccinations',
  'recognizePlaceCode',
  'checkIn',
  'entryRules',
  'declarationForm',
  'submitDeclaration',
  'registerVenue',
  'getItinerary',
  'getRiskAreas',
  'signIn',
  'refreshSession',
  'requestProxy',
  'revokeProxy',
  'getPassBundle',
]

/** Identity fields a plugin may declare. */
export const IDENTITY_FIELDS: readonly IdentityField[] = ['name', 'idNumber', 'phone', 'birthDate']

/** A plugin of any declared identity fields, as the registry holds it. */
export type AnyProvincePlugin = ProvincePlugin<IdentityField>

/** The registered plugins, looked up by province code or slug. */
export interface Registry {
  /** In registration order. */
  readonly plugins: readonly AnyProvincePlugin[]
  /** The plugin for a province code, if registered. */
  get(id: string): AnyProvincePlugin | undefined
  /** The plugin with this slug, if registered. */
  bySlug(slug: string): AnyProvincePlugin | undefined
}

/** `guangdong (440000)`: how errors name a plugin. */
export function pluginLabel(plugin: Pick<AnyProvincePlugin, 'id' | 'slug'>): string {
  return `${plugin.slug} (${plugin.id})`
}

/**
 * Validate and register plugins.
 * @throws NpError `NP_ERR_PLUGIN_INVALID` naming the plugin (slug and id, or
 *   its index when it has neither) and what is wrong; `NP_ERR_PLUGIN_DUPLICATE`
 *   or `NP_ERR_PLUGIN_DUPLICATE_SLUG` naming both plugins.
 */
export function createRegistry(plugins: readonly AnyProvincePlugin[]): Registry {
  const byId = new Map<string, AnyProvincePlugin>()
  const bySlug = new Map<string, AnyProvincePlugin>()
  plugins.forEach((plugin, index) => {
    validatePlugin(plugin, index)
    const sameId = byId.get(plugin.id)
    if (sameId) {
      throw new NpError('NP_ERR_PLUGIN_DUPLICATE', {
        plugin: plugin.id,
        params: { plugin: pluginLabel(sameId), other: pluginLabel(plugin), id: plugin.id },
      })
    }
    const sameSlug = bySlug.get(plugin.slug)
    if (sameSlug) {
      throw new NpError('NP_ERR_PLUGIN_DUPLICATE_SLUG', {
        plugin: plugin.id,
        params: { plugin: pluginLabel(sameSlug), other: pluginLabel(plugin), slug: plugin.slug },
      })
    }
    byId.set(plugin.id, plugin)
    bySlug.set(plugin.slug, plugin)
  })
  const list = Object.freeze([...plugins])
  return { plugins: list, get: (id) => byId.get(id), bySlug: (slug) => bySlug.get(slug) }
}

const META_KEYS = new Set(['id', 'slug', 'name', 'codeApp', 'identityFields', 'signs', 'timeoutMs', 'manifest'])

/** Throws `NP_ERR_PLUGIN_INVALID` for the first problem found. */
export function validatePlugin(plugin: unknown, index: number): asserts plugin is AnyProvincePlugin {
  const fail = (label: string, detail: string): never => {
    throw new NpError('NP_ERR_PLUGIN_INVALID', { params: { plugin: label, detail } })
  }
  if (typeof plugin !== 'object' || plugin === null)
    return fail(`#${index}`, 'is not an object (check the import in plugins/index.ts)')
  const p = plugin as Record<string, unknown>
  const label =
    [typeof p.slug === 'string' ? p.slug : '', typeof p.id === 'string' ? `(${p.id})` : ''].join(' ').trim() ||
    `#${index}`
  const bad = (detail: string): never => fail(label, detail)

  if (typeof p.id !== 'string' || !/^[1-9]\d0000$/.test(p.id))
    bad('id must be a GB/T 2260 province code: six digits ending in 0000, e.g. "440000"')
  if (typeof p.slug !== 'string' || !/^[a-z][a-z0-9-]{1,31}$/.test(p.slug))
    bad('slug must be lower-case letters, digits and "-", e.g. "guangdong"')
  const name = p.name as Record<string, unknown> | undefined
  if (typeof name !== 'object' || name === null || !nonEmpty(name.zh) || !nonEmpty(name.en))
    bad('name must have non-empty zh and en')
  if (p.codeApp !== undefined && !nonEmpty(p.codeApp)) bad('codeApp must be a non-empty string when present')
  if (p.signs !== undefined && typeof p.signs !== 'boolean') bad('signs must be true or false')
  if (p.timeoutMs !== undefined && !(typeof p.timeoutMs === 'number' && p.timeoutMs > 0 && p.timeoutMs <= 60_000)) {
    bad('timeoutMs must be between 1 and 60000')
  }
  if (p.kind !== undefined && p.kind !== 'province' && p.kind !== 'national')
    bad('kind must be "province" or "national"')
  if (p.contact !== undefined) {
    const c = p.contact as Record<string, unknown> | null
    if (typeof c !== 'object' || c === null || !nonEmpty(c.serviceHotline))
      bad('contact must be an object with a non-empty serviceHotline (e.g. "12345")')
  }
  if (p.identityFields !== undefined) {
    if (!Array.isArray(p.identityFields)) bad('identityFields must be an array')
    const fields = p.identityFields as unknown[]
    for (const f of fields) {
      if (!IDENTITY_FIELDS.includes(f as IdentityField))
        bad(`identityFields has unknown field ${JSON.stringify(f)}; known: ${IDENTITY_FIELDS.join(', ')}`)
    }
    if (new Set(fields).size !== fields.length) bad('identityFields lists a field twice')
  }
  for (const hook of HOOK_NAMES) {
    if (p[hook] !== undefined && typeof p[hook] !== 'function') bad(`${hook} must be a function`)
  }
  for (const key of Object.keys(p)) {
    if (typeof p[key] === 'function' && !META_KEYS.has(key) && !HOOK_NAMES.includes(key as HookName)) {
      bad(`${key} is not a hook; known hooks: ${HOOK_NAMES.join(', ')}`)
    }
  }
  validateManifest(p as unknown as AnyProvincePlugin, label)
}

/**
 * Throws `NP_ERR_PLUGIN_MANIFEST` when the plugin has no manifest or its
 * manifest does not say what the plugin does, and `NP_ERR_PLUGIN_CONTRACT`
 * when it was written for a contract this host does not implement.
 */
export function validateManifest(plugin: AnyProvincePlugin, label: string = pluginLabel(plugin)): void {
  if (plugin.manifest === undefined)
    throw new NpError('NP_ERR_PLUGIN_MANIFEST', {
      plugin: plugin.id,
      params: {
        plugin: label,
        detail: `add plugins/${plugin.slug}/manifest.ts and set \`manifest\` on the plugin (contract ${CONTRACT_VERSION})`,
      },
    })
  const hooks = HOOK_NAMES.filter((h) => typeof plugin[h] === 'function')
  const problems = manifestProblems(plugin.manifest, { identityFields: plugin.identityFields, hooks })
  if (problems.length > 0)
    throw new NpError('NP_ERR_PLUGIN_MANIFEST', {
      plugin: plugin.id,
      params: { plugin: label, detail: problems.join('; ') },
    })
  const fit = contractCompatibility(plugin.manifest.contract)
  if (!fit.ok)
    throw new NpError('NP_ERR_PLUGIN_CONTRACT', { plugin: plugin.id, params: { plugin: label, detail: fit.detail } })
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0
}
