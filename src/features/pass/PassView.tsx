import { Image, Picker, Text, View } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import { DEFAULT_MAX_AGE_MS, isBoundPass } from '../../core/passCodec'
import { useDidHide, useDidShow } from '@tarojs/taro'
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { afterNextPaint } from '../../platform/firstFrame'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import type { Colour } from '../../core/model'
import type { Lang, Verdict } from '../../core/rules/types'
import { ErrorText } from '../../components/ErrorText'
import { goTo } from '../../components/Screen'
import { fill, useStrings } from '../../components/useI18n'
import { currentProvinceChosen, selectCurrentProvince, selectElder, selectLang } from '../settings/settingsSlice'
import { type PersonRecord, selectConsents, setConsent } from '../identity/identitySlice'
import {
  disagreement,
  mergeTests,
  mergeVaccinations,
  boundPassText,
  passIssuedAt,
  type ProvinceResult,
  unexplainedChanges,
  usableCodes,
  verdictFor,
} from './passLogic'
import {
  destinationChosen,
  selectDestination,
  selectPassOf,
  selectRules,
  selectSavedDisplay,
  selectSkewMs,
} from './passSlice'
import { Authority, colourClass } from './AuthorityCard'
import { SavedColour } from './SavedColour'
import {
  CURRENT_LEAD_MS,
  loadRules,
  passOpened,
  phoneKeyHeld,
  refreshPass,
  serverNow,
  withdrawConsent,
} from './passThunks'
import { COLOUR_SHAPE, COLOUR_TEXT, duration, PROVINCES, passStrings, provinceName } from './strings'
import { DeclareLink, NextStepsCard, PopUpCard } from '../national/ActionCards'
import { ItineraryCard } from '../national/ItineraryCard'
import { ForeignCertsCard } from '../foreign/ForeignCertsCard'
import { selectItinerary, selectRiskAreas } from '../national/nationalSlice'
import { itineraryStays, riskAreaRuleValueSets } from '../../core/itinerary'
import {
  countdownText,
  failsOnTests,
  formatWhen,
  nobodyKnows,
  PROVINCE_RANGE,
  provinceIndex,
  readerText,
  testFactsText,
  withoutPending,
} from './viewLogic'

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

/**
 * A bound QR is re-signed this often while the page is visible (a guard
 * refuses it {@link BINDING_WINDOW_MS} after it was shown): well under the
 * 60 s window, so a QR on screen is never older than 15 s plus clock drift.
 */
export const PASS_RESIGN_MS = 15_000

/**
 * When the bound QR was signed: server-corrected time (`now`), renewed every
 * {@link PASS_RESIGN_MS} while `active` and the page is visible; no timer
 * while hidden (another page, the app in the background, an H5 tab hidden)
 * or unmounted. On showing again it re-signs at once.
 */
function useShownAt(active: boolean, now: () => number): number {
  const [shownAt, setShownAt] = useState(now)
  const [visible, setVisible] = useState(true)
  useDidShow(() => setVisible(true))
  useDidHide(() => setVisible(false))
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return
    const onChange = () => setVisible(document.visibilityState !== 'hidden')
    document.addEventListener('visibilitychange', onChange)
    return () => document.removeEventListener('visibilitychange', onChange)
  }, [])
  useEffect(() => {
    if (!active || !visible) return
    setShownAt(now())
    const t = setInterval(() => setShownAt(now()), PASS_RESIGN_MS)
    return () => clearInterval(t)
  }, [active, visible, now])
  return shownAt
}

/**
 * The QR image of `text`, drawn after the next paint (issue 16: encoding takes tens of ms, and the colour must not
 * wait for it): until then the image of the previous text stays, with that text as its `data-pass`. With no text
 * there is no image at once (a QR that should be gone is never painted again).
 */
function useDrawnQr(text: string | null): { text: string; uri: string; px: number } | null {
  const [drawn, setDrawn] = useState<{ text: string; uri: string; px: number } | null>(null)
  useEffect(() => {
    if (!text) {
      setDrawn(null)
      return
    }
    let live = true
    afterNextPaint(() => {
      if (live) setDrawn({ text, ...qrDataUri(text) })
    })
    return () => {
      live = false
    }
  }, [text])
  return text ? drawn : null
}

