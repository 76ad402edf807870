import { Text, View } from '@tarojs/components'
import { useEffect } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { prefectureName } from '../../core/authorities'
import { type Itinerary, NATIONAL_AUTHORITY } from '../../core/itinerary'
import { listedAt, type RiskAreaList } from '../../core/riskAreas'
import type { Lang } from '../../core/rules/types'
import { ErrorText } from '../../components/ErrorText'
import { fill, useStrings } from '../../components/useI18n'
import { selectLang } from '../settings/settingsSlice'
import { duration, provinceName } from '../pass/strings'
import { formatWhen } from '../pass/viewLogic'
import { loadRiskAreas, refreshItinerary, selectItinerary, selectRiskAreas } from './nationalSlice'
import { nationalStrings } from './strings'

type S = Record<keyof typeof nationalStrings, string>

/**
 * The itinerary card the way people knew it: a green arrow, the phone, "更新于",
 * the cities of the last 14 days with a star where the city had a risk area,
 * and the star's footnote. Pure rendering: {@link ItineraryCard} fetches.
 */
export function ItineraryView({
  itinerary,
  verified,
  now,
  lang,
  s,
  savedAt,
  riskLists,
}: {
  itinerary: Itinerary
  verified: boolean
  now: number
  lang: Lang
  s: S
  /** When shown from the device cache: when it was saved. */
  savedAt?: number
  /** Verified risk-area lists: the areas listed now in a visited city are named under it. */
  riskLists?: readonly RiskAreaList[]
}) {
  const listed = listedAt(riskLists ?? [], now)
  const at = (ms: number) => formatWhen(ms, now, lang)
  const starred = itinerary.cities.some((c) => c.starred)
  const sep = lang === 'zh' ? '，' : ', '
  return (
    <View className='np-card' data-section='itinerary' data-starred={starred ? 'true' : 'false'}>
      <View className='np-row'>
        <Text className='np-big'>{s.itineraryTitle}</Text>
        <Text className='np-muted' data-verified={verified ? 'true' : 'false'}>
          {verified ? s.verified : s.unverified}
        </Text>
      </View>
      <View>
        <Text className='np-muted'>{fill(s.itineraryPhone, { phone: itinerary.phone })}</Text>
      </View>
      <View data-itinerary-updated={itinerary.issuedAt}>
        <Text>{fill(s.itineraryUpdated, { at: at(itinerary.issuedAt) })}</Text>
      </View>
      <View className='np-itinerary-arrow' data-arrow='green'>
        <Text className='np-big np-green'>⬆</Text>
      </View>
      {savedAt !== undefined && (
        <View data-itinerary-saved>
          <Text className='np-yellow'>{fill(s.itinerarySaved, { age: duration(now - savedAt, lang) })}</Text>
        </View>
      )}
      <View>
        <Text>{s.itineraryVisited}</Text>
      </View>
      <View data-itinerary-cities>
        <Text className='np-big'>
          {itinerary.cities
            .map((c) => `${lang === 'zh' ? c.name : prefectureName(c.code, 'en')}${c.starred ? '*' : ''}`)
            .join(sep)}
        </Text>
      </View>
      {itinerary.cities.map((c) => (
        <View key={c.code} data-city={c.code} data-city-starred={c.starred ? 'true' : 'false'}>
          <Text className={c.starred ? 'np-yellow' : 'np-muted'}>
            {lang === 'zh' ? c.name : prefectureName(c.code, 'en')}
            {c.starred ? '*' : ''} · {fill(s.itinerarySeen, { first: at(c.firstSeen), last: at(c.lastSeen) })}
          </Text>
          {listed
            .filter((a) => a.city === c.code)
            .map((a) => (
              <View key={`${a.authority}.${a.code}`} data-risk-area={a.code}>
                <Text className='np-muted'>
                  {fill(s.riskArea, {
                    area: a.name[lang],
                    level: s[`level.${a.level}`],
                    since: at(a.since),
                    authority: provinceName(a.authority, lang),
                  })}
                </Text>
              </View>
            ))}
        </View>
      ))}
      {starred && (
        <View data-star-note>
          <Text className='np-muted'>{s.itineraryStarNote}</Text>
        </View>
      )}
    </View>
  )
}

/** The person's itinerary card: fetched with the pass, verified, shown offline from the device with its age. */
export function ItineraryCard({ personId, now }: { personId: string; now: number }) {
  const dispatch = useAppDispatch()
  const s = useStrings(nationalStrings)
  const lang = useAppSelector(selectLang)
  const entry = useAppSelector((st) => selectItinerary(st, personId))
  const riskAreas = useAppSelector(selectRiskAreas)
  useEffect(() => {
    void dispatch(refreshItinerary(personId))
  }, [dispatch, personId])
  // The risk-area lists of the national platform and of every province the phone was in.
  const provinces = [
    NATIONAL_AUTHORITY,
    ...new Set((entry?.itinerary?.cities ?? []).map((c) => `${c.code.slice(0, 2)}0000`)),
  ].join(',')
  useEffect(() => {
    void dispatch(loadRiskAreas(provinces.split(',')))
  }, [dispatch, provinces])
  if (!entry || (!entry.itinerary && entry.status === 'loading'))
    return (
      <View className='np-card' data-section='itinerary' data-status='loading'>
        <Text className='np-muted'>{s.itineraryLoading}</Text>
      </View>
    )
  if (!entry.itinerary)
    return (
      <View className='np-card' data-section='itinerary' data-status='failed'>
        <Text className='np-error'>{s.itineraryFailed}</Text>
        <ErrorText error={entry.error} />
      </View>
    )
  return (
    <ItineraryView
      itinerary={entry.itinerary}
      verified={entry.itinerary.verified}
      now={now}
      lang={lang}
      s={s}
      riskLists={Object.values(riskAreas)}
      {...(entry.cachedAt !== undefined ? { savedAt: entry.cachedAt } : {})}
    />
  )
}
