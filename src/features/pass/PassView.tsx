import { Image, Picker, Text, View } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import { useEffect, useMemo, useState } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import type { Colour } from '../../core/model'
import { formatShanghai } from '../../core/rules/time'
import type { Verdict } from '../../core/rules/types'
import { goTo } from '../../components/Screen'
import { fill, useStrings } from '../../components/useI18n'
import { currentProvinceChosen, selectCurrentProvince, selectElder, selectLang } from '../settings/settingsSlice'
import { type PersonRecord, selectConsents, setConsent } from '../identity/identitySlice'
import {
  disagreement,
  mergeTests,
  mergeVaccinations,
  passIssuedAt,
  passText,
  type ProvinceResult,
  unexplainedChanges,
  usableCodes,
  verdictFor,
} from './passLogic'
import { destinationChosen, selectDestination, selectPassOf, selectRules, selectSkewMs } from './passSlice'
import { loadRules, refreshPass, restoreCachedPass, withdrawConsent } from './passThunks'
import { COLOUR_TEXT, duration, PROVINCES, passStrings, provinceName } from './strings'

/** Refresh the pass this long after the last answer, well before a guard calls it a screenshot (10 min). */
const PASS_REFRESH_MS = 5 * 60_000
const SKEW_SHOWN_MS = 2 * 60_000

/** Server time, ticking every second. */
function useServerNow(skewMs: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [])
  return now - skewMs
}

function qrDataUri(text: string): string {
  const qr = qrcode(0, 'L')
  qr.addData(text, 'Alphanumeric')
  qr.make()
  // A base64 GIF (a few KB) rather than an SVG data URI (~95 KB): it travels through the mini-programs'
  // setData on every refresh, and <image> on WeChat and Alipay takes base64 data URIs.
  return qr.createDataURL(4, 8)
}

const colourClass = (c: Colour | undefined) => (c ? `np-${c}` : 'np-muted')

