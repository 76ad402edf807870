import { Button, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useEffect, useMemo } from 'react'
import provinces from '../../core/data/provinces.json'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { goTo, Screen } from '../../components/Screen'
import { fill, useI18n, useStrings } from '../../components/useI18n'
import {
  flushCheckIns,
  selectCheckInHistory,
  selectLastCheckIn,
  selectPendingCheckIns,
  selectQuarantinedCheckIns,
} from '../../features/checkin/checkinSlice'
import { chinaTime } from '../../features/checkin/format'
import { selectVenueHeadline } from '../../features/checkin/passHeadline'
import { checkinStrings } from '../../features/checkin/strings'
import { selectActivePerson } from '../../features/identity/identitySlice'
import { verdictFor } from '../../features/pass/passLogic'
import { selectPassOf, selectRules, selectSkewMs } from '../../features/pass/passSlice'
import { loadRules } from '../../features/pass/passThunks'
import { passStrings } from '../../features/pass/strings'
import { errorText } from '../../core/errors'

const provinceName = (code: string, lang: 'zh' | 'en'): string =>
  provinces.provinces.find((p) => p.code === code)?.[lang] ?? code

/** The check-in result a guard reads at a glance, then the traveller's history. */
export default function CheckInPage() {
  const s = useStrings(checkinStrings)
  const { lang } = useI18n()
  const dispatch = useAppDispatch()
  const { params } = useRouter()
  const history = useAppSelector(selectCheckInHistory)
  const last = useAppSelector(selectLastCheckIn)
  const pending = useAppSelector(selectPendingCheckIns)
  const quarantined = useAppSelector(selectQuarantinedCheckIns)
  const shown = history.find((h) => h.idempotencyKey === params.key) ?? last
  const headline = useAppSelector((state) => (shown ? selectVenueHeadline(state, shown.venue.province) : null))
  const ps = useStrings(passStrings)
  const person = useAppSelector(selectActivePerson)
  const pass = useAppSelector((state) => (person ? selectPassOf(state, person.id) : undefined))
  const rules = useAppSelector(selectRules)
  const skewMs = useAppSelector(selectSkewMs)
  const province = shown?.venue.province
  useEffect(() => {
    if (province) void dispatch(loadRules(province))
  }, [dispatch, province])
  // What this venue's province decides for the traveller now: the one rules engine, as on the pass page.
  const verdict = useMemo(() => {
    const set = province ? rules[province]?.set : undefined
    const results = Object.values(pass?.provinces ?? {})
    if (!province || !set || !person || results.length === 0) return null
    return verdictFor(results, person.identity, set, province, Date.now() - skewMs, lang)
  }, [province, rules, pass?.provinces, person, lang, skewMs])

  return (
    <Screen route='checkin' title='page.checkin'>
      {shown && headline && (
        <View
          className={`np-card np-checkin np-checkin-${shown.status}`}
          data-checkin={shown.status}
          data-venue-id={shown.venue.venueId}
        >
          <Text className='np-big' data-field='status'>
            {s[shown.status]}
          </Text>
          <View className='np-field-row'>
            <Text className='np-muted np-field-label'>{s.venue}</Text>
            <Text className='np-big np-field-value' data-field='venue'>
              {shown.venue.name}
            </Text>
          </View>
          <View className='np-field-row'>
            <Text className='np-muted np-field-label'>{s.time}</Text>
            <Text className='np-big np-field-value' data-field='time'>
              {chinaTime(shown.at)}
            </Text>
          </View>
          <View className='np-field-row'>
            <Text className='np-muted np-field-label'>{s.receipt}</Text>
            <Text
              className={`np-field-value ${shown.receiptId ? 'np-big np-receipt' : 'np-muted'}`}
              data-field='receipt'
            >
              {shown.receiptId ?? s.receiptPending}
            </Text>
          </View>
          <View className='np-field-row' data-field='headline' data-colour={headline.colour}>
            <Text className='np-muted np-field-label'>
              {fill(s.pass, { province: provinceName(shown.venue.province, lang) })}
            </Text>
            <Text className={`np-big np-field-value np-colour-${headline.colour}`}>
              {s[headline.colour]}
              {headline.colour !== 'unknown' && !headline.verified ? s.unverified : ''}
            </Text>
          </View>
          {verdict && (
            <View className='np-field-row' data-field='verdict' data-verdict={verdict.outcome}>
              <Text className='np-muted np-field-label'>{provinceName(shown.venue.province, lang)}</Text>
              <Text
                className={`np-big np-field-value ${verdict.outcome === 'admit' ? 'np-green' : verdict.outcome === 'refuse' ? 'np-red' : 'np-yellow'}`}
              >
                {ps[verdict.outcome]}
              </Text>
            </View>
          )}
          {shown.venue.source === 'legacy' && <Text className='np-muted'>{s.legacy}</Text>}
          {shown.error && (
            <Text className='np-muted' data-field='error'>
              {errorText(shown.error, lang)}
            </Text>
          )}
        </View>
      )}
      {pending.length > 0 && (
        <View className='np-card np-row'>
          <Text>{fill(s.pending, { n: pending.length })}</Text>
          <Button className='np-button' data-action='retry' onClick={() => dispatch(flushCheckIns({ force: true }))}>
            {s.retryNow}
          </Button>
        </View>
      )}
      {quarantined.length > 0 && (
        <View className='np-card' data-field='quarantined'>
          <Text className='np-warning'>{fill(s.quarantined, { n: quarantined.length })}</Text>
        </View>
      )}
      <Button className='np-button' data-action='scan-again' onClick={() => goTo('scan')}>
        {s.scanAgain}
      </Button>
      <View className='np-card' data-history>
        <Text className='np-big'>{s.history}</Text>
        {history.length === 0 && <Text className='np-muted'>{s.none}</Text>}
        {history.map((h) => (
          <View key={h.idempotencyKey} className='np-row' data-history-item={h.status}>
            <Text>{h.venue.name}</Text>
            <Text className='np-muted'>
              {chinaTime(h.at)} · {s[h.status]}
            </Text>
          </View>
        ))}
        <Text className='np-muted' data-field='retention'>
          {s.retention}
        </Text>
      </View>
    </Screen>
  )
}
