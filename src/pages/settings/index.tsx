import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { Screen, goTo } from '../../components/Screen'
import { useI18n, useStrings } from '../../components/useI18n'
import { defineStrings } from '../../i18n'
import { phoneKeyResetLoaded } from './resetKey'
import { useState } from 'react'
import { elderModeSet, languageChosen, selectElder } from '../../features/settings/settingsSlice'
import type { Lang } from '../../i18n'

const CHOICES: Array<{ value: Lang | null; label: string }> = [
  { value: null, label: '' },
  { value: 'zh', label: '中文' },
  { value: 'en', label: 'English' },
]

const S = defineStrings({
  resetKey: { zh: '重置本机绑定密钥', en: 'Reset this phone’s binding key' },
  resetKeyHint: {
    zh: '通行码由本机密钥签名（截图 1 分钟后失效）。换机或怀疑密钥泄露时重置：各地将重新认证新密钥。',
    en: 'Your pass is signed by this phone’s key (a screenshot fails after a minute). Reset it if you suspect it leaked: every authority certifies the new key.',
  },
  resetKeyDone: {
    zh: '已重置：各地认证新密钥前，通行码暂不绑定本机',
    en: 'Reset: until the authorities certify the new key, your pass is not bound to this phone',
  },
  resetKeyFailed: { zh: '重置失败：{detail}', en: 'Reset failed: {detail}' },
})

export default function SettingsPage() {
  const dispatch = useAppDispatch()
  const { t } = useI18n()
  const elder = useAppSelector(selectElder)
  const langChoice = useAppSelector((s) => s.settings.langChoice)
  const s = useStrings(S)
  const [reset, setReset] = useState<'idle' | 'busy' | 'done' | string>('idle')
  const resetKey = () => {
    setReset('busy')
    void phoneKeyResetLoaded()
      .then((phoneKeyReset) => dispatch(phoneKeyReset()))
      .then((r) =>
        setReset(
          r.meta.requestStatus === 'fulfilled'
            ? 'done'
            : ((r as { error?: { message?: string } }).error?.message ?? '?'),
        ),
      )
  }
  return (
    <Screen route='settings' title='page.settings'>
      <View className='np-card'>
        <Text className='np-muted'>{t('settings.language')}</Text>
        {CHOICES.map((c) => (
          <View
            key={c.value ?? 'system'}
            className={`np-row np-choice ${langChoice === c.value ? 'np-big' : ''}`}
            data-lang={c.value ?? 'system'}
            onClick={() => dispatch(languageChosen(c.value))}
          >
            <Text>{c.value === null ? t('settings.languageSystem') : c.label}</Text>
            <Text>{langChoice === c.value ? '✓' : ''}</Text>
          </View>
        ))}
      </View>
      <View className='np-card np-row' data-action='elder' onClick={() => dispatch(elderModeSet(!elder))}>
        <Text>{t('settings.elder')}</Text>
        <Text className='np-big'>{elder ? t('settings.on') : t('settings.off')}</Text>
      </View>
      <View className='np-card' data-phone-key={reset}>
        <Text className='np-muted'>{s.resetKeyHint}</Text>
        <View className='np-button np-button-secondary' data-action='reset-phone-key' onClick={resetKey}>
          <Text>{s.resetKey}</Text>
        </View>
        {reset === 'done' && <Text className='np-muted'>{s.resetKeyDone}</Text>}
        {reset !== 'idle' && reset !== 'busy' && reset !== 'done' && (
          <Text className='np-warning'>{s.resetKeyFailed.replace('{detail}', reset)}</Text>
        )}
      </View>
      <View className='np-card'>
        <View className='np-row' data-link='family' onClick={() => goTo('family')}>
          <Text>{t('page.family')}</Text>
          <Text>›</Text>
        </View>
        <View className='np-row' data-link='venue' onClick={() => goTo('venue')}>
          <Text>{t('page.venue')}</Text>
          <Text>›</Text>
        </View>
        <View className='np-row' data-link='declare' onClick={() => goTo('declare')}>
          <Text>{t('page.declare')}</Text>
          <Text>›</Text>
        </View>
        <View
          className='np-row'
          data-link='certs'
          onClick={() => void Taro.navigateTo({ url: '/pages/foreign/certs/index' })}
        >
          <Text>{t('page.certs')}</Text>
          <Text>›</Text>
        </View>
      </View>
    </Screen>
  )
}
