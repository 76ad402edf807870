/**
 * Authorities beyond the 31 provinces, the contacts a traveller can reach
 * about a code, and the prefecture names an itinerary shows. Platform-free.
 */
import type { I18nText, ProvinceCode } from './model'
import { NATIONAL_AUTHORITY } from './nationalAuthority'

export { NATIONAL_AUTHORITY }

/** Non-province authorities by code: the national platform (国家政务服务平台). */
export const AUTHORITIES: Readonly<Record<string, I18nText>> = {
  [NATIONAL_AUTHORITY]: { zh: '国家政务服务平台', en: 'National Government Service Platform' },
}

/** The name of a non-province authority, or `undefined` for a province or unknown code. */
export function authorityName(code: ProvinceCode, lang: 'zh' | 'en'): string | undefined {
  return AUTHORITIES[code]?.[lang]
}

/** How a traveller reaches the authority that issued a code, to ask or to appeal. */
export interface AuthorityContact {
  /** The authority's own hotline, e.g. `010-12320`. */
  hotline?: string
  /** The government service hotline; `12345` everywhere. */
  serviceHotline: string
  /** The official appeal page (URL) or mini-program, as the authority names it. */
  appeal?: I18nText
  /** Where the traveller goes in person, e.g. the nearest test site. */
  where?: I18nText
}

/** The contact of an authority that names none of its own: 12345 and its code app's appeal entry. */
export function defaultContact(codeApp?: string): AuthorityContact {
  return {
    serviceHotline: '12345',
    ...(codeApp ? { appeal: { zh: `${codeApp} → 申诉/核查`, en: `${codeApp} → appeal / review` } } : {}),
  }
}

/**
 * Prefecture-level names (GB/T 2260) of the cities the demo itineraries
 * visit; any other code shows as its number. Province-level municipalities
 * use their `xx0100` code.
 */
export const PREFECTURES: Readonly<Record<string, I18nText>> = {
  110100: { zh: '北京市', en: 'Beijing' },
  120100: { zh: '天津市', en: 'Tianjin' },
  310100: { zh: '上海市', en: 'Shanghai' },
  320500: { zh: '江苏省苏州市', en: 'Suzhou, Jiangsu' },
  330100: { zh: '浙江省杭州市', en: 'Hangzhou, Zhejiang' },
  350100: { zh: '福建省福州市', en: 'Fuzhou, Fujian' },
  410100: { zh: '河南省郑州市', en: 'Zhengzhou, Henan' },
  411300: { zh: '河南省南阳市', en: 'Nanyang, Henan' },
  420100: { zh: '湖北省武汉市', en: 'Wuhan, Hubei' },
  430100: { zh: '湖南省长沙市', en: 'Changsha, Hunan' },
  440100: { zh: '广东省广州市', en: 'Guangzhou, Guangdong' },
  440300: { zh: '广东省深圳市', en: 'Shenzhen, Guangdong' },
  500100: { zh: '重庆市', en: 'Chongqing' },
  510100: { zh: '四川省成都市', en: 'Chengdu, Sichuan' },
  650100: { zh: '新疆维吾尔自治区乌鲁木齐市', en: 'Ürümqi, Xinjiang' },
}

/** A prefecture's name in `lang`, or its code when not in {@link PREFECTURES}. */
export function prefectureName(code: string, lang: 'zh' | 'en'): string {
  return PREFECTURES[code]?.[lang] ?? code
}
