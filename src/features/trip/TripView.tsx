import { Picker, Text, View } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
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
import { ForeignTripNote } from '../foreign/ForeignTripNote'
import { formatBeijing, parseBeijing } from './tripInputs'
import { type StopDraft, selectPassInputs, selectTrip, tripChecked, tripDraftChanged } from './tripSlice'

const S = defineStrings({
  stop: { zh: '第{n}站', en: 'Stop {n}' },
  province: { zh: '选择省份', en: 'Choose a province' },
  arrival: { zh: '抵达时间（北京时间）', en: 'Arrival (Beijing time)' },
  date: { zh: '日期', en: 'Date' },
  time: { zh: '时间', en: 'Time' },
  pickDate: { zh: '选择日期', en: 'Pick a date' },
  pickTime: { zh: '选择时间', en: 'Pick a time' },
  covers: { zh: '适用的检测：{kind}，采样于 {at}', en: 'Test that counts: {kind} sampled {at}' },
  coversSeveral: { zh: '同一次检测覆盖第 {stops} 站', en: 'This one test covers stops {stops}' },
  noTest: { zh: '抵达前没有阴性检测结果', en: 'No negative test before this arrival' },
  results: { zh: '核验结果', en: 'Results' },
  add: { zh: '添加一站', en: 'Add a stop' },
  remove: { zh: '删除', en: 'Remove' },
  check: { zh: '核验行程', en: 'Check the trip' },
  fromPass: { zh: '按本机通行码中的检测与健康码推算', en: 'Using the tests and codes on this device’s pass' },
  manual: {
    zh: '本机尚无通行码：请填写最近一次核酸阴性结果（假设各地健康码为绿码）',
    en: 'No pass on this device: enter your latest negative PCR (a green code is assumed everywhere)',
  },
  sampled: { zh: '采样时间', en: 'Sampled at' },
  reported: { zh: '出结果时间', en: 'Reported at' },
  badTime: { zh: '请为每一站选择省份和抵达时间', en: 'Choose a province and an arrival time for every stop' },
  admit: { zh: '可以进入', en: 'Can enter' },
  refuse: { zh: '将被拒绝', en: 'Will be refused' },
  needsAction: { zh: '需先处理', en: 'Action needed' },
  unknown: { zh: '无法判断', en: 'Cannot tell' },
  declare: { zh: '去申报', en: 'Declare now' },
  until: { zh: '有效至{t}', en: 'holds until {t}' },
})

/** The draft's stops, or one stop arriving at `nextHour` while the draft has none. */
function withFirstStop(stops: StopDraft[], nextHour: number): StopDraft[] {
  return stops.length ? stops : [{ id: 0, province: null, arrival: formatBeijing(nextHour) }]
}

/** `YYYY-MM-DD HH:mm` split into its date and time (either may be empty). */
function splitWhen(v: string): { date: string; time: string } {
  const [date = '', time = ''] = v.split(' ')
  return { date, time }
}

/** A date and a time from Taro's own pickers (no typing), kept as `YYYY-MM-DD HH:mm` in the draft. */
function WhenPicker({
  name,
  value,
  label,
  s,
  onDate,
  onTime,
}: {
  name: string
  value: string
  label: string
  s: { date: string; time: string; pickDate: string; pickTime: string }
  onDate: (date: string) => void
  onTime: (time: string) => void
}) {
  const { date, time } = splitWhen(value)
  return (
    <View data-field={name} data-value={value}>
      <Text className='np-muted'>{label}</Text>
      <View className='np-when'>
        <Picker mode='date' value={date || '2026-01-01'} onChange={(e) => onDate(String(e.detail.value))}>
          <View className='np-input np-when-part' data-when='date' aria-label={`${label} · ${s.date}`}>
            <Text>{date || s.pickDate}</Text>
          </View>
        </Picker>
        <Picker mode='time' value={time || '09:00'} onChange={(e) => onTime(String(e.detail.value))}>
          <View className='np-input np-when-part' data-when='time' aria-label={`${label} · ${s.time}`}>
            <Text>{time || s.pickTime}</Text>
          </View>
        </Picker>
      </View>
    </View>
  )
}

