import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { TRUST_LIST_MAX_AGE_MS } from '../../app/services'
import { DEFAULT_SKEW_TOLERANCE_MS } from '../../core/claims'
import { DEFAULT_MAX_AGE_MS } from '../../core/passCodec'
import { provinceName } from '../../core/rules/trip'
import { duration } from '../pass/strings'
import { fill, useI18n, useStrings } from '../../components/useI18n'
import { defineStrings } from '../../i18n'
import { bindingPolicySet, guardOpened, guardPrepared, selectGuard, shcChunksCleared, tallyReset } from './guardSlice'
import { guardTextScanned } from './guardChunks'
import { type ShcChunkSet, shcChunkProgress } from '../../core/foreign/shcChunks'
import { claimState, reasonLabel } from './guardWords'
import { ProvincePicker } from './ProvincePicker'
import { scanPassCode } from './scanPass'
import './guard.css'
import { ErrorText } from '../../components/ErrorText'
import type { SerializedError } from '../../core/errors'
import type { ForeignGuardResult } from './foreignBridge'
import { ForeignVerdict } from './ForeignVerdict'

const S = defineStrings({
  venue: { zh: '本场所所在省份', en: 'This venue’s province' },
  choose: { zh: '请选择省份', en: 'Choose the province' },
  scan: { zh: '扫描通行码', en: 'Scan a pass' },
  paste: { zh: '或粘贴通行码文本', en: 'Or paste the pass text' },
  verify: { zh: '核验', en: 'Verify' },
  admit: { zh: '准予通行', en: 'ADMIT' },
  refuse: { zh: '拒绝通行', en: 'REFUSE' },
  needsAction: { zh: '需处理', en: 'NEEDS ACTION' },
  unknown: { zh: '无法判断', en: 'CANNOT TELL' },
  compare: { zh: '请与身份证核对：', en: 'Compare with the ID card:' },
  idTail: { zh: '证件尾号', en: 'ID ends' },
  age: { zh: '{age}前签发', en: 'issued {age} ago' },
  verified: { zh: '已验签', en: 'verified' },
  notVerified: { zh: '验签失败', en: 'not verified' },
  trustList: { zh: '信任列表 v{v}，{age}前更新', en: 'Trust list v{v}, updated {age} ago' },
  rules: { zh: '入境规则 v{v}，{age}前更新', en: 'Entry rules v{v}, updated {age} ago' },
  stale: { zh: '超过{limit}未更新，请联网刷新', en: 'Older than {limit}: go online to refresh' },
  notReady: {
    zh: '请先选择本场所所在省份：入境规则与信任列表联网下载一次后，即可离线核验',
    en: 'Choose this venue’s province first: its rules and the trust list download once, then passes are checked offline',
  },
  noCache: { zh: '尚无离线数据，请联网加载', en: 'Nothing cached yet: go online to load' },
  refresh: { zh: '刷新', en: 'Refresh' },
  policy: {
    zh: '离线核验：时钟误差容许{skew}；通行码超过{max}视为截图',
    en: 'Verified offline; clocks may differ by {skew}; a pass older than {max} counts as a screenshot',
  },
  tally: {
    zh: '本班次：通行 {a} · 拒绝 {r} · 需处理 {n}',
    en: 'This shift: admitted {a} · refused {r} · needs action {n}',
  },
  reset: { zh: '新班次（清零）', en: 'New shift (reset)' },
  expired: { zh: '已过期', en: 'expired' },
  scannerOn: { zh: '扫码枪模式', en: 'Scanner mode' },
  scannerOff: { zh: '退出扫码枪模式', en: 'Leave scanner mode' },
  scannerHint: {
    zh: '扫码枪模式：扫码枪输入通行码并回车即核验，输入框自动清空，等待下一位',
    en: 'Scanner mode: the scanner types the pass and presses Enter; it is verified, and the box clears for the next person',
  },
  scannerInput: { zh: '扫码枪输入框', en: 'Scanner input' },
  requireBinding: { zh: '要求通行码绑定持有人手机', en: 'Require a pass bound to the holder’s phone' },
  requireBindingOn: {
    zh: '已开启：未绑定的通行码一律拒绝',
    en: 'On: a pass not bound to the holder’s phone is refused',
  },
  requireBindingOff: {
    zh: '未开启：未绑定的通行码照常核验，并提示未绑定',
    en: 'Off: an unbound pass is still judged, and said to be unbound',
  },
  bound: { zh: '已绑定：{s} 秒前由持有人手机出示', en: 'Bound: shown {s} s ago on the holder’s phone' },
  notBound: {
    zh: '未绑定持有人手机（可能是截图或他人手机出示）：请仔细核对身份证',
    en: 'Not bound to the holder’s phone (could be a screenshot or another phone): compare the ID carefully',
  },
})

