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

/** DEMO secrets the mock backends accept. Never ship these: real keys come from each province. */
const DEMO_SECRETS: Readonly<Record<string, Pick<PluginConfig, 'appKey' | 'appSecret'>>> = {
  /** DEMO HMAC-SHA256 app secret for 粤康码 request signing. */
  '440000': { appKey: 'np-demo-guangdong', appSecret: 'np-demo-guangdong-secret' },
  /** DEMO AES-256 key (hex) for 随申码 encrypted bodies. */
  '310000': {
    appKey: 'np-demo-shanghai',
    appSecret: '6e702d64656d6f2d7368616e676861692d6165732d6b65792d32303232212121',
  },
}

/**
 * DEMO configuration for every plugin against the mock server at `baseUrl`
 * (e.g. `http://127.0.0.1:8787`): each plugin's base URL is `${baseUrl}/${slug}`,
 * plus the DEMO secrets its backend expects. Keyed by plugin id (province code).
 */
export function demoPluginConfig(baseUrl: string): Record<string, PluginConfig> {
  const base = baseUrl.replace(/\/+$/, '')
  return Object.fromEntries(
    plugins.map((p) => [p.id, { baseURL: `${base}/${p.slug}`, appKey: `np-demo-${p.slug}`, ...DEMO_SECRETS[p.id] }]),
  )
}
