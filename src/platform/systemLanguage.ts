/** The system's language tag (e.g. `zh_CN`, `en`): mini-programs ask the runtime (./systemLanguage.h5.ts: H5). */
import Taro from '@tarojs/taro'

export function systemLanguage(): string | undefined {
  return Taro.getSystemInfoSync().language
}
