import { View, Text } from '@tarojs/components'
import { Screen } from '../../components/Screen'
import { useI18n } from '../../components/useI18n'

export default function TripPage() {
  const { t } = useI18n()
  return (
    <Screen route='trip' title='page.trip'>
      <View className='np-card'>
        <Text>{t('appName')}</Text>
      </View>
    </Screen>
  )
}