/**
 * Whether the whole view is drawn yet (issue 16). Its first render is lean — the status, the verdict, the QR and
 * the current province's row — and the rest (the other rows, the itinerary, tests, doses, consents: hundreds of
 * elements, ~100 ms to create and lay out on a cheap phone) follows once `ready` (the current province answered)
 * or CURRENT_LEAD_MS after mounting, whichever is first, and after that frame is painted: a cold start's first
 * answer is no longer queued behind drawing the rest.
 */
function useWholeView(ready: boolean): boolean {
  const [whole, setWhole] = useState(false)
  const [waited, setWaited] = useState(false)
  useEffect(() => {
    const t = setTimeout(() => setWaited(true), CURRENT_LEAD_MS)
    return () => clearTimeout(t)
  }, [])
  useEffect(() => {
    if (whole || !(ready || waited)) return
    let live = true
    afterNextPaint(() => {
      if (live) setWhole(true)
    })
    return () => {
      live = false
    }
  }, [whole, ready, waited])
  return whole
}

/** The QR as a data URI and its natural width in px (4 px per module, 8 px margins). */
function qrDataUri(text: string): { uri: string; px: number } {
  const qr = qrcode(0, 'L')
  qr.addData(text, 'Alphanumeric')
  qr.make()
  // A base64 GIF (a few KB) rather than an SVG data URI (~95 KB): it travels through the mini-programs'
  // setData on every refresh, and <image> on WeChat and Alipay takes base64 data URIs.
  return { uri: qr.createDataURL(4, 8), px: qr.getModuleCount() * 4 + 16 }
}

/**
 * Shown at least 260 px wide, and never below its natural size: a bound pass
 * (QR version 15, 77 modules) scaled down to 260 px blurs its modules to
 * ~3 px, which cameras misread.
 */
const qrSide = (px: number): string => `${Math.max(260, px)}px`

/**
 * A province picker. Memoised with props that stay equal between the page's
 * once-a-second renders (the range is a module constant per language): a
 * picker given a new `range` resets its wheel while the traveller turns it.
 */
const ProvincePicker = memo(function ProvincePicker({
  name,
  province,
  lang,
  label,
  onPick,
}: {
  name: string
  province: string | null
  lang: Lang
  /** The whole line shown, e.g. `You are in: Guangdong ▾`. */
  label: string
  onPick: (code: string) => void
}) {
  return (
    <View data-picker={name} data-picked={province ?? ''}>
      <Picker
        mode='selector'
        range={PROVINCE_RANGE[lang] as string[]}
        value={provinceIndex(province)}
        onChange={(e) => onPick(PROVINCES[Number(e.detail.value)].code)}
      >
        <Text className='np-muted'>{label}</Text>
      </Picker>
    </View>
  )
})

