import { Input, Text, View } from '@tarojs/components'
import { useLoad } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import type { DeclarationField, ProvinceCode } from '../../core/model'
import { formatShanghai } from '../../core/rules/time'
import { provinceName } from '../../core/rules/trip'
import { fill, useI18n, useStrings } from '../../components/useI18n'
import { defineStrings } from '../../i18n'
import { ProvincePicker } from '../guard/ProvincePicker'
import { restoreIdentity, selectActivePerson, selectIdentityStatus } from '../identity/identitySlice'
import { SignIn } from '../identity/SignIn'
import {
  declarationSubmitted,
  declarationsFlushed,
  declarationsRestored,
  formLoaded,
  selectDeclare,
} from './declareSlice'
import { cleanAnswers, validateAnswers } from './validateAnswers'
import { errorText } from '../../core/errors'

const S = defineStrings({
  province: { zh: '申报进入的省份', en: 'Province you are entering' },
  choose: { zh: '请选择省份', en: 'Choose the province' },
  submit: { zh: '提交申报', en: 'Submit the declaration' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  optional: { zh: '（选填）', en: ' (optional)' },
  queued: { zh: '已保存，联网后自动提交（{n}份待发送）', en: 'Saved; sent automatically when online ({n} waiting)' },
  receipt: {
    zh: '{province} 已受理 {name} 的申报 · 回执 {id} · {at}',
    en: '{province} received the declaration of {name} · receipt {id} · {at}',
  },
  validUntil: { zh: '有效至{t}', en: 'valid until {t}' },
  refused: { zh: '{province} 未受理：{message}', en: '{province} refused it: {message}' },
  loading: { zh: '正在获取申报表…', en: 'Loading the form…' },
})

const REFRESH_MS = 3000

/** One form field, rendered from its type. */
function Field({
  f,
  value,
  problem,
  lang,
  onChange,
}: { f: DeclarationField; value: string; problem?: string; lang: 'zh' | 'en'; onChange: (v: string) => void }) {
  const s = useStrings(S)
  const label = `${f.label[lang]}${f.required ? '' : s.optional}`
  const choices =
    f.type === 'boolean'
      ? [
          { value: 'true', label: { zh: s.yes, en: s.yes } },
          { value: 'false', label: { zh: s.no, en: s.no } },
        ]
      : f.options
  return (
    <View data-decl-field={f.key}>
      <Text className='np-muted'>{label}</Text>
      {f.type === 'select' || f.type === 'boolean' ? (
        <View className='np-province-grid'>
          {(choices ?? []).map((o) => (
            <View
              key={o.value}
              className={`np-chip ${o.value === value ? 'np-chip-on' : ''}`}
              data-choice={o.value}
              onClick={() => onChange(o.value)}
            >
              <Text>{o.label[lang]}</Text>
            </View>
          ))}
        </View>
      ) : (
        <Input
          className='np-input'
          type={f.type === 'phone' ? 'number' : 'text'}
          aria-label={label}
          placeholder={f.type === 'date' ? 'YYYY-MM-DD' : f.type === 'datetime' ? 'YYYY-MM-DD HH:mm' : ''}
          value={value}
          onInput={(e) => onChange(e.detail.value)}
        />
      )}
      {problem && (
        <Text className='np-error' data-problem={f.key}>
          {problem}
        </Text>
      )}
    </View>
  )
}

/** Arrival declaration: the province's own form, rendered generically; queued when offline. */
export function DeclareView() {
  const dispatch = useAppDispatch()
  const s = useStrings(S)
  const { lang } = useI18n()
  const d = useAppSelector(selectDeclare)
  const person = useAppSelector(selectActivePerson)
  const people = useAppSelector((st) => st.identity.people)
  const identityStatus = useAppSelector(selectIdentityStatus)
  const [province, setProvince] = useState<ProvinceCode | null>(null)
  const [answers, setAnswers] = useState<Record<string, string>>({})
  const [problems, setProblems] = useState<Record<string, string>>({})

  const choose = (p: ProvinceCode) => {
    setProvince(p)
    setAnswers({})
    setProblems({})
    void dispatch(formLoaded(p))
  }
  useLoad((params: Record<string, string | undefined>) => {
    if (params.province && /^\d{6}$/.test(params.province)) choose(params.province)
  })
  useEffect(() => {
    if (identityStatus === 'idle') void dispatch(restoreIdentity())
  }, [dispatch, identityStatus])
  useEffect(() => {
    void dispatch(declarationsRestored()).then(() => dispatch(declarationsFlushed()))
  }, [dispatch])
  const waiting = d.queue.length
  useEffect(() => {
    if (!waiting) return
    const t = setInterval(() => void dispatch(declarationsFlushed()), REFRESH_MS)
    return () => clearInterval(t)
  }, [dispatch, waiting])

  const entry = province ? d.forms[province] : undefined
  const form = entry?.form
  const submit = () => {
    if (!form || !province || !person) return
    const found = validateAnswers(form, answers, lang)
    setProblems(found)
    if (Object.keys(found).length) return
    void dispatch(declarationSubmitted({ province, personId: person.id, answers: cleanAnswers(form, answers) }))
    setAnswers({})
  }

  return (
    <View data-declare-queue={waiting}>
      {!person && identityStatus !== 'loading' && <SignIn />}
      <View className='np-card'>
        <Text className='np-muted'>{s.province}</Text>
        <ProvincePicker name='declare-province' value={province} placeholder={s.choose} lang={lang} onChange={choose} />
        {entry?.status === 'loading' && !form && <Text className='np-muted'>{s.loading}</Text>}
        {entry?.error && (
          <Text className='np-error' data-error={entry.error.code}>
            {errorText(entry.error, lang)}
          </Text>
        )}
      </View>
      {form && person && (
        <View className='np-card' data-form={form.province}>
          <Text className='np-big'>{form.title[lang]}</Text>
          {form.fields.map((f) => (
            <Field
              key={f.key}
              f={f}
              value={answers[f.key] ?? ''}
              problem={problems[f.key]}
              lang={lang}
              onChange={(v) => setAnswers({ ...answers, [f.key]: v })}
            />
          ))}
          <View className='np-button' data-action='submit-declaration' onClick={submit}>
            <Text>{s.submit}</Text>
          </View>
        </View>
      )}
      {waiting > 0 && (
        <View className='np-card' data-queued={waiting}>
          <Text className='np-warning'>{fill(s.queued, { n: waiting })}</Text>
        </View>
      )}
      {d.receipts.map((r) => (
        <View key={r.idempotencyKey} className='np-card' data-receipt={r.receiptId}>
          <Text>
            {fill(s.receipt, {
              province: provinceName(r.province, lang),
              name: people.find((p) => p.id === r.personId)?.identity.name ?? r.personId,
              id: r.receiptId,
              at: formatShanghai(r.at, lang),
            })}
          </Text>
          {r.validUntil !== undefined && (
            <Text className='np-muted'> · {fill(s.validUntil, { t: formatShanghai(r.validUntil, lang) })}</Text>
          )}
        </View>
      ))}
      {d.failed.map((f) => (
        <View key={f.idempotencyKey} className='np-card' data-refused={f.error.code}>
          <Text className='np-error'>
            {fill(s.refused, { province: provinceName(f.province, lang), message: errorText(f.error, lang) })}
          </Text>
        </View>
      ))}
    </View>
  )
}
