/**
 * Every mock province backend, sorted by province code. The mock server
 * routes `/<slug>/...` to the backend with that slug. `npm run plugin:new`
 * inserts new entries above the marker line.
 */
import type { MockBackend } from '../lib/types'
import { beijingBackend } from './beijing'
import { tianjinBackend } from './tianjin'
import { hebeiBackend } from './hebei'
import { shanxiBackend } from './shanxi'
import { innerMongoliaBackend } from './inner-mongolia'
import { liaoningBackend } from './liaoning'
import { jilinBackend } from './jilin'
import { heilongjiangBackend } from './heilongjiang'
import { shanghaiBackend } from './shanghai'
import { jiangsuBackend } from './jiangsu'
import { zhejiangBackend } from './zhejiang'
import { anhuiBackend } from './anhui'
import { fujianBackend } from './fujian'
import { jiangxiBackend } from './jiangxi'
import { shandongBackend } from './shandong'
import { henanBackend } from './henan'
import { hubeiBackend } from './hubei'
import { hunanBackend } from './hunan'
import { guangdongBackend } from './guangdong'
import { guangxiBackend } from './guangxi'
import { hainanBackend } from './hainan'
import { chongqingBackend } from './chongqing'
import { sichuanBackend } from './sichuan'
import { guizhouBackend } from './guizhou'
import { yunnanBackend } from './yunnan'
import { tibetBackend } from './tibet'
import { shaanxiBackend } from './shaanxi'
import { gansuBackend } from './gansu'
import { qinghaiBackend } from './qinghai'
import { ningxiaBackend } from './ningxia'
import { xinjiangBackend } from './xinjiang'

/** All mock province backends. */
export const allBackends: MockBackend[] = [
  beijingBackend,
  tianjinBackend,
  hebeiBackend,
  shanxiBackend,
  innerMongoliaBackend,
  liaoningBackend,
  jilinBackend,
  heilongjiangBackend,
  shanghaiBackend,
  jiangsuBackend,
  zhejiangBackend,
  anhuiBackend,
  fujianBackend,
  jiangxiBackend,
  shandongBackend,
  henanBackend,
  hubeiBackend,
  hunanBackend,
  guangdongBackend,
  guangxiBackend,
  hainanBackend,
  chongqingBackend,
  sichuanBackend,
  guizhouBackend,
  yunnanBackend,
  tibetBackend,
  shaanxiBackend,
  gansuBackend,
  qinghaiBackend,
  ningxiaBackend,
  xinjiangBackend,
  // plugin:new inserts above this line
]
