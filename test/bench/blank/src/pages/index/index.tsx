import { Text, View } from '@tarojs/components'

export default function Index() {
  return (
    <View className='blank'>
      <Text className='blank-text'>blank</Text>
    </View>
  )
}
