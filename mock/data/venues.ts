/**
 * DEMO venues, one or more per province, including Jiangsu's legacy codes:
 * Wuxi's city-level 门铃码 (doorbell code) and Jiangsu's own older 场所码.
 *
 * Legacy code formats (invented for the demo, recognised by plugins/jiangsu):
 * - Wuxi 门铃码: `https://lingxi.wuxi.example/mlm/<district 6 digits>-<door 6 digits>?n=<URL-encoded name>`
 *   → venueId `WX<district>-<door>`.
 * - Jiangsu 场所码: `JSCSM:<district 6 digits>:<place 6 digits>:<name>` → venueId `JS<district>-<place>`.
 */
import provinces from '../../src/core/data/provinces.json'
import type { ProvinceCode, VenueRef } from '../../src/core/model'

/** A demo venue, with the legacy code text printed at its door when it has one. */
export interface DemoVenue extends VenueRef {
  address: string
  legacyCode?: string
}

const named: Partial<Record<ProvinceCode, Array<[id: string, name: string, address: string]>>> = {
  '110000': [['BJ-V0001', '北京南站', '北京市丰台区永外大街车站路12号']],
  '310000': [['SH-V0001', '虹桥火车站', '上海市闵行区申贵路1500号']],
  '320000': [['JS-V0001', '南京南站', '南京市雨花台区玉兰路98号']],
  '410000': [['HA-V0001', '郑州东站', '郑州市金水区心怡路']],
  '430000': [['HN-V0001', '长沙五一广场', '长沙市芙蓉区五一大道']],
  '440000': [['GD-V0001', '广州天河城', '广州市天河区天河路208号']],
  '460000': [['HI-V0001', '海口美兰机场', '海口市美兰区美兰机场']],
  '510000': [['SC-V0001', '成都春熙路', '成都市锦江区春熙路']],
}

function fallback(p: { code: string; slug: string; zh: string }): Array<[string, string, string]> {
  return [[`${p.slug.toUpperCase().replace(/-/g, '')}-V0001`, `${p.zh}政务服务中心`, `${p.zh}政务服务中心一楼大厅`]]
}

/** Wuxi 门铃码 URL for a district, door number and name. */
export function wuxiDoorbellCode(district: string, door: string, name: string): string {
  return `https://lingxi.wuxi.example/mlm/${district}-${door}?n=${encodeURIComponent(name)}`
}

/** Jiangsu legacy 场所码 text. */
export function jiangsuLegacyCode(district: string, place: string, name: string): string {
  return `JSCSM:${district}:${place}:${name}`
}

const WUXI_NAME = '梁溪区崇安寺街道 新生路12号 门铃'
const JS_LEGACY_NAME = '南京鼓楼医院门诊楼'

/** The Wuxi 门铃码 demo venue (legacy). */
export const wuxiDoorbellVenue: DemoVenue = {
  province: '320000',
  venueId: 'WX320213-000123',
  name: WUXI_NAME,
  address: '无锡市梁溪区新生路12号',
  source: 'legacy',
  legacyCode: wuxiDoorbellCode('320213', '000123', WUXI_NAME),
}

/** Every DEMO venue. */
export const demoVenues: readonly DemoVenue[] = [
  ...provinces.provinces.flatMap((p) =>
    (named[p.code] ?? fallback(p)).map(
      ([venueId, name, address]): DemoVenue => ({ province: p.code, venueId, name, address, source: 'national' }),
    ),
  ),
  wuxiDoorbellVenue,
  {
    province: '320000',
    venueId: 'JS320106-000456',
    name: JS_LEGACY_NAME,
    address: '南京市鼓楼区中山路321号',
    source: 'legacy',
    legacyCode: jiangsuLegacyCode('320106', '000456', JS_LEGACY_NAME),
  },
]

/** The demo venues of one province. */
export function venuesOf(province: ProvinceCode): DemoVenue[] {
  return demoVenues.filter((v) => v.province === province)
}
