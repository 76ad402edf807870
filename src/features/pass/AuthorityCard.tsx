/**
 * One authority's row on the pass page: its code's colour, issuer, since when,
 * whether it verified, and what went wrong (loading, timed out, failed, stale,
 * changes without a reason). Its own module so the pass page can show the
 * current province's fresh answer before the full view's code is there
 * (./FreshColour.tsx, issue 16).
 */
import { Text, View } from '@tarojs/components'
import { ErrorText } from '../../components/ErrorText'
import { fill } from '../../components/useI18n'
import type { Colour } from '../../core/model'
import { type ProvinceResult, unexplainedChanges } from './passLogic'
import { COLOUR_SHAPE, COLOUR_TEXT, duration, provinceName } from './strings'
import { type PassStrings, readerText } from './viewLogic'

export const colourClass = (c: Colour | undefined) => (c ? `np-${c}` : 'np-muted')

export function Authority({
  result,
  province,
  lang,
  s,
  at,
  now,
  offline,
}: {
  result?: ProvinceResult
  province: string
  lang: 'zh' | 'en'
  s: PassStrings
  at: (ms: number) => string
  now: number
  /** Offline: the page says so once, so a row shows only its saved answer's age, not the same network error. */
  offline: boolean
}) {
  const code = result?.healthCode
  const status = result?.status ?? 'loading'
  const flagged = code ? unexplainedChanges(code) : []
  const stale = code && (status === 'timeout' || status === 'failed')
  return (
    <View
      className='np-authority'
      data-province={province}
      data-status={status}
      data-verified={code?.verified ? 'true' : 'false'}
    >
      <View className='np-row'>
        <Text>{provinceName(province, lang)}</Text>
        <Text className={colourClass(code?.colour)}>
          {code ? `${COLOUR_SHAPE[code.colour]} ${COLOUR_TEXT[code.colour][lang]}` : '—'}
        </Text>
      </View>
      {code && (
        <View className='np-authority-facts'>
          <Text className='np-muted'>{code.issuer}</Text>
          <Text className='np-muted'>
            {fill(s.since, {
              at: at(code.history.length ? code.history[code.history.length - 1].at : code.issuedAt),
            })}
          </Text>
          {code.reason ? (
            <Text className='np-muted'>{fill(s.reason, { reason: readerText(code.reason, lang) })}</Text>
          ) : null}
          <Text className={code.verified ? 'np-green' : 'np-muted'} data-verification>
            {code.verified ? s.verified : s.unverified}
          </Text>
        </View>
      )}
      {status === 'loading' && <Text className='np-muted'>{s.loading}</Text>}
      {status === 'timeout' && !offline && (
        <View data-timeout>
          <Text className='np-error'>{s.timeout}</Text>
        </View>
      )}
      {status === 'failed' && !offline && (
        <View data-failed>
          <Text className='np-error'>{s.failed}</Text>
          <ErrorText error={result?.error} />
        </View>
      )}
      {stale && (
        <View data-stale-age={result?.at != null ? Math.max(0, now - result.at) : ''}>
          <Text className='np-yellow'>
            {result?.at != null ? fill(s.staleAge, { age: duration(Math.max(0, now - result.at), lang) }) : s.staleData}
          </Text>
        </View>
      )}
      {code && code.history.length > 1 && (
        <View data-history>
          {code.history.map((h, i) => (
            <View key={`${h.at}.${h.colour}`} data-flagged={flagged.includes(i) ? 'no-reason' : undefined}>
              <Text className='np-muted'>
                {at(h.at)} → {COLOUR_TEXT[h.colour][lang]} · {h.reason ? readerText(h.reason, lang) : s.noReason}
              </Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
