import type { ProvinceCode } from './model'

/**
 * The national platform's authority code (国家政务服务平台). Its own module, with
 * no imports at run time: the app's first frame names authorities without
 * loading the itinerary's verifier (issue 16). `./itinerary` re-exports it.
 */
export const NATIONAL_AUTHORITY: ProvinceCode = '100000'