/** The whole pass of one person: headline, QR, every authority, tests, doses, destination. */
export function PassView({ person }: { person: PersonRecord }) {
  const dispatch = useAppDispatch()
  const s = useStrings(passStrings)
  const lang = useAppSelector(selectLang)
  const elder = useAppSelector(selectElder)
  const current = useAppSelector(selectCurrentProvince)
  const destination = useAppSelector(selectDestination)
  const pass = useAppSelector((st) => selectPassOf(st, person.id))
  const rules = useAppSelector(selectRules)
  const skewMs = useAppSelector(selectSkewMs)
  const consents = useAppSelector(selectConsents)
  const now = useServerNow(skewMs)
  const [showGreens, setShowGreens] = useState(false)

  useEffect(() => {
    void dispatch(restoreCachedPass(person.id)).then(() => dispatch(refreshPass({ personId: person.id })))
  }, [dispatch, person.id])
  useEffect(() => {
    void dispatch(loadRules(current))
  }, [dispatch, current])
  useEffect(() => {
    if (destination) void dispatch(loadRules(destination))
  }, [dispatch, destination])
  const stale = pass?.refreshedAt != null && now - pass.refreshedAt > PASS_REFRESH_MS
  useEffect(() => {
    if (stale && !pass?.refreshing && !pass?.offline) void dispatch(refreshPass({ personId: person.id }))
  }, [stale, pass?.refreshing, pass?.offline, dispatch, person.id])

  const results = useMemo(() => Object.values(pass?.provinces ?? {}), [pass?.provinces])
  const minute = Math.floor(now / 60_000)
  const verdictOf = (province: string | null): Verdict | null => {
    const set = province ? rules[province]?.set : undefined
    return province && set && results.length
      ? // Evaluated at `now`, not at the minute's start: a code issued seconds ago would not count yet.
        verdictFor(results, person.identity, set, province, now, lang)
      : null
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-evaluated once a minute, not every second
  const headline = useMemo(() => verdictOf(current), [results, rules, current, minute, lang])
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above
  const destVerdict = useMemo(() => verdictOf(destination), [results, rules, destination, minute, lang])
  const text = useMemo(() => passText(results, current, person.identity), [results, current, person.identity])
  const qr = useMemo(() => (text ? qrDataUri(text) : null), [text])
  const issuedAt = passIssuedAt(results)

  const asked = pass?.asked ?? []
  // Verified greens with nothing to flag fold into one line; anything else is always shown.
  const quietGreens = asked.filter((p) => {
    const r = pass?.provinces[p]
    const c = r?.healthCode
    return r?.status === 'done' && c?.verified && c.colour === 'green' && unexplainedChanges(c).length === 0
  })
  const answered = asked.filter((p) => pass?.provinces[p] && pass.provinces[p].status !== 'loading').length
  const refresh = () => void dispatch(refreshPass({ personId: person.id }))

  const status = (
    <View className='np-card' data-section='status'>
      <View className='np-row'>
        <Text data-progress={`${answered}/${asked.length}`}>{fill(s.answered, { n: answered, m: asked.length })}</Text>
        <Text className='np-muted' data-action='family' onClick={() => goTo('family')}>
          {s.family}
        </Text>
        <View className='np-button np-refresh' data-action='refresh' onClick={refresh}>
          <Text>{pass?.refreshing ? s.refreshing : s.refresh}</Text>
        </View>
      </View>
      {pass?.cachedAt != null && (
        <Text className='np-muted' data-cached-age>
          {fill(s.savedAgo, { age: duration(now - pass.cachedAt, lang) })}
        </Text>
      )}
      {pass?.offline && (
        <View data-offline>
          <Text className='np-error'>{s.offline}</Text>
        </View>
      )}
      {Math.abs(skewMs) >= SKEW_SHOWN_MS && (
        <View data-skew={skewMs}>
          <Text className='np-yellow'>{fill(s.skew, { skew: duration(Math.abs(skewMs), lang) })}</Text>
        </View>
      )}
    </View>
  )

  const verdictCard = (province: string | null, v: Verdict | null, section: string, picker: (code: string) => void) => (
    <View className='np-card' data-section={section}>
      <Picker
        mode='selector'
        range={PROVINCES.map((p) => p[lang])}
        value={Math.max(
          0,
          PROVINCES.findIndex((p) => p.code === province),
        )}
        onChange={(e) => picker(PROVINCES[Number(e.detail.value)].code)}
      >
        <Text className='np-muted'>
          {section === 'headline' ? s.here : s.destination}: {province ? provinceName(province, lang) : s.pick} ▾
        </Text>
      </Picker>
      {province && !v && (
        <Text className='np-muted'>
          {rules[province]?.status === 'failed'
            ? fill(s.rulesFailed, { message: rules[province]?.error?.message ?? '' })
            : s.rulesLoading}
        </Text>
      )}
      {v && (
        <View data-verdict={v.outcome}>
          <Text
            className={`np-big ${v.outcome === 'admit' ? 'np-green' : v.outcome === 'refuse' ? 'np-red' : 'np-yellow'}`}
          >
            {s[v.outcome]}
          </Text>
          {v.reasons.map((r) => (
            <View key={r.ruleId} data-rule={r.ruleId}>
              <Text>{r.text}</Text>
            </View>
          ))}
          <View data-countdown>
            <Text className='np-muted'>
              {v.until
                ? fill(s.changesIn, { time: duration(v.until - now, lang), at: formatShanghai(v.until, lang) })
                : s.noChange}
            </Text>
          </View>
        </View>
      )}
    </View>
  )

  const clock = new Date(now + 8 * 3_600_000).toISOString().slice(11, 19)
  const qrCard = (
    <View className='np-card np-qr' data-section='qr'>
      <Text className='np-muted'>{fill(s.person, { name: person.identity.name })}</Text>
      {qr && text ? (
        <View className='np-qr-box' data-pass={text}>
          <Image src={qr} style={{ width: '260px', height: '260px', imageRendering: 'pixelated' }} mode='aspectFit' />
        </View>
      ) : (
        <Text className='np-muted'>{s.qrNone}</Text>
      )}
      <Text className='np-big' data-clock>
        {clock}
      </Text>
      {issuedAt && (
        <Text className='np-muted'> · {fill(s.qrFresh, { s: Math.max(0, Math.round((now - issuedAt) / 1000)) })}</Text>
      )}
    </View>
  )

  if (elder) {
    return (
      <View data-elder>
        {status}
        {verdictCard(current, headline, 'headline', (c) => dispatch(currentProvinceChosen(c)))}
        {qrCard}
      </View>
    )
  }

  const d = disagreement(usableCodes(results))
  const tests = mergeTests(results)
  const doses = mergeVaccinations(results)
  const at = (ms: number) => formatShanghai(ms, lang)
  const colourText = (c: Colour) => COLOUR_TEXT[c][lang]

  return (
    <View>
      {status}
      {verdictCard(current, headline, 'headline', (c) => dispatch(currentProvinceChosen(c)))}
      {qrCard}
      {d && (
        <View className='np-card' data-section='disagreement'>
          <Text className='np-big np-yellow'>{s.disagree}</Text>
          {d.dissent.map((x) => (
            <View key={x.province} data-dissent={x.province}>
              <Text className={colourClass(x.colour)}>
                {fill(s.dissentLine, {
                  province: provinceName(x.province, lang),
                  colour: colourText(x.colour),
                  at: at(x.since),
                  reason: x.reason ? fill(s.reason, { reason: x.reason }) : s.noReason,
                })}
              </Text>
            </View>
          ))}
          <Text>{fill(s.others, { n: d.majorityCount, colour: colourText(d.majority) })}</Text>
        </View>
      )}
      <View className='np-card' data-section='authorities'>
        <Text className='np-big'>{s.authorities}</Text>
        {quietGreens.length > 1 && (
          <View className='np-row' data-action='toggle-greens' onClick={() => setShowGreens(!showGreens)}>
            <Text className='np-green'>{fill(s.allGreen, { n: quietGreens.length })}</Text>
            <Text className='np-muted'>{showGreens ? s.hide : s.show}</Text>
          </View>
        )}
        {asked.map((p) => (
          <View key={p} className={!showGreens && quietGreens.length > 1 && quietGreens.includes(p) ? 'np-hidden' : ''}>
            <Authority result={pass?.provinces[p]} province={p} lang={lang} s={s} at={at} />
          </View>
        ))}
      </View>
      <View className='np-card' data-section='tests'>
        <Text className='np-big'>{s.tests}</Text>
        {tests.length === 0 && <Text className='np-muted'>{s.noTests}</Text>}
        {tests.map((t) => (
          <View key={t.sampleId} data-test={t.sampleId} className='np-row'>
            <Text>
              {t.kind.toUpperCase()} · {t.outcome === 'pending' ? s.pending : s[t.outcome]} ·{' '}
              {t.pooled ? s.pooled : s.single} · {fill(s.sampled, { at: at(t.sampledAt) })}
              {t.reportedAt ? ` · ${fill(s.reported, { at: at(t.reportedAt) })}` : ''} · {t.lab} ·{' '}
              {provinceName(t.province, lang)} {t.verified ? s.verified : ''}
            </Text>
          </View>
        ))}
      </View>
      <View className='np-card' data-section='vaccinations'>
        <Text className='np-big'>{s.vaccinations}</Text>
        {doses.map((v) => (
          <View key={`${v.dose}.${v.at}`}>
            <Text>
              {fill(s.dose, { n: v.dose })} · {v.product} · {at(v.at)} · {provinceName(v.province, lang)}{' '}
              {v.verified ? s.verified : ''}
            </Text>
          </View>
        ))}
      </View>
      {verdictCard(destination, destVerdict, 'destination', (c) => dispatch(destinationChosen(c)))}
      <View className='np-card' data-section='consent'>
        <Text>{s.consent}</Text>
        {PROVINCES.map((p) => (
          <View key={p.code} className='np-row' data-consent={p.code}>
            <Text>{p[lang]}</Text>
            <Text
              className='np-muted'
              onClick={() =>
                void (consents[p.code]
                  ? dispatch(withdrawConsent(p.code))
                  : dispatch(setConsent({ province: p.code, given: true })))
              }
            >
              {consents[p.code] ? s.withdraw : s.give}
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}

function Authority({
  result,
  province,
  lang,
  s,
  at,
}: {
  result?: ProvinceResult
  province: string
  lang: 'zh' | 'en'
  s: Record<keyof typeof passStrings, string>
  at: (ms: number) => string
}) {
  const code = result?.healthCode
  const status = result?.status ?? 'loading'
  const flagged = code ? unexplainedChanges(code) : []
  return (
    <View
      className='np-authority'
      data-province={province}
      data-status={status}
      data-verified={code?.verified ? 'true' : 'false'}
    >
      <View className='np-row'>
        <Text>{provinceName(province, lang)}</Text>
        <Text className={colourClass(code?.colour)}>{code ? COLOUR_TEXT[code.colour][lang] : '—'}</Text>
      </View>
      {code && (
        <Text className='np-muted'>
          {code.issuer} ·{' '}
          {fill(s.since, { at: at(code.history.length ? code.history[code.history.length - 1].at : code.issuedAt) })} ·{' '}
          {code.reason ? fill(s.reason, { reason: code.reason }) : ''} {code.verified ? s.verified : s.unverified}
        </Text>
      )}
      {status === 'loading' && <Text className='np-muted'>{s.loading}</Text>}
      {status === 'timeout' && (
        <Text className='np-error'>
          {s.timeout}
          {code ? s.staleData : ''}
        </Text>
      )}
      {status === 'failed' && (
        <Text className='np-error'>
          {fill(s.failed, { message: result?.error?.message ?? '' })}
          {code ? s.staleData : ''}
        </Text>
      )}
      {code && code.history.length > 1 && (
        <View data-history>
          {code.history.map((h, i) => (
            <View key={`${h.at}.${h.colour}`} data-flagged={flagged.includes(i) ? 'no-reason' : undefined}>
              <Text className='np-muted'>
                {at(h.at)} → {COLOUR_TEXT[h.colour][lang]} · {h.reason ?? s.noReason}
              </Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
