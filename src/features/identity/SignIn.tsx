import { Input, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { ErrorText } from '../../components/ErrorText'
import { useI18n, useStrings } from '../../components/useI18n'
import { defineStrings } from '../../i18n'
import {
  addPersonFromForm,
  identityErrorCleared,
  loadDemoPeople,
  requestSmsCode,
  selectDemoPeople,
  selectSms,
  selectIdentityError,
  selectPersonFormErrors,
  signInWithCode,
} from './identitySlice'
import { isDemoBuild, superAppLoginCode } from './superAppLogin'
import { PERSON_FIELD_LABELS, type PersonField, personFieldText } from './validate'

export const identityStrings = defineStrings({
  title: { zh: '一次登记，全国通行', en: 'Register once, valid everywhere' },
  superApp: { zh: '一键授权登录', en: 'Sign in with one tap' },
  name: PERSON_FIELD_LABELS.name,
  idNumber: PERSON_FIELD_LABELS.idNumber,
  phone: PERSON_FIELD_LABELS.phone,
  consent: {
    zh: '我同意各省健康码服务在查询时获得我的身份信息（可按省撤回）',
    en: 'I consent to each province’s health-code service receiving my identity for queries (withdrawable per province)',
  },
  submit: { zh: '保存并查询', en: 'Save and look up' },
  demo: { zh: '演示：选择一位演示人员', en: 'Demo: pick a demo person' },
  smsCode: { zh: '短信验证码', en: 'SMS code' },
  sendSms: { zh: '获取验证码', en: 'Send code' },
  smsSent: { zh: '验证码已发送至', en: 'Code sent to' },
  demoSms: { zh: '演示短信', en: 'Demo SMS' },
})

/** One field's problem from the last submit, labelled with the field's label, in the reader's language. */
function FieldError({ field }: { field: PersonField }) {
  const { lang } = useI18n()
  const problem = useAppSelector(selectPersonFormErrors)?.[field]
  if (!problem) return null
  return (
    <Text className='np-error' data-field-error={field} data-error='NP_ERR_VALIDATION'>
      {personFieldText(field, problem as never, lang)}
    </Text>
  )
}

/** The identity feature's last error (sign-in, network), unless it is the form's own (shown by each field). */
export function IdentityError() {
  const error = useAppSelector(selectIdentityError)
  const formErrors = useAppSelector(selectPersonFormErrors)
  return formErrors ? null : <ErrorText error={error} />
}

/** Form fields for a person (traveller or family member); errors come from the thunk. */
export function PersonFields({
  onSubmit,
  submitLabel,
  sms = false,
}: {
  onSubmit: (f: { name: string; idNumber: string; phone: string; consent: boolean; smsCode: string }) => void
  submitLabel?: string
  /** Confirm the person with a one-time SMS code sent to the phone (signing in oneself). */
  sms?: boolean
}) {
  const s = useStrings(identityStrings)
  const dispatch = useAppDispatch()
  const sent = useAppSelector(selectSms)
  const [f, setF] = useState({ name: '', idNumber: '', phone: '', consent: false, smsCode: '' })
  // DEMO builds show the texted code and fill it in; a real provider texts it to the phone.
  useEffect(() => {
    if (sent?.demoCode) setF((x) => ({ ...x, smsCode: sent.demoCode ?? '' }))
  }, [sent])
  // A form left behind takes its problems with it.
  useEffect(() => () => void dispatch(identityErrorCleared()), [dispatch])
  return (
    <View data-form='person'>
      <Input
        className='np-input'
        data-field='name'
        placeholder={s.name}
        aria-label={s.name}
        value={f.name}
        onInput={(e) => setF({ ...f, name: e.detail.value })}
      />
      <FieldError field='name' />
      <Input
        className='np-input'
        data-field='idNumber'
        placeholder={s.idNumber}
        aria-label={s.idNumber}
        value={f.idNumber}
        onInput={(e) => setF({ ...f, idNumber: e.detail.value })}
      />
      <FieldError field='idNumber' />
      <Input
        className='np-input'
        data-field='phone'
        type='number'
        placeholder={s.phone}
        aria-label={s.phone}
        value={f.phone}
        onInput={(e) => setF({ ...f, phone: e.detail.value })}
      />
      <FieldError field='phone' />
      {sms && (
        <View className='np-row'>
          <Input
            className='np-input'
            data-field='smsCode'
            type='number'
            placeholder={s.smsCode}
            value={f.smsCode}
            onInput={(e) => setF({ ...f, smsCode: e.detail.value })}
          />
          <View
            className='np-button'
            data-action='send-sms'
            onClick={() => void dispatch(requestSmsCode({ phone: f.phone }))}
          >
            <Text>{s.sendSms}</Text>
          </View>
        </View>
      )}
      {sms && sent && (
        <Text data-sms-sent={sent.phone}>
          {s.smsSent} {sent.phone.slice(0, 3)}****{sent.phone.slice(-4)}
          {sent.demoCode ? ` · ${s.demoSms}: ${sent.demoCode}` : ''}
        </Text>
      )}
      <View className='np-row' data-field='consent' onClick={() => setF({ ...f, consent: !f.consent })}>
        <Text>
          {f.consent ? '☑' : '☐'} {s.consent}
        </Text>
      </View>
      <FieldError field='consent' />
      <View className='np-button' data-action='submit-person' onClick={() => onSubmit(f)}>
        <Text>{submitLabel ?? s.submit}</Text>
      </View>
    </View>
  )
}

/** Identity without registration: super-app one tap; H5 form; the demo picker in the demo build. */
export function SignIn() {
  const dispatch = useAppDispatch()
  const s = useStrings(identityStrings)
  const demo = useAppSelector(selectDemoPeople)
  const h5 = process.env.TARO_ENV === 'h5'
  useEffect(() => {
    if (isDemoBuild()) void dispatch(loadDemoPeople())
  }, [dispatch])
  const oneTap = async () => {
    const code = await superAppLoginCode()
    if (code) void dispatch(signInWithCode({ code, source: 'super-app' }))
  }
  return (
    <View data-section='sign-in'>
      <View className='np-card'>
        <Text className='np-big'>{s.title}</Text>
        {!h5 && (
          <View className='np-button' data-action='super-app-login' onClick={() => void oneTap()}>
            <Text>{s.superApp}</Text>
          </View>
        )}
        {h5 && <PersonFields sms onSubmit={(f) => void dispatch(addPersonFromForm({ ...f, self: true }))} />}
        <IdentityError />
      </View>
      {isDemoBuild() && demo.length > 0 && (
        <View className='np-card' data-section='demo-people'>
          <Text>{s.demo}</Text>
          {demo.map((p) => (
            <View
              key={p.key}
              className='np-button'
              data-demo-person={p.key}
              onClick={() => void dispatch(signInWithCode({ code: `demo-${p.key}`, source: 'demo' }))}
            >
              <Text>
                {p.name} · {p.key}
              </Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
