import Taro from '@tarojs/taro'

/**
 * The super-app's one-tap login code (WeChat / Alipay real-name authorisation),
 * exchanged by the identity service. `null` on H5, which has no super-app.
 */
export async function superAppLoginCode(): Promise<string | null> {
  if (process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'alipay') {
    const r = await Taro.login()
    return r.code
  }
  return null
}

/** Whether this build offers the demo-person picker (`TARO_APP_DEMO=true`). */
export function isDemoBuild(): boolean {
  return process.env.TARO_APP_DEMO === 'true'
}