/** `when` with its date (or time) part replaced; the other part kept, or a default when empty. */
export function withWhenPart(when: string, part: 'date' | 'time', value: string): string {
  const { date, time } = splitWhen(when)
  return part === 'date' ? `${value} ${time || '09:00'}` : `${date || formatBeijing(Date.now()).slice(0, 10)} ${value}`
}

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
  const stops = withFirstStop(trip.draft.stops, nextHour)
  /**
   * Every change to the stops is a function of the stops in the store at the
   * moment of the change, not of this render's `stops`: a tap that lands
   * before React re-renders must not write older values over what was typed.
   */
  const updateStops = (change: (current: StopDraft[]) => StopDraft[]) =>
    dispatch((d, getState) => {
      d(tripDraftChanged({ stops: change(withFirstStop(selectTrip(getState()).draft.stops, nextHour)) }))
    })
  // Each reads the draft in the store at the moment of the change (see updateStops).
  const setManual = (field: 'sampled' | 'reported', part: 'date' | 'time', v: string) =>
    dispatch((d, getState) => {
      d(tripDraftChanged({ [field]: withWhenPart(selectTrip(getState()).draft[field], part, v) }))
    })
  const setArrival = (i: number, part: 'date' | 'time', v: string) =>
    updateStops((current) => current.map((x, j) => (j === i ? { ...x, arrival: withWhenPart(x.arrival, part, v) } : x)))
  const inputs = useAppSelector(selectPassInputs)
  const manualTests = useMemo(() => {
    const ps = sampled ? parseBeijing(sampled) : null
    const pr = reported ? parseBeijing(reported) : null
    return ps !== null ? [{ kind: 'pcr' as const, outcome: 'negative' as const, sampledAt: ps, reportedAt: pr }] : []
  }, [sampled, reported])
  const knownTests = trip.source === 'manual' ? manualTests : (inputs?.tests ?? [])
  /** The newest negative test sampled before each checked stop's arrival, and which stops share it. */
  const covering = trip.checks.map((c) =>
    knownTests
      .filter((t) => t.outcome === 'negative' && t.sampledAt <= c.arrivalAt)
      .reduce<(typeof knownTests)[number] | null>((a, t) => (!a || t.sampledAt > a.sampledAt ? t : a), null),
  )
  const [problem, setProblem] = useState('')

  const setStop = (i: number, patch: Partial<StopDraft>) =>
    updateStops((current) => current.map((x, j) => (j === i ? { ...x, ...patch } : x)))
  // Reads the draft from the store too, so a tap right after typing checks what was typed.
  const check = () =>
    dispatch((d, getState) => {
      const draft = selectTrip(getState()).draft
      const parsed = withFirstStop(draft.stops, nextHour).map((x) => ({
        province: x.province,
        arrivalAt: parseBeijing(x.arrival),
      }))
      const ps = draft.sampled ? parseBeijing(draft.sampled) : undefined
      const pr = draft.reported ? parseBeijing(draft.reported) : undefined
      if (parsed.some((x) => !x.province || x.arrivalAt === null) || ps === null || pr === null) {
        setProblem(s.badTime)
        return
      }
      setProblem('')
      void d(
        tripChecked({
          stops: parsed.map((x) => ({ province: x.province as ProvinceCode, arrivalAt: x.arrivalAt as number })),
          manual: {
            ...(ps !== undefined ? { pcrSampledAt: ps } : {}),
            ...(pr !== undefined ? { pcrReportedAt: pr } : {}),
          },
        }),
      )
    })
  const word = { admit: s.admit, refuse: s.refuse, 'needs-action': s.needsAction, unknown: s.unknown }

  return (
    <View data-trip-status={trip.status}>
      {trip.checks.length > 0 && (
        <View data-section='trip-results'>
          <Text className='np-big'>{s.results}</Text>
          {trip.checks.map((c, i) => (
            <View
              key={`${c.province}-${c.arrivalAt}`}
              className='np-card'
              data-stop={i}
              data-outcome={c.verdict.outcome}
              data-rules-unmet={c.verdict.reasons.map((r) => r.ruleId).join(' ')}
            >
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
              {covering[i] ? (
                <View data-covers={i}>
                  <Text className='np-muted'>
                    {fill(s.covers, {
                      kind: covering[i]?.kind.toUpperCase() ?? '',
                      at: formatShanghai(covering[i]?.sampledAt ?? 0, lang),
                    })}
                  </Text>
                  {covering.filter((t) => t === covering[i]).length > 1 && (
                    <Text className='np-muted' data-covers-several>
                      {' · '}
                      {fill(s.coversSeveral, {
                        stops: covering
                          .flatMap((t, j) => (t === covering[i] ? [j + 1] : []))
                          .join(lang === 'zh' ? '、' : ', '),
                      })}
                    </Text>
                  )}
                </View>
              ) : (
                <View data-covers={i}>
                  <Text className='np-muted'>{s.noTest}</Text>
                </View>
              )}
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
          <ForeignTripNote foreign={trip.foreign} />
        </View>
      )}
      <View className='np-card'>
        <Text className='np-muted'>{hasPass ? s.fromPass : s.manual}</Text>
        {!hasPass && (
          <View>
            <WhenPicker
              name='pcr-sampled'
              value={sampled}
              label={s.sampled}
              s={s}
              onDate={(v) => setManual('sampled', 'date', v)}
              onTime={(v) => setManual('sampled', 'time', v)}
            />
            <WhenPicker
              name='pcr-reported'
              value={reported}
              label={s.reported}
              s={s}
              onDate={(v) => setManual('reported', 'date', v)}
              onTime={(v) => setManual('reported', 'time', v)}
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
                className='np-muted np-tap'
                data-action='remove-stop'
                onClick={() => updateStops((current) => current.filter((_, j) => j !== i))}
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
          <WhenPicker
            name='arrival'
            value={x.arrival}
            label={s.arrival}
            s={s}
            onDate={(v) => setArrival(i, 'date', v)}
            onTime={(v) => setArrival(i, 'time', v)}
          />
        </View>
      ))}
      <View
        className='np-button np-button-secondary'
        data-action='add-stop'
        onClick={() =>
          updateStops((current) => [
            ...current,
            {
              id: Math.max(...current.map((x) => x.id)) + 1,
              province: null,
              arrival: formatBeijing((parseBeijing(current[current.length - 1].arrival) ?? nextHour) + 6 * 3_600_000),
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
    </View>
  )
}