/** How long the large verdict of a scanner-mode scan stays on screen. */
export const SCANNER_VERDICT_MS = 3000

/** A shape beside each verdict colour, so it never rests on colour alone. */
const VERDICT_SHAPE = { admit: '✔', refuse: '✖', 'needs-action': '⚠', unknown: '?' } as const

/** Guard mode: set the province once, then scan passes one after another. */
export function GuardView() {
  const dispatch = useAppDispatch()
  const g = useAppSelector(selectGuard)
  const { lang } = useI18n()
  const s = useStrings(S)
  const [text, setText] = useState('')
  const [scanner, setScanner] = useState(false)
  const [scannerText, setScannerText] = useState('')
  /** The scanner-mode verdict on show (cleared SCANNER_VERDICT_MS after its scan). */
  const [held, setHeld] = useState<number | null>(null)
  const scans = useRef(0)
  // Keeps the scanner's input focused: a blur (a tap elsewhere) gives the focus back.
  const [focusKey, setFocusKey] = useState(0)
  // H5: hand the focus to the scanner's input whenever scanner mode starts or a scan is done (another element,
  // e.g. a prompt shown at load, may have taken it; the `focus` prop alone only acts on mount).
  // Taro's web <Input> creates its inner <input> a frame or more after React renders, so wait for it (bounded).
  useEffect(() => {
    if (!scanner || process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return
    let frames = 0
    let raf = 0
    const focusField = () => {
      const field = document.querySelector<HTMLInputElement>('[data-input="scanner"] input')
      if (field) {
        if (document.activeElement !== field) field.focus()
        return
      }
      if (frames++ < 120) raf = requestAnimationFrame(focusField)
    }
    focusField()
    return () => cancelAnimationFrame(raf)
  })
  useEffect(() => {
    if (held === null) return
    const t = setTimeout(() => setHeld(null), SCANNER_VERDICT_MS)
    return () => clearTimeout(t)
  }, [held])

  useLoad((params: Record<string, string | undefined>) => {
    const p = params.province
    void dispatch(guardOpened(p && /^\d{6}$/.test(p) ? { province: p } : undefined))
  })

  const verify = (t: string) => {
    if (!t.trim()) return
    void dispatch(guardTextScanned(t.trim())).then(() => {
      if (scanner) {
        scans.current += 1
        setHeld(scans.current)
      }
    })
  }
  const scannerConfirm = (value: string) => {
    verify(value)
    setScannerText('')
  }
  const scan = async () => {
    const t = await scanPassCode()
    if (t) verify(t)
    else Taro.showToast({ title: s.scan, icon: 'none' })
  }
  const now = g.checkedAt
  const stale = (fetchedAt: number) => now - fetchedAt > TRUST_LIST_MAX_AGE_MS
  const last = g.last
  const foreign = (last as ForeignGuardResult | null)?.foreign
  const word = last
    ? last.outcome === 'admit'
      ? s.admit
      : last.outcome === 'refuse'
        ? s.refuse
        : last.outcome === 'unknown'
          ? s.unknown
          : s.needsAction
    : ''

  const scannerCard = (
    <View className='np-card' data-scanner>
      <Text className='np-muted'>{s.scannerHint}</Text>
      <Input
        key={focusKey}
        className='np-input np-scanner-input'
        data-input='scanner'
        aria-label={s.scannerInput}
        value={scannerText}
        focus
        maxlength={-1}
        confirmType='done'
        onInput={(e) => setScannerText(e.detail.value)}
        onConfirm={(e) => scannerConfirm(e.detail.value ?? scannerText)}
        onBlur={() => setFocusKey((k) => k + 1)}
      />
      <View className='np-button np-button-secondary' data-action='scanner-off' onClick={() => setScanner(false)}>
        <Text>{s.scannerOff}</Text>
      </View>
    </View>
  )

  return (
    <View data-guard-status={g.status} data-scanner-mode={scanner ? 'on' : 'off'}>
      {scanner && held !== null && last && (
        <View
          className={`np-verdict np-verdict-${last.outcome} np-scanner-verdict`}
          data-scanner-verdict={last.outcome}
          data-scan={held}
          aria-live='assertive'
        >
          <Text className='np-verdict-word'>
            {VERDICT_SHAPE[last.outcome]} {word}
          </Text>
          {last.holder && (
            <Text className='np-holder'>
              {last.holder.maskedName} · {s.idTail} {last.holder.idTail}
            </Text>
          )}
        </View>
      )}
      {scanner && scannerCard}
      <View className='np-card'>
        <Text className='np-muted'>{s.venue}</Text>
        <ProvincePicker
          name='venue-province'
          value={g.province}
          placeholder={s.choose}
          lang={lang}
          onChange={(p) => void dispatch(guardPrepared({ province: p }))}
        />
        <View data-cache='trust-list'>
          {g.trustList ? (
            <Text className={stale(g.trustList.fetchedAt) ? 'np-warning' : 'np-muted'}>
              {fill(s.trustList, {
                v: g.trustList.version,
                age: duration(Math.max(0, now - g.trustList.fetchedAt), lang),
              })}
              {stale(g.trustList.fetchedAt)
                ? ` — ${fill(s.stale, { limit: duration(Math.max(0, TRUST_LIST_MAX_AGE_MS), lang) })}`
                : ''}
            </Text>
          ) : (
            g.status !== 'idle' && <Text className='np-warning'>{s.noCache}</Text>
          )}
        </View>
        {g.ruleSet && (
          <View data-cache='rules'>
            <Text className={stale(g.ruleSet.fetchedAt) ? 'np-warning' : 'np-muted'}>
              {fill(s.rules, { v: g.ruleSet.version, age: duration(Math.max(0, now - g.ruleSet.fetchedAt), lang) })}
              {stale(g.ruleSet.fetchedAt)
                ? ` — ${fill(s.stale, { limit: duration(Math.max(0, TRUST_LIST_MAX_AGE_MS), lang) })}`
                : ''}
            </Text>
          </View>
        )}
        <ErrorText error={g.error} />
        {g.province && (
          <View
            className='np-button np-button-secondary'
            data-action='refresh'
            onClick={() => void dispatch(guardPrepared({ province: g.province ?? '', refresh: true }))}
          >
            <Text>{s.refresh}</Text>
          </View>
        )}
        <Text className='np-muted'>
          {fill(s.policy, {
            skew: duration(Math.max(0, DEFAULT_SKEW_TOLERANCE_MS), lang),
            max: duration(Math.max(0, DEFAULT_MAX_AGE_MS), lang),
          })}
        </Text>
        <View
          className='np-button np-button-secondary'
          data-action='require-binding'
          data-on={g.requireBinding ? 'on' : 'off'}
          role='switch'
          aria-checked={g.requireBinding}
          aria-label={s.requireBinding}
          onClick={() => void dispatch(bindingPolicySet(!g.requireBinding))}
        >
          <Text>
            {g.requireBinding ? '● ' : '○ '}
            {s.requireBinding}
          </Text>
        </View>
        <Text className='np-muted' data-binding-policy>
          {g.requireBinding ? s.requireBindingOn : s.requireBindingOff}
        </Text>
      </View>

      <ShcChunksProgress chunks={g.shcChunks ?? null} error={g.chunkError ?? null} />
      {last && (
        <View className={`np-verdict np-verdict-${last.outcome}`} data-verdict={last.outcome} aria-live='polite'>
          <Text className='np-verdict-word'>
            {VERDICT_SHAPE[last.outcome]} {word}
          </Text>
          {foreign && <ForeignVerdict info={foreign} />}
          {last.holder && (
            <View data-holder>
              <Text>{s.compare} </Text>
              <Text className='np-holder'>
                {last.holder.maskedName} · {s.idTail} {last.holder.idTail}
              </Text>
            </View>
          )}
          {last.holder && last.bound && last.shownAt !== undefined && (
            <View data-bound='yes'>
              <Text>{fill(s.bound, { s: Math.max(0, Math.round((last.at - last.shownAt) / 1000)) })}</Text>
            </View>
          )}
          {last.holder &&
            last.bound === false &&
            !last.reasons.some(
              (r) => r.code.startsWith('NP_ERR_PASS_BINDING') || r.code === 'NP_ERR_PASS_NOT_BOUND',
            ) && (
              <View data-bound='no'>
                <Text className='np-warning'>{s.notBound}</Text>
              </View>
            )}
          {last.reasons.map((r, i) => (
            <View key={`${r.code}-${i}`} data-reason={r.code} data-rule={r.ruleId ?? ''}>
              <Text>{r.text}</Text>
            </View>
          ))}
        </View>
      )}
      {last && last.claims.length > 0 && (
        <View className='np-card'>
          {last.claims.map((c, i) => (
            <View key={`${c.typ}-${i}`} className='np-row' data-claim={c.typ}>
              <Text>
                {provinceName(c.iss, lang)} · {c.summary}
              </Text>
              <Text
                className={{ verified: 'np-green', expired: 'np-yellow', 'not-verified': 'np-red' }[claimState(c)]}
                data-claim-state={claimState(c)}
              >
                {
                  { verified: `✔ ${s.verified}`, expired: `⏱ ${s.expired}`, 'not-verified': `✖ ${s.notVerified}` }[
                    claimState(c)
                  ]
                }{' '}
                · {fill(s.age, { age: duration(Math.max(0, c.ageMs), lang) })}
              </Text>
            </View>
          ))}
        </View>
      )}

      {!(g.province && g.trustList && g.ruleSet) && (
        <View className='np-card' data-guard-not-ready>
          <Text className='np-warning'>{s.notReady}</Text>
        </View>
      )}
      <View className='np-card'>
        {!scanner && (
          <View className='np-button np-button-secondary' data-action='scanner-on' onClick={() => setScanner(true)}>
            <Text>{s.scannerOn}</Text>
          </View>
        )}
        <View className='np-button' data-action='scan' onClick={() => void scan()}>
          <Text>{s.scan}</Text>
        </View>
        <Text className='np-muted'>{s.paste}</Text>
        <Textarea
          className='np-input np-textarea'
          data-input='pass-text'
          aria-label={s.paste}
          value={text}
          maxlength={-1}
          onInput={(e) => setText(e.detail.value)}
        />
        <View
          className='np-button'
          data-action='verify'
          onClick={() => {
            verify(text)
            setText('')
          }}
        >
          <Text>{s.verify}</Text>
        </View>
      </View>

      <View className='np-card' data-tally>
        <Text>{fill(s.tally, { a: g.tally.admitted, r: g.tally.refused, n: g.tally.needsAction })}</Text>
        {Object.entries(g.tally.reasons).map(([k, n]) => (
          <View key={k} className='np-row np-muted' data-tally-reason={k}>
            <Text>{reasonLabel(k, g.ruleSet?.value.rules ?? [], lang)}</Text>
            <Text>{n}</Text>
          </View>
        ))}
        <View
          className='np-button np-button-secondary'
          data-action='reset-tally'
          onClick={() => void dispatch(tallyReset())}
        >
          <Text>{s.reset}</Text>
        </View>
      </View>
    </View>
  )
}

const CHUNK_WORDS = defineStrings({
  parts: {
    zh: '健康卡二维码已读取 {have}/{total} 张：请继续扫描其余二维码',
    en: 'Health card: {have} of {total} QR codes read; scan the others',
  },
  restart: { zh: '重新开始', en: 'Start again' },
})

/** A multi-QR SMART Health Card being read: "2 of 3", and why a part was refused. */
function ShcChunksProgress({ chunks, error }: { chunks: ShcChunkSet | null; error: SerializedError | null }) {
  const s = useStrings(CHUNK_WORDS)
  const dispatch = useAppDispatch()
  if (!chunks && !error) return null
  const p = chunks ? shcChunkProgress(chunks) : null
  return (
    <View className='np-card' data-chunks={p ? `${p.have}/${p.total}` : 'refused'} aria-live='polite'>
      {p && <Text className='np-yellow'>{fill(s.parts, p)}</Text>}
      <ErrorText error={error} />
      <Text className='np-tap' data-action='chunks-restart' onClick={() => dispatch(shcChunksCleared())}>
        {s.restart}
      </Text>
    </View>
  )
}
