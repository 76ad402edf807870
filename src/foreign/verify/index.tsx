/**
 * The `foreign` subpackage's one page (mini-programs): runs the foreign
 * certificate check the guard handed over, with the verifier code that only
 * this subpackage carries, and returns to the guard with the result.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import { useState } from 'react'
import { useI18n } from '../../components/useI18n'
import { takeHandOff } from '../../features/guard/foreignBridge'
import { checkForeignForVenue } from '../../features/guard/foreignCheck'

export default function ForeignVerifyPage() {
  const { t, lang } = useI18n()
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
    <View className='np-card' data-foreign-verify>
      <Text>{t('page.verify')} · </Text>
      <Text>{status}</Text>
    </View>
  )
}
