/**
 * The static plugin registry: plain imports in one array, sorted by province
 * code, because mini-program bundlers need static imports. `npm run plugin:new`
 * inserts new entries above the marker line.
 */
import type { AnyProvincePlugin } from '../src/sdk/registry'
import type { PluginConfig } from '../src/sdk/types'
import beijing from './beijing'
import tianjin from './tianjin'
import hebei from './hebei'
import shanxi from './shanxi'
import innerMongolia from './inner-mongolia'
import liaoning from './liaoning'
import jilin from './jilin'
import heilongjiang from './heilongjiang'
import shanghai from './shanghai'
import jiangsu from './jiangsu'
import zhejiang from './zhejiang'
import anhui from './anhui'
import fujian from './fujian'
import jiangxi from './jiangxi'
import shandong from './shandong'
import henan from './henan'
import hubei from './hubei'
import hunan from './hunan'
import guangdong from './guangdong'
import guangxi from './guangxi'
import hainan from './hainan'
import chongqing from './chongqing'
import sichuan from './sichuan'
import guizhou from './guizhou'
import yunnan from './yunnan'
import tibet from './tibet'
import shaanxi from './shaanxi'
import gansu from './gansu'
import qinghai from './qinghai'
import ningxia from './ningxia'
import xinjiang from './xinjiang'

/** Every province plugin, sorted by province code. */
export const plugins: readonly AnyProvincePlugin[] = [
  beijing,
  tianjin,
  hebei,
  shanxi,
  innerMongolia,
  liaoning,
  jilin,
  heilongjiang,
  shanghai,
  jiangsu,
  zhejiang,
  anhui,
  fujian,
  jiangxi,
  shandong,
  henan,
  hubei,
  hunan,
  guangdong,
  guangxi,
  hainan,
  chongqing,
  sichuan,
  guizhou,
  yunnan,
  tibet,
  shaanxi,
  gansu,
  qinghai,
  ningxia,
  xinjiang,
  // plugin:new inserts above this line
]

/**
 * DEMO configuration for every plugin against the mock server at `baseUrl`
 * (e.g. `http://127.0.0.1:8787`): each plugin's base URL is `${baseUrl}/${slug}`
 * and its public app id. No secret: app-level secrets live on the provinces'
 * gateways, never in the app. Keyed by plugin id (province code).
 */
export function demoPluginConfig(baseUrl: string): Record<string, PluginConfig> {
  const base = baseUrl.replace(/\/+$/, '')
  return Object.fromEntries(plugins.map((p) => [p.id, { baseURL: `${base}/${p.slug}`, appKey: `np-demo-${p.slug}` }]))
}
