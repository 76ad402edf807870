/**
 * The settings page's "reset this phone's binding key": the thunk, bundled
 * with the page (Alipay, H5 — where the page is an async chunk — and tests).
 * WeChat (./resetKey.weapp.ts) takes it from the `lazy` subpackage, so the
 * main package holds none of the pass code (issue 16).
 */
import { phoneKeyReset } from '../../features/pass/passThunks'

export function phoneKeyResetLoaded(): Promise<typeof phoneKeyReset> {
  return Promise.resolve(phoneKeyReset)
}
