/** Under the trip check's results: which foreign certificates the verdicts used, and why the others were not. */
import { Text, View } from '@tarojs/components'
import { ErrorText } from '../../components/ErrorText'
import { fill, useStrings } from '../../components/useI18n'
import { defineStrings } from '../../i18n'
import type { ForeignUse } from './foreignUse'

const S = defineStrings({
  used: {
    zh: '已使用 {n} 份境外证书',
    en: 'Used {n} verified foreign certificate(s) (tests, doses, recoveries)',
  },
  notUsed: { zh: '未使用境外证书：', en: 'Foreign certificate not used: ' },
})

export function ForeignTripNote({ foreign }: { foreign: Pick<ForeignUse, 'used' | 'notUsed'> | null | undefined }) {
  const s = useStrings(S)
  if (!foreign) return null
  return (
    <View className='np-card' data-section='trip-foreign' data-foreign-used={foreign.used.length}>
      {foreign.used.length > 0 && <Text>{fill(s.used, { n: foreign.used.length })}</Text>}
      {foreign.notUsed.map((x) => (
        <View key={x.id} data-foreign-not-used={x.error.code}>
          <Text className='np-yellow'>{s.notUsed}</Text>
          <ErrorText error={x.error} className='np-yellow' />
        </View>
      ))}
    </View>
  )
}
