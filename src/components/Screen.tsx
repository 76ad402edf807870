import { View, Text } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { type ReactNode, useEffect } from 'react'
import { useAppSelector } from '../app/hooks'
import { selectElder } from '../features/settings/settingsSlice'
import type { MessageKey } from '../i18n'
import { useI18n } from './useI18n'
import './Screen.css'

export type Route = 'pass' | 'scan' | 'trip' | 'guard' | 'settings' | 'family' | 'venue' | 'checkin' | 'declare'

const NAV: Array<{ route: Route; key: MessageKey }> = [
  { route: 'pass', key: 'nav.pass' },
  { route: 'scan', key: 'nav.scan' },
  { route: 'trip', key: 'nav.trip' },
  { route: 'guard', key: 'nav.guard' },
  { route: 'settings', key: 'nav.more' },
]

/** Go to a top-level page without growing the page stack (mini-programs cap it at 10). */
export function goTo(route: Route, query = '') {
  Taro.redirectTo({ url: `/pages/${route}/index${query ? `?${query}` : ''}` })
}

interface ScreenProps {
  route: Route
  title: MessageKey
  children: ReactNode
}

/**
 * Every page's frame: the one theme (elder mode switches it), the title in
 * the current language, and the bottom navigation.
 */
export function Screen({ route, title, children }: ScreenProps) {
  const elder = useAppSelector(selectElder)
  const { t } = useI18n()
  const text = t(title)
  useDidShow(() => {
    Taro.setNavigationBarTitle({ title: text })
  })
  // The language can change while the page is showing (settings).
  useEffect(() => {
    Taro.setNavigationBarTitle({ title: text })
  }, [text])
  return (
    <View className={`np-screen ${elder ? 'np-theme-elder' : 'np-theme-default'}`} data-page={route}>
      <View className='np-title'>
        <Text className='np-title-text'>{t(title)}</Text>
      </View>
      <View className='np-body'>{children}</View>
      <View className='np-nav'>
        {NAV.map((n) => (
          <View
            key={n.route}
            className={`np-nav-item ${n.route === route ? 'np-nav-active' : ''}`}
            data-nav={n.route}
            onClick={() => n.route !== route && goTo(n.route)}
          >
            <Text>{t(n.key)}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
