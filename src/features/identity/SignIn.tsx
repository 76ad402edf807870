import { Input, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { fill, useStrings } from '../../components/useI18n'
import { defineStrings } from '../../i18n'
import {
  addPersonFromForm,
  loadDemoPeople,
  selectDemoPeople,
  selectIdentityError,
  signInWithCode,
} from './identitySlice'
import { isDemoBuild, superAppLoginCode } from './superAppLogin'

export const identityStrings = defineStrings({
  title: { zh: '一次登记，全国通行', en: 'Register once, valid everywhere' },
  superApp: { zh: '一键授权登录', en: 'Sign in with one tap' },
  name: { zh: '姓名', en: 'Name' },
  idNumber: { zh: '身份证号', en: 'Resident ID number' },
  phone: { zh: '手机号', en: 'Phone' },
  consent: {
    zh: '我同意各省健康码服务在查询时获得我的身份信息（可按省撤回）',
    en: 'I consent to each province’s health-code service receiving my identity for queries (withdrawable per province)',
  },
  submit: { zh: '保存并查询', en: 'Save and look up' },
  demo: { zh: '演示：选择一位演示人员', en: 'Demo: pick a demo person' },
  error: { zh: '出错：{message}', en: 'Error: {message}' },
})

/** Form fields for a person (traveller or family member); errors come from the thunk. */
export function PersonFields({
  onSubmit,
  submitLabel,
}: {
  onSubmit: (f: { name: string; idNumber: string; phone: string; consent: boolean }) => void
  submitLabel?: string
}) {
  const s = useStrings(identityStrings)
  const [f, setF] = useState({ name: '', idNumber: '', phone: '', consent: false })
  return (
    <View data-form='person'>
      <Input
        className='np-input'
        data-field='name'
        placeholder={s.name}
        value={f.name}
        onInput={(e) => setF({ ...f, name: e.detail.value })}
      />
      <Input
        className='np-input'
        data-field='idNumber'
        placeholder={s.idNumber}
        value={f.idNumber}
        onInput={(e) => setF({ ...f, idNumber: e.detail.value })}
      />
      <Input
        className='np-input'
        data-field='phone'
        type='number'
        placeholder={s.phone}
        value={f.phone}
        onInput={(e) => setF({ ...f, phone: e.detail.value })}
      />
      <View className='np-row' data-field='consent' onClick={() => setF({ ...f, consent: !f.consent })}>
        <Text>
          {f.consent ? '☑' : '☐'} {s.consent}
        </Text>
      </View>
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
  const error = useAppSelector(selectIdentityError)
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
        {h5 && <PersonFields onSubmit={(f) => void dispatch(addPersonFromForm({ ...f, self: true }))} />}
        {error && (
          <Text className='np-error' data-error={error.code}>
            {fill(s.error, { message: error.message })}
          </Text>
        )}
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
