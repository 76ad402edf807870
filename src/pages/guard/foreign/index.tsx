/**
 * The guard package's foreign verifier page (mini-programs): runs the foreign
 * certificate check the guard handed over, with the verifier code that only
 * the guard package carries, and returns to the guard with the result. It
 * lives in the guard's (on weapp independent) subpackage so that it shares the
 * hand-off slot (foreignBridge) and the store with the guard page.
 */
// First, as on the guard page: the page may be the first to load in the independent package (no app.js).
import '../../../platform/polyfills'
import { Text, View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import { useState } from 'react'
import { StoreProvider } from '../../../app/hooks'
import { Screen } from '../../../components/Screen'
import { useI18n } from '../../../components/useI18n'
import { takeHandOff } from '../../../features/guard/foreignBridge'
import { checkForeignForVenue } from '../../../features/guard/foreignCheck'
import { guardStore } from '../standalone'

/** On weapp the guard package starts without the main package: this page uses the guard's own store (see ../index). */
const STANDALONE = process.env.TARO_ENV === 'weapp'

export default function ForeignVerifyPage() {
  return STANDALONE ? (
    <StoreProvider store={guardStore()}>
      <ForeignVerify />
    </StoreProvider>
  ) : (
    <ForeignVerify />
  )
}

function ForeignVerify() {
  const { lang } = useI18n()
  const [status, setStatus] = useState(lang === 'zh' ? '核验中…' : 'Verifying…')
  useLoad(() => {
    const p = takeHandOff()
    if (!p) {
      setStatus(lang === 'zh' ? '没有待核验的证书' : 'Nothing to verify')
      return
    }
    // Let the page paint first: verification takes a few tens of ms.
    setTimeout(() => {
      try {
        p.resolve(checkForeignForVenue(p.input))
      } catch (e) {
        p.reject(e)
      }
      void Taro.navigateBack()
    }, 0)
  })
  return (
    <Screen route='guard' title='page.foreign'>
      <View className='np-card' data-foreign-verify>
        <Text>{status}</Text>
      </View>
    </Screen>
  )
}
