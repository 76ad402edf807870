/**
 * Every authority the app asks: the 31 province plugins plus the national
 * platform (国家政务服务平台, plugin kind `national`), and their DEMO
 * configuration against the mock server. `plugins/index.ts` stays the
 * province list (conformance runs over it, one mock backend each).
 */
import type { AnyProvincePlugin } from '../src/sdk/registry'
import type { PluginConfig } from '../src/sdk/types'
import { demoPluginConfig, plugins } from './index'
import national from './national'

export { national }

/** Provinces, then the national platform. */
export const authorities: readonly AnyProvincePlugin[] = [...plugins, national]

/** {@link demoPluginConfig} plus the national platform at `${baseUrl}/national-platform`. */
export function demoAuthorityConfig(baseUrl: string): Record<string, PluginConfig> {
  const base = baseUrl.replace(/\/+$/, '')
  return { ...demoPluginConfig(baseUrl), [national.id]: { baseURL: `${base}/${national.slug}` } }
}
