import { View, Text } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { type ReactNode, useEffect, useLayoutEffect } from 'react'
import { useAppSelector } from '../app/hooks'
import { selectElder } from '../features/settings/settingsSlice'
import type { MessageKey } from '../i18n'
import { applyH5Accessibility } from './a11yH5'
import { CodeLoadError } from './CodeLoadError'
import { afterNextPaint, firstFrameShown } from '../platform/firstFrame'
import { dropBootShell } from '../platform/bootShell'
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

/** The bottom-nav pages: tab-like, they replace each other. */
const TABS: ReadonlySet<Route> = new Set(NAV.map((n) => n.route))

/** The route of a page-stack entry (`pages/trip/index`, `/pages/trip/index?x=1`), or null. */
function routeOf(page: { route?: string } | undefined): string | null {
  return /pages\/([\w-]+)\/index/.exec(page?.route ?? '')?.[1] ?? null
}

/**
 * Go to a page. The five bottom-nav pages replace the current page
 * (`redirectTo`), so the stack stays flat; the secondary pages (family, venue,
 * declare, check-in) open on top of a bottom-nav page (`navigateTo`) so the
 * phone's Back returns to it, and replace each other (mini-programs cap the
 * stack at 10). Leaving a secondary page for a bottom-nav page goes back to
 * it when it is the page underneath, else relaunches on it: the stack is
 * never deeper than two.
 */
export function goTo(route: Route, query = '') {
  const url = `/pages/${route}/index${query ? `?${query}` : ''}`
  const stack = Taro.getCurrentPages?.() ?? []
  const current = routeOf(stack[stack.length - 1])
  const onSecondary = current !== null && !TABS.has(current as Route)
  if (!TABS.has(route)) {
    if (onSecondary) Taro.redirectTo({ url })
    else Taro.navigateTo({ url })
    return
  }
  if (stack.length <= 1) Taro.redirectTo({ url })
  else if (routeOf(stack[stack.length - 2]) === route && !query) Taro.navigateBack({ delta: 1 })
  else Taro.reLaunch({ url })
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
  const { t, lang } = useI18n()
  const text = t(title)
  useDidShow(() => {
    Taro.setNavigationBarTitle({ title: text })
  })
  // The language can change while the page is showing (settings).
  useEffect(() => {
    Taro.setNavigationBarTitle({ title: text })
  }, [text])
  useEffect(() => applyH5Accessibility(lang), [lang])
  // The app's deferred start-up work (src/app.ts) waits for the first page's first paint.
  useEffect(() => afterNextPaint(firstFrameShown), [])
  // H5: the boot shell's saved card goes in the commit that draws this page's frame, never both on screen.
  useLayoutEffect(dropBootShell, [])
  return (
    <View className={`np-screen ${elder ? 'np-theme-elder' : 'np-theme-default'}`} data-page={route}>
      <View className='np-title'>
        <Text className='np-title-text'>{t(title)}</Text>
      </View>
      <View className='np-body'>
        <CodeLoadError />
        {children}
      </View>
      {/* biome-ignore lint/a11y/useSemanticElements: Taro has no <nav>; the role names it for screen readers */}
      <View className='np-nav' role='navigation'>
        {NAV.map((n) => (
          <View
            key={n.route}
            className={`np-nav-item ${n.route === route ? 'np-nav-active' : ''}`}
            data-nav={n.route}
            aria-current={n.route === route ? 'page' : undefined}
            onClick={() => n.route !== route && goTo(n.route)}
          >
            <Text>{t(n.key)}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
