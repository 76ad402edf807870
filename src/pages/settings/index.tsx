import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { Screen, goTo } from '../../components/Screen'
import { useI18n } from '../../components/useI18n'
import { elderModeSet, languageChosen, selectElder } from '../../features/settings/settingsSlice'
import type { Lang } from '../../i18n'

const CHOICES: Array<{ value: Lang | null; label: string }> = [
  { value: null, label: '' },
  { value: 'zh', label: '中文' },
  { value: 'en', label: 'English' },
]

export default function SettingsPage() {
  const dispatch = useAppDispatch()
  const { t } = useI18n()
  const elder = useAppSelector(selectElder)
  const langChoice = useAppSelector((s) => s.settings.langChoice)
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
