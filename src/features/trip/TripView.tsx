import { Input, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import type { ProvinceCode } from '../../core/model'
import { formatShanghai } from '../../core/rules/time'
import { provinceName } from '../../core/rules/trip'
import { ErrorText } from '../../components/ErrorText'
import { goTo } from '../../components/Screen'
import { fill, useI18n, useStrings } from '../../components/useI18n'
import { defineStrings } from '../../i18n'
import { ProvincePicker } from '../guard/ProvincePicker'
import { selectActivePerson } from '../identity/identitySlice'
import { restoreCachedPass } from '../pass/passThunks'
import { selectPassOf } from '../pass/passSlice'
import { formatBeijing, parseBeijing } from './tripInputs'
import { type StopDraft, selectPassInputs, selectTrip, tripChecked, tripDraftChanged } from './tripSlice'

const S = defineStrings({
  stop: { zh: '第{n}站', en: 'Stop {n}' },
  province: { zh: '选择省份', en: 'Choose a province' },
  arrival: { zh: '抵达时间（北京时间 YYYY-MM-DD HH:mm）', en: 'Arrival (Beijing time, YYYY-MM-DD HH:mm)' },
  add: { zh: '添加一站', en: 'Add a stop' },
  remove: { zh: '删除', en: 'Remove' },
  check: { zh: '核验行程', en: 'Check the trip' },
  fromPass: { zh: '按本机通行码中的检测与健康码推算', en: 'Using the tests and codes on this device’s pass' },
  manual: {
    zh: '本机尚无通行码：请填写最近一次核酸阴性结果（假设各地健康码为绿码）',
    en: 'No pass on this device: enter your latest negative PCR (a green code is assumed everywhere)',
  },
  sampled: { zh: '采样时间 YYYY-MM-DD HH:mm', en: 'Sampled at YYYY-MM-DD HH:mm' },
  reported: { zh: '出结果时间 YYYY-MM-DD HH:mm', en: 'Reported at YYYY-MM-DD HH:mm' },
  badTime: { zh: '时间格式应为 YYYY-MM-DD HH:mm', en: 'Times are YYYY-MM-DD HH:mm' },
  admit: { zh: '可以进入', en: 'Can enter' },
  refuse: { zh: '将被拒绝', en: 'Will be refused' },
  needsAction: { zh: '需先处理', en: 'Action needed' },
  unknown: { zh: '无法判断', en: 'Cannot tell' },
  declare: { zh: '去申报', en: 'Declare now' },
  until: { zh: '有效至{t}', en: 'holds until {t}' },
})

/** The trip check: stops with arrival times, then what to do where. */
export function TripView() {
  const dispatch = useAppDispatch()
  const s = useStrings(S)
  const { lang } = useI18n()
  const trip = useAppSelector(selectTrip)
  const hasPass = useAppSelector((st) => selectPassInputs(st) !== null)
  const person = useAppSelector(selectActivePerson)
  const personHasPass = useAppSelector((st) => selectPassOf(st, person?.id ?? null) !== null)
  // The launch restores the active person's saved pass; a person switched to since has theirs restored here.
  useEffect(() => {
    if (person && !personHasPass) void dispatch(restoreCachedPass(person.id))
  }, [dispatch, person, personHasPass])
  // Arrival times start filled in (the next full hour, then six hours apart), so one edit is enough.
  const nextHour = Math.ceil(Date.now() / 3_600_000) * 3_600_000
  const { sampled, reported } = trip.draft
  const stops: StopDraft[] = trip.draft.stops.length
    ? trip.draft.stops
    : [{ id: 0, province: null, arrival: formatBeijing(nextHour) }]
  const setStops = (next: StopDraft[]) => dispatch(tripDraftChanged({ stops: next }))
  const setSampled = (v: string) => dispatch(tripDraftChanged({ sampled: v }))
  const setReported = (v: string) => dispatch(tripDraftChanged({ reported: v }))
  const [problem, setProblem] = useState('')

  const setStop = (i: number, patch: Partial<StopDraft>) =>
    setStops(stops.map((x, j) => (j === i ? { ...x, ...patch } : x)))
  const check = () => {
    const parsed = stops.map((x) => ({ province: x.province, arrivalAt: parseBeijing(x.arrival) }))
    const ps = sampled ? parseBeijing(sampled) : undefined
    const pr = reported ? parseBeijing(reported) : undefined
    if (parsed.some((x) => !x.province || x.arrivalAt === null) || ps === null || pr === null) {
      setProblem(s.badTime)
      return
    }
    setProblem('')
    void dispatch(
      tripChecked({
        stops: parsed.map((x) => ({ province: x.province as ProvinceCode, arrivalAt: x.arrivalAt as number })),
        manual: {
          ...(ps !== undefined ? { pcrSampledAt: ps } : {}),
          ...(pr !== undefined ? { pcrReportedAt: pr } : {}),
        },
      }),
    )
  }
  const word = { admit: s.admit, refuse: s.refuse, 'needs-action': s.needsAction, unknown: s.unknown }

  return (
    <View data-trip-status={trip.status}>
      <View className='np-card'>
        <Text className='np-muted'>{hasPass ? s.fromPass : s.manual}</Text>
        {!hasPass && (
          <View>
            <Input
              className='np-input'
              data-field='pcr-sampled'
              placeholder={s.sampled}
              value={sampled}
              onInput={(e) => setSampled(e.detail.value)}
            />
            <Input
              className='np-input'
              data-field='pcr-reported'
              placeholder={s.reported}
              value={reported}
              onInput={(e) => setReported(e.detail.value)}
            />
          </View>
        )}
      </View>
      {stops.map((x, i) => (
        <View key={x.id} className='np-card' data-stop-input={i}>
          <View className='np-row'>
            <Text className='np-big'>{fill(s.stop, { n: i + 1 })}</Text>
            {stops.length > 1 && (
              <Text
                className='np-muted'
                data-action='remove-stop'
                onClick={() => setStops(stops.filter((_, j) => j !== i))}
              >
                {s.remove}
              </Text>
            )}
          </View>
          <ProvincePicker
            name={`stop-${i}`}
            value={x.province}
            placeholder={s.province}
            lang={lang}
            onChange={(p) => setStop(i, { province: p })}
          />
          <Input
            className='np-input'
            data-field='arrival'
            placeholder={s.arrival}
            value={x.arrival}
            onInput={(e) => setStop(i, { arrival: e.detail.value })}
          />
        </View>
      ))}
      <View
        className='np-button np-button-secondary'
        data-action='add-stop'
        onClick={() =>
          setStops([
            ...stops,
            {
              id: Math.max(...stops.map((x) => x.id)) + 1,
              province: null,
              arrival: formatBeijing((parseBeijing(stops[stops.length - 1].arrival) ?? nextHour) + 6 * 3_600_000),
            },
          ])
        }
      >
        <Text>{s.add}</Text>
      </View>
      <View className='np-button' data-action='check-trip' onClick={check}>
        <Text>{s.check}</Text>
      </View>
      {problem && <Text className='np-error'>{problem}</Text>}
      <ErrorText error={trip.error} />
      {trip.checks.map((c, i) => (
        <View key={`${c.province}-${c.arrivalAt}`} className='np-card' data-stop={i} data-outcome={c.verdict.outcome}>
          <View className='np-row'>
            <Text className='np-big'>{provinceName(c.province, lang)}</Text>
            <Text
              className={
                c.verdict.outcome === 'admit'
                  ? 'np-green'
                  : c.verdict.outcome === 'refuse'
                    ? 'np-red'
                    : c.verdict.outcome === 'unknown'
                      ? 'np-muted'
                      : 'np-yellow'
              }
            >
              {word[c.verdict.outcome]}
            </Text>
          </View>
          <Text className='np-muted'>{formatShanghai(c.arrivalAt, lang)}</Text>
          {c.verdict.outcome === 'admit' && c.verdict.until !== null && (
            <Text className='np-muted'> · {fill(s.until, { t: formatShanghai(c.verdict.until, lang) })}</Text>
          )}
          {c.verdict.unknown && (
            <View data-unknown={c.verdict.unknown.cause}>
              <Text>{c.verdict.unknown.text}</Text>
            </View>
          )}
          {c.verdict.reasons
            .filter((r) => r.distance?.text)
            .map((r) => (
              <View key={`d-${r.ruleId}`} data-distance={r.ruleId}>
                <Text className='np-muted'>{r.distance?.text}</Text>
              </View>
            ))}
          {c.advice.map((a) => (
            <View key={a} data-advice>
              <Text>{a}</Text>
            </View>
          ))}
          {c.needsDeclaration && (
            <View
              className='np-button np-button-secondary'
              data-action='declare'
              onClick={() => goTo('declare', `province=${c.province}`)}
            >
              <Text>{s.declare}</Text>
            </View>
          )}
        </View>
      ))}
    </View>
  )
}
