import { Button, Text, Textarea, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { goTo, Screen } from '../../components/Screen'
import { useStrings } from '../../components/useI18n'
import { scanPlaceCode, selectScan } from '../../features/checkin/checkinSlice'
import { checkinStrings } from '../../features/checkin/strings'
import { textFromParams } from '../../features/scan/recognize'
import { scanAbilities, scanImageFile, scanWithCamera } from '../../platform/scan'
import { ErrorText } from '../../components/ErrorText'

export default function ScanPage() {
  const s = useStrings(checkinStrings)
  const dispatch = useAppDispatch()
  const scan = useAppSelector(selectScan)
  const router = useRouter()
  const [text, setText] = useState('')
  const [noCode, setNoCode] = useState(false)

  const submit = async (scanned: string | null) => {
    setNoCode(scanned === null)
    if (scanned === null) return
    const r = await dispatch(scanPlaceCode({ text: scanned })).unwrap()
    if ('data' in r) goTo('checkin', `key=${r.data.idempotencyKey}`)
  }

  const deepLink = textFromParams(router.params)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a deep link is handled once, when the page opens.
  useEffect(() => {
    if (deepLink) void submit(deepLink)
  }, [deepLink])

  return (
    <Screen route='scan' title='page.scan'>
      <View className='np-card'>
        {scanAbilities.camera && (
          <Button className='np-button' data-action='camera' onClick={async () => submit(await scanWithCamera())}>
            {s.camera}
          </Button>
        )}
        {scanAbilities.imageFile && (
          <Button className='np-button' data-action='image' onClick={async () => submit(await scanImageFile())}>
            {s.image}
          </Button>
        )}
      </View>
      <View className='np-card'>
        <Text className='np-muted'>{s.pasteLabel}</Text>
        <Textarea
          className='np-input'
          data-field='paste'
          aria-label={s.pasteLabel}
          value={text}
          maxlength={2000}
          onInput={(e) => setText(e.detail.value)}
        />
        <Button className='np-button' data-action='paste' disabled={!text.trim()} onClick={() => submit(text)}>
          {s.pasteGo}
        </Button>
      </View>
      {scan.status === 'working' && (
        <View className='np-card' data-scan='working'>
          <Text>{s.working}</Text>
        </View>
      )}
      {noCode && scan.status !== 'working' && (
        <View className='np-card' data-scan='no-code'>
          <Text>{s.noCode}</Text>
        </View>
      )}
      {scan.status === 'error' && scan.error && (
        <View className='np-card' data-scan='error' data-error-code={scan.error.code}>
          <ErrorText error={scan.error} className='np-big' />
        </View>
      )}
    </Screen>
  )
}
