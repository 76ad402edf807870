import { Text, View } from '@tarojs/components'
import { retryCodeLoad, useCodeLoad } from '../app/codeLoad'
import { defineStrings } from '../i18n'
import { ErrorText } from './ErrorText'
import { useStrings } from './useI18n'

const S = defineStrings({ retry: { zh: '重试', en: 'Retry' } })

/**
 * The code after the first frame (services, the full pass view; src/app/codeLoad.ts)
 * could not be downloaded: say so and offer a retry. Every page's frame shows
 * it, since every page's thunks wait for that code. Nothing otherwise.
 */
export function CodeLoadError() {
  const load = useCodeLoad()
  const s = useStrings(S)
  if (load.status !== 'failed') return null
  return (
    <View className='np-card' data-code-load='failed'>
      <ErrorText error={load.error} />
      <View className='np-button' data-action='retry-code-load' onClick={() => retryCodeLoad()}>
        <Text>{s.retry}</Text>
      </View>
    </View>
  )
}