/** A headline or destination verdict with what lies behind it, evaluated once a minute. */
interface Judged {
  v: Verdict
  /** The outcome at `v.until`, when that is within a day of a non-admitting verdict. */
  atUntil: Verdict['outcome'] | null
  /** Admitted only because a pending result lets the previous negative count. */
  pendingAdmits: boolean
}

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
  // The start-up frame's saved colour stays on top, with its age, until this pass is verified again.
  const display = useAppSelector(selectSavedDisplay)
  // Verified again: a province answered this session with a verified code (a saved row's answer is older than the record).
  const verifiedAgain =
    display != null &&
    Object.values(pass?.provinces ?? {}).some(
      (r) => r.status === 'done' && r.healthCode?.verified && (r.at ?? 0) > display.savedAt,
    )
  const savedCard =
    display && display.personId === person.id && !verifiedAgain ? (
      <SavedColour
        display={display}
        now={now}
        refreshing={pass?.refreshing !== false || (pass?.refreshedAt == null && !pass?.offline)}
        lang={lang}
      />
    ) : null

  // The page started this before the view's first render (`passOpened`): the one under way is shared.
  useEffect(() => {
    void dispatch(passOpened(person.id))
  }, [dispatch, person.id])
  const whole = useWholeView(!pass?.refreshing || pass.provinces[current]?.status !== 'loading')
  // The rules once the whole view is drawn: verifying and checking a rule set took the main thread while a cold
  // start's first answer waited (issue 16); the verdict says "rules loading" until then.
  useEffect(() => {
    if (whole) void dispatch(loadRules(current))
  }, [dispatch, current, whole])
  useEffect(() => {
    if (whole && destination) void dispatch(loadRules(destination))
  }, [dispatch, destination, whole])
  const stale = pass?.refreshedAt != null && now - pass.refreshedAt > PASS_REFRESH_MS
  useEffect(() => {
    if (stale && !pass?.refreshing && !pass?.offline) void dispatch(refreshPass({ personId: person.id }))
  }, [stale, pass?.refreshing, pass?.offline, dispatch, person.id])

  const results = useMemo(() => Object.values(pass?.provinces ?? {}), [pass?.provinces])
  const minute = Math.floor(now / 60_000)
  // The verified itinerary and the verified risk-area lists feed the rules (payload.itinerary, valueSets.riskAreas).
  const itinerary = useAppSelector((st) => selectItinerary(st, person.id))?.itinerary
  const riskLists = useAppSelector(selectRiskAreas)
  const national = useMemo(
    () => ({
      ...(itinerary?.verified ? { itinerary: itineraryStays(itinerary) } : {}),
      valueSets: riskAreaRuleValueSets(Object.values(riskLists), minute * 60_000),
    }),
    [itinerary, riskLists, minute],
  )
  const verdictOf = (province: string | null): Judged | null => {
    const set = province ? rules[province]?.set : undefined
    if (!province || !set || !results.length) return null
    // Evaluated at `now`, not at the minute's start: a code issued seconds ago would not count yet.
    const v = verdictFor(results, person.identity, set, province, now, lang, national)
    const atUntil =
      v.outcome !== 'admit' && v.until != null && v.until - now <= 24 * 3_600_000 + 60_000
        ? verdictFor(results, person.identity, set, province, v.until, lang, national).outcome
        : null
    const pendingAdmits =
      v.outcome === 'admit' &&
      results.some((r) => r.tests.some((t) => t.outcome === 'pending')) &&
      verdictFor(withoutPending(results), person.identity, set, province, now, lang, national).outcome !== 'admit'
    return { v, atUntil, pendingAdmits }
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-evaluated once a minute, not every second
  const headline = useMemo(() => verdictOf(current), [results, rules, current, minute, lang, national])
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above
  const destVerdict = useMemo(() => verdictOf(destination), [results, rules, destination, minute, lang, national])
  // While provinces are still answering, keep showing the last complete QR: one built from half the
  // answers could leave out a yellow code or the current province's own.
  const anyLoading = (pass?.asked ?? []).some((p) => pass?.provinces[p]?.status === 'loading')
  const lastResults = useRef<ProvinceResult[] | null>(null)
  const shownResults = anyLoading ? lastResults.current : results
  useEffect(() => {
    if (!anyLoading) lastResults.current = results
  }, [anyLoading, results])
  const itineraryClaim = itinerary?.verified ? itinerary.claim : undefined
  // Nothing more will change the QR's content: refreshed, its itinerary read and no pass bundle on the way.
  const itineraryLoading = useAppSelector((st) => selectItinerary(st, person.id))?.status === 'loading'
  const settled = !!pass && !pass.refreshing && pass.refreshedAt !== null && !pass.bundlesInFlight && !itineraryLoading
  // Holder binding: this phone's key (made at sign-in) signs the QR when a province certified it for this person.
  const certified = (shownResults ?? []).some((r) => r.deviceKeyClaim)
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read when a certificate arrives (the key is made at sign-in)
  const phone = useMemo(() => (certified ? dispatch(phoneKeyHeld()) : null), [dispatch, certified, pass?.refreshedAt])
  const clockNow = useCallback(() => dispatch(serverNow()), [dispatch])
  const shownAt = useShownAt(phone !== null, clockNow)
  const text = useMemo(
    () => (shownResults ? boundPassText(shownResults, current, person.identity, itineraryClaim, phone, shownAt) : null),
    [shownResults, current, person.identity, itineraryClaim, phone, shownAt],
  )
  // NP2, or NP3 with the phone's trailer (once the authorities' pass bundles arrived).
  const bound = useMemo(() => (text ? isBoundPass(text) : false), [text])
  // Authorities whose code this verdict could not see, and why: shown beside every verdict.
  const missing = PROVINCES.flatMap((p) => {
    if (!consents[p.code]) return [{ code: p.code, why: s.whyConsent }]
    const r = pass?.provinces[p.code]
    if (r?.healthCode) return []
    if (!r || r.status === 'loading') return [{ code: p.code, why: s.whyLoading }]
    if (r.status === 'timeout' || r.status === 'failed') return [{ code: p.code, why: s.whyFailed }]
    return []
  })
  // Provinces that did not answer this refresh but whose earlier answer the verdict still uses.
  const staleRows = (pass?.asked ?? []).flatMap((p) => {
    const r = pass?.provinces[p]
    return r?.healthCode && (r.status === 'timeout' || r.status === 'failed') ? [r] : []
  })
  const staleText = staleRows.length
    ? fill(s.restsOnStale, {
        list: staleRows
          .slice(0, 6)
          .map((r) => `${provinceName(r.province, lang)}（${duration(now - (r.at ?? now), lang)}）`)
          .join(lang === 'zh' ? '、' : ', ')
          .concat(staleRows.length > 6 ? (lang === 'zh' ? '等' : ', …') : ''),
      })
    : null
  const missingText = missing.length
    ? fill(s.incomplete, {
        n: missing.length,
        list: missing
          .slice(0, 6)
          .map((m) => `${provinceName(m.code, lang)}（${m.why}）`)
          .join(lang === 'zh' ? '、' : ', ')
          .concat(missing.length > 6 ? (lang === 'zh' ? '等' : ', …') : ''),
      })
    : null
  const qr = useDrawnQr(text)
  const issuedAt = passIssuedAt(results)
  const tests = useMemo(() => mergeTests(results), [results])
  const unknownPerson = useMemo(() => !pass?.offline && nobodyKnows(results), [results, pass?.offline])
  const pickHere = useCallback((c: string) => void dispatch(currentProvinceChosen(c)), [dispatch])
  const pickDestination = useCallback((c: string) => void dispatch(destinationChosen(c)), [dispatch])
  const at = (ms: number) => formatWhen(ms, now, lang)
  const pickerLabel = (label: string, province: string | null) =>
    `${label}${lang === 'zh' ? '：' : ': '}${province ? provinceName(province, lang) : s.pick} ▾`

  const asked = pass?.asked ?? []
  // Verified greens with nothing to flag fold into one line; anything else is always shown.
  const quietGreens = asked.filter((p) => {
    const r = pass?.provinces[p]
    const c = r?.healthCode
    return (
      r?.status === 'done' &&
      c?.verified &&
      c.colour === 'green' &&
      c.popUps.length === 0 &&
      unexplainedChanges(c).length === 0
    )
  })
  const answered = asked.filter((p) => pass?.provinces[p] && pass.provinces[p].status !== 'loading').length
  const failedCount = asked.filter((p) => ['timeout', 'failed'].includes(pass?.provinces[p]?.status ?? '')).length
  const refresh = () => void dispatch(refreshPass({ personId: person.id }))

  const status = (
    <View className='np-card' data-section='status'>
      <View className='np-row'>
        <Text data-progress={`${answered}/${asked.length}`}>
          {fill(s.answered, { n: answered - failedCount, m: asked.length })}
          {failedCount ? fill(s.failedCount, { f: failedCount }) : ''}
        </Text>
        <Text className='np-muted np-tap' data-action='family' onClick={() => goTo('family')}>
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

  const verdictCard = (
    province: string | null,
    judged: Judged | null,
    section: 'headline' | 'destination',
    picker: (code: string) => void,
  ) => {
    const v = judged?.v
    const set = province ? rules[province]?.set : undefined
    const countdown = v ? countdownText(v, now, lang, s, judged.atUntil) : null
    const pending = judged?.pendingAdmits ? tests.find((t) => t.outcome === 'pending') : undefined
    return (
      <View className='np-card' data-section={section}>
        <ProvincePicker
          name={section === 'headline' ? 'here' : 'destination'}
          province={province}
          lang={lang}
          label={pickerLabel(section === 'headline' ? s.here : s.destination, province)}
          onPick={picker}
        />
        {province && !v && (
          <View>
            {rules[province]?.status === 'failed' ? (
              <View data-rules-failed>
                <Text className='np-error'>{s.rulesFailed}</Text>
                <ErrorText error={rules[province]?.error} />
              </View>
            ) : (
              <Text className='np-muted'>{s.rulesLoading}</Text>
            )}
          </View>
        )}
        {v && (
          <View data-verdict={v.outcome}>
            <Text
              className={`np-big ${v.outcome === 'admit' ? 'np-green' : v.outcome === 'refuse' ? 'np-red' : v.outcome === 'unknown' ? 'np-muted' : 'np-yellow'}`}
            >
              {{ admit: '✔', refuse: '✖', 'needs-action': '⚠', unknown: '?' }[v.outcome]} {s[v.outcome]}
            </Text>
            {v.unknown && (
              <View data-unknown={v.unknown.cause}>
                <Text>{v.unknown.text}</Text>
              </View>
            )}
            {missingText && (
              <View data-incomplete={missing.length}>
                <Text className='np-yellow'>{missingText}</Text>
              </View>
            )}
            {staleText && (
              <View data-rests-on-stale={staleRows.length}>
                <Text className='np-yellow'>{staleText}</Text>
              </View>
            )}
            {v.reasons.map((r) => (
              <View key={r.ruleId} data-rule={r.ruleId}>
                <Text>{r.text}</Text>
                {r.action === 'declare' && <DeclareLink province={province} />}
                {r.distance?.text && (
                  <Text className='np-muted' data-distance>
                    {' '}
                    ({r.distance.text})
                  </Text>
                )}
              </View>
            ))}
            {failsOnTests(v, set) && (
              <View data-facts='tests'>
                <Text className='np-muted'>{testFactsText(tests, now, lang, s)}</Text>
              </View>
            )}
            {pending && (
              <View data-facts='pending-admits'>
                <Text className='np-muted'>
                  {fill(s.pendingAdmits, { kind: pending.kind.toUpperCase(), sampled: at(pending.sampledAt) })}
                </Text>
              </View>
            )}
            {countdown && (
              <View data-countdown>
                <Text className='np-muted'>{countdown}</Text>
              </View>
            )}
          </View>
        )}
      </View>
    )
  }

  const clock = new Date(now + 8 * 3_600_000).toISOString().slice(11, 19)
  // The colour a guard will see: the pass carries every red or yellow code, so the worst verified one.
  const rank: Record<Colour, number> = { green: 0, yellow: 1, red: 2 }
  const passColour = usableCodes(results)
    .filter((c) => c.verified)
    .reduce<Colour | null>((w, c) => (w === null || rank[c.colour] > rank[w] ? c.colour : w), null)
  // One line per fact: Taro's <Text> is inline, so each sits in its own <View>.
  const qrCard = (
    <View className='np-card np-qr' data-section='qr'>
      <View>
        <Text className='np-muted'>{fill(s.person, { name: person.identity.name })}</Text>
      </View>
      <ProvincePicker
        name='qr-province'
        province={current}
        lang={lang}
        label={pickerLabel(s.forUseIn, current)}
        onPick={pickHere}
      />
      {qr ? (
        <View
          className={`np-qr-box np-qr-frame-${passColour ?? 'none'}`}
          data-pass={qr.text}
          data-pass-settled={settled && qr.text === text ? '1' : '0'}
          data-qr-colour={passColour ?? ''}
          role='img'
          aria-label={fill(s.qrLabel, {
            name: person.identity.name,
            colour: passColour ? COLOUR_TEXT[passColour][lang] : '—',
          })}
        >
          {passColour && (
            <View className='np-qr-colour' data-qr-colour-word>
              <Text>
                {fill(s.qrColour, { shape: COLOUR_SHAPE[passColour], colour: COLOUR_TEXT[passColour][lang] })}
              </Text>
            </View>
          )}
          <Image
            className='np-qr-image'
            src={qr.uri}
            style={elder ? {} : { width: qrSide(qr.px), height: qrSide(qr.px) }}
            mode='aspectFit'
            aria-hidden
          />
          <View className='np-qr-live' aria-hidden>
            <View className='np-qr-live-bar' />
          </View>
        </View>
      ) : (
        <View data-qr-none>
          <Text className='np-muted'>{anyLoading ? s.qrWaiting : s.qrNone}</Text>
        </View>
      )}
      <View>
        <Text className='np-big' data-clock>
          {clock}
        </Text>
      </View>
      {issuedAt && (
        <View>
          <Text className='np-muted'>{fill(s.qrFresh, { s: Math.max(0, Math.round((now - issuedAt) / 1000)) })}</Text>
        </View>
      )}
      {bound && (
        <View data-qr-bound={shownAt}>
          <Text className='np-muted'>
            {fill(s.qrBound, {
              s: Math.max(0, Math.round((now - shownAt) / 1000)),
              every: Math.round(PASS_RESIGN_MS / 1000),
            })}
          </Text>
        </View>
      )}
      {text && issuedAt && now - issuedAt > DEFAULT_MAX_AGE_MS && (
        <View data-qr-old>
          <Text className='np-yellow'>{fill(s.qrOld, { age: duration(now - issuedAt, lang) })}</Text>
        </View>
      )}
    </View>
  )

  const nobodyCard = (
    <View className='np-card' data-section='unknown-person'>
      <View>
        <Text className='np-big np-yellow'>{s.nobody}</Text>
      </View>
      <View>
        <Text className='np-muted'>{s.nobodyHint}</Text>
      </View>
    </View>
  )

  if (elder) {
    return (
      <View data-elder>
        {savedCard}
        {!unknownPerson && qrCard}
        {unknownPerson ? nobodyCard : verdictCard(current, headline, 'headline', pickHere)}
        {status}
        <PopUpCard codes={usableCodes(results)} lang={lang} />
        <NextStepsCard codes={usableCodes(results)} lang={lang} at={at} />
      </View>
    )
  }

  // Only verified codes take part: an unsigned code is not counted among "the others".
  const d = disagreement(usableCodes(results).filter((c) => c.verified))
  const unsignedCount = usableCodes(results).filter((c) => !c.verified).length
  const doses = mergeVaccinations(results)
  const colourText = (c: Colour) => COLOUR_TEXT[c][lang]

  return (
    <View>
      {savedCard}
      {status}
      {unknownPerson ? nobodyCard : verdictCard(current, headline, 'headline', pickHere)}
      {whole && !unknownPerson && verdictCard(destination, destVerdict, 'destination', pickDestination)}
      {!unknownPerson && qrCard}
      {whole && <PopUpCard codes={usableCodes(results)} lang={lang} />}
      {whole && <NextStepsCard codes={usableCodes(results)} lang={lang} at={at} />}
      {whole && d && (
        <View className='np-card' data-section='disagreement'>
          <Text className='np-big np-yellow'>{s.disagree}</Text>
          {d.dissent.map((x) => (
            <View key={x.province} data-dissent={x.province}>
              <Text className={colourClass(x.colour)}>
                {fill(s.dissentLine, {
                  province: provinceName(x.province, lang),
                  colour: colourText(x.colour),
                  at: at(x.since),
                  reason: x.reason ? fill(s.reason, { reason: readerText(x.reason, lang) }) : s.noReason,
                })}
              </Text>
            </View>
          ))}
          <View data-others={d.majorityCount}>
            <Text>{fill(s.others, { n: d.majorityCount, colour: colourText(d.majority) })}</Text>
          </View>
          {unsignedCount > 0 && (
            <View data-unsigned-apart={unsignedCount}>
              <Text className='np-muted'>{fill(s.unsignedApart, { n: unsignedCount })}</Text>
            </View>
          )}
        </View>
      )}
      {whole && <ItineraryCard personId={person.id} now={now} />}
      {whole && <ForeignCertsCard personId={person.id} now={now} />}
      <View className='np-card' data-section='authorities'>
        <Text className='np-big'>{s.authorities}</Text>
        {quietGreens.length > 1 && (
          <View className='np-row np-tap-row' data-action='toggle-greens' onClick={() => setShowGreens(!showGreens)}>
            <Text className='np-green'>{fill(s.allGreen, { n: quietGreens.length })}</Text>
            <Text className='np-muted'>{showGreens ? s.hide : s.show}</Text>
          </View>
        )}
        {pass?.offline && failedCount > 0 && (
          <View data-offline-rows={failedCount}>
            <Text className='np-error'>{fill(s.offlineRows, { n: failedCount })}</Text>
          </View>
        )}
        {(whole ? asked : asked.filter((p) => p === current)).map((p) => (
          <View key={p} className={!showGreens && quietGreens.length > 1 && quietGreens.includes(p) ? 'np-hidden' : ''}>
            <Authority
              result={pass?.provinces[p]}
              province={p}
              lang={lang}
              s={s}
              at={at}
              now={now}
              offline={pass?.offline ?? false}
            />
          </View>
        ))}
      </View>
      {whole && (
        <>
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
          <View className='np-card' data-section='consent'>
            <Text>{s.consent}</Text>
            {PROVINCES.map((p) => (
              <View key={p.code} className='np-row' data-consent={p.code}>
                <Text>{p[lang]}</Text>
                <Text
                  className='np-muted np-tap'
                  data-action='consent'
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
        </>
      )}
    </View>
  )
}
