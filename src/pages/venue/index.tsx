import { Button, Image, Input, Picker, Text, View } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
import provinces from '../../core/data/provinces.json'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { Screen } from '../../components/Screen'
import { fill, useI18n, useStrings } from '../../components/useI18n'
import { checkinStrings } from '../../features/checkin/strings'
import { selectCurrentProvince } from '../../features/settings/settingsSlice'
import { posterLayout, posterSvg, svgDataUrl } from '../../features/venue/poster'
import { posterPngDataUrl } from '../../features/venue/posterPng'
import { registerVenue, restoreVenue, selectVenue } from '../../features/venue/venueSlice'
import { errorText } from '../../core/errors'

function download(href: string, name: string) {
  if (process.env.TARO_ENV !== 'h5') return
  const a = document.createElement('a')
  a.href = href
  a.download = name
  a.click()
}

/** A venue registers with its province and prints its national place-code poster. */
export default function VenuePage() {
  const s = useStrings(checkinStrings)
  const { lang } = useI18n()
  const dispatch = useAppDispatch()
  const state = useAppSelector(selectVenue)
  const current = useAppSelector(selectCurrentProvince)
  const [province, setProvince] = useState(current)
  const [name, setName] = useState('')
  const [address, setAddress] = useState('')
  const list = provinces.provinces
  const index = Math.max(
    0,
    list.findIndex((p) => p.code === province),
  )

  useEffect(() => {
    void dispatch(restoreVenue())
  }, [dispatch])

  const reg = state.registered
  const svg = useMemo(() => (reg ? posterSvg(reg.placeCode, reg.venue.name) : null), [reg])
  const aspect = useMemo(() => (reg ? posterLayout(reg.placeCode) : null), [reg])
  const png = useMemo(() => (reg ? posterPngDataUrl(reg.placeCode, reg.venue.name) : null), [reg])

  return (
    <Screen route='venue' title='page.venue'>
      <View className='np-card'>
        <Picker
          mode='selector'
          range={list.map((p) => p[lang])}
          value={index}
          onChange={(e) => setProvince(list[Number(e.detail.value)].code)}
        >
          <View className='np-row' data-field='province' data-province={province}>
            <Text className='np-muted'>{s.province}</Text>
            <Text>{list[index][lang]} ›</Text>
          </View>
        </Picker>
        <Text className='np-muted'>{s.venueName}</Text>
        <Input
          className='np-input'
          data-field='venue-name'
          aria-label={s.venueName}
          value={name}
          onInput={(e) => setName(e.detail.value)}
        />
        <Text className='np-muted'>{s.venueAddress}</Text>
        <Input
          className='np-input'
          data-field='venue-address'
          aria-label={s.venueAddress}
          value={address}
          onInput={(e) => setAddress(e.detail.value)}
        />
        <Button
          className='np-button'
          data-action='register'
          disabled={!name.trim() || !address.trim() || state.status === 'working'}
          onClick={() => dispatch(registerVenue({ province, name, address }))}
        >
          {s.register}
        </Button>
        {(!name.trim() || !address.trim()) && (
          <Text className='np-muted' data-venue-hint>
            {s.venueBothNeeded}
          </Text>
        )}
        {state.status === 'error' && state.error && state.error.code !== 'NP_ERR_VALIDATION' && (
          <Text className='np-muted' data-venue-error={state.error.code}>
            {errorText(state.error, lang)}
          </Text>
        )}
      </View>
      {reg && svg && (
        <View className='np-card np-poster' data-poster data-place-code={reg.placeCode} data-png={png ?? ''}>
          <Text className='np-big'>{s.poster}</Text>
          <Image
            className='np-poster-image'
            src={svgDataUrl(svg)}
            style={{
              width: '300px',
              height: `${aspect ? Math.round((300 * aspect.height) / aspect.width) : 300}px`,
              display: 'block',
              margin: '0 auto',
            }}
          />
          <View className='np-muted' data-field='place-code' style={{ wordBreak: 'break-all' }}>
            {reg.placeCode}
          </View>
          <View className='np-muted'>{fill(s.codeLength, { n: reg.placeCode.length })}</View>
          {png && (
            <Button
              className='np-button'
              data-action='download-png'
              onClick={() => download(png, `${reg.venue.venueId}.png`)}
            >
              {s.downloadPng}
            </Button>
          )}
          {process.env.TARO_ENV === 'h5' && (
            <Button
              className='np-button'
              data-action='download-svg'
              onClick={() => download(svgDataUrl(svg), `${reg.venue.venueId}.svg`)}
            >
              {s.downloadSvg}
            </Button>
          )}
        </View>
      )}
    </Screen>
  )
}
