/** WeChat: the key-reset thunk comes with the `lazy` subpackage (issue 16; src/app/lazyCode.ts). */
import { lazyCodeReady } from '../../app/lazyCode'
import type { phoneKeyReset } from '../../features/pass/passThunks'

export function phoneKeyResetLoaded(): Promise<typeof phoneKeyReset> {
  return lazyCodeReady().then((code) => code.phoneKeyReset)
}
