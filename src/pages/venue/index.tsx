import { View, Text } from '@tarojs/components'
import { Screen } from '../../components/Screen'
import { useI18n } from '../../components/useI18n'

export default function VenuePage() {
  const { t } = useI18n()
  return (
    <Screen route='venue' title='page.venue'>
      <View className='np-card'>
        <Text>{t('appName')}</Text>
      </View>
    </Screen>
  )
}
