import { Input, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { goTo } from '../../components/Screen'
import { useStrings } from '../../components/useI18n'
import { defineStrings } from '../../i18n'
import {
  addPersonFromForm,
  ageAt,
  authoriseMember,
  CHILD_UNDER_YEARS,
  type PersonRecord,
  requestSmsCode,
  revokeMember,
  selectActivePerson,
  selectPeople,
  selectSms,
  switchPerson,
} from '../identity/identitySlice'
import { IdentityError, PersonFields } from '../identity/SignIn'

const strings = defineStrings({
  people: { zh: '本机管理的通行码', en: 'Passes on this device' },
  me: { zh: '本人', en: 'me' },
  member: { zh: '家人', en: 'family' },
  active: { zh: '正在查看', en: 'showing' },
  show: { zh: '查看通行码', en: 'Show pass' },
  add: { zh: '添加家人（需本人或监护人同意）', en: 'Add a family member (with their or their guardian’s consent)' },
  addButton: { zh: '添加', en: 'Add' },
  consentAt: { zh: '已同意：{at}', en: 'consent recorded {at}' },
  notAuthorised: {
    zh: '未获授权：各省不会向您提供此人的码',
    en: 'Not authorised: provinces will not show you this person’s codes',
  },
  byGuardian: { zh: '代查授权：监护人声明（未满14周岁）', en: 'Authorised by a guardian’s declaration (under 14)' },
  bySelf: { zh: '代查授权：本人手机确认', en: 'Authorised by their own confirmation from their phone' },
  recorded: { zh: '{n} 个省份已登记', en: 'recorded by {n} provinces' },
  declare: { zh: '我是监护人，声明代查', en: 'I am the guardian: declare' },
  sendCode: { zh: '发送确认码到本人手机', en: 'Send a code to their phone' },
  code: { zh: '本人手机收到的确认码', en: 'Code from their phone' },
  confirm: { zh: '确认授权', en: 'Confirm' },
  revoke: { zh: '撤销授权', en: 'Revoke' },
  demoSms: { zh: '演示短信', en: 'Demo SMS' },
})

/** By what authority the holder sees a family member's codes, and the way to get or withdraw it. */
function Authority({ person, now }: { person: PersonRecord; now: number }) {
  const dispatch = useAppDispatch()
  const s = useStrings(strings)
  const sms = useAppSelector(selectSms)
  const [code, setCode] = useState('')
  const child = ageAt(person.identity.birthDate, now) < CHILD_UNDER_YEARS
  const sent = sms && sms.phone === person.identity.phone ? sms : null
  // DEMO builds show the texted code and fill it in; a real member reads it from their phone.
  useEffect(() => {
    if (sent?.demoCode) setCode(sent.demoCode)
  }, [sent])
  if (person.proxy)
    return (
      <View className='np-row' data-authority={person.proxy.basis}>
        <Text>
          {person.proxy.basis === 'guardian' ? s.byGuardian : s.bySelf} ·{' '}
          {s.recorded.replace('{n}', String(Object.keys(person.proxy.grants).length))}
        </Text>
        <Text
          className='np-muted'
          data-action='revoke'
          onClick={() => void dispatch(revokeMember({ personId: person.id }))}
        >
          {s.revoke}
        </Text>
      </View>
    )
  return (
    <View data-authority='none'>
      <Text className='np-muted'>{s.notAuthorised}</Text>
      {child ? (
        <View
          className='np-button'
          data-action='declare-guardian'
          onClick={() => void dispatch(authoriseMember({ personId: person.id }))}
        >
          <Text>{s.declare}</Text>
        </View>
      ) : (
        <View>
          <View
            className='np-button'
            data-action='send-proxy-code'
            onClick={() => void dispatch(requestSmsCode({ phone: person.identity.phone, purpose: 'proxy' }))}
          >
            <Text>{s.sendCode}</Text>
          </View>
          {sent && (
            <View className='np-row'>
              <Input
                className='np-input'
                data-field='proxyCode'
                type='number'
                placeholder={s.code}
                value={code}
                onInput={(e) => setCode(e.detail.value)}
              />
              {sent.demoCode ? <Text className='np-muted'>{`${s.demoSms}: ${sent.demoCode}`}</Text> : null}
              <View
                className='np-button'
                data-action='confirm-proxy'
                onClick={() => void dispatch(authoriseMember({ personId: person.id, code }))}
              >
                <Text>{s.confirm}</Text>
              </View>
            </View>
          )}
        </View>
      )}
    </View>
  )
}

/** 代查: the people this device holds passes for; add one (validated, consent recorded) or switch. */
export function FamilyView() {
  const dispatch = useAppDispatch()
  const s = useStrings(strings)
  const people = useAppSelector(selectPeople)
  const active = useAppSelector(selectActivePerson)
  return (
    <View>
      <View className='np-card' data-section='people'>
        <Text className='np-big'>{s.people}</Text>
        {people.map((p) => (
          <View key={p.id} className='np-row' data-person={p.id}>
            <Text>
              {p.identity.name} · {p.self ? s.me : s.member} · ****{p.identity.idNumber.slice(-4)}
              {p.id === active?.id ? ` · ${s.active}` : ''}
            </Text>
            <Text
              className='np-muted np-tap'
              data-action='switch'
              onClick={() => void dispatch(switchPerson(p.id)).then(() => goTo('pass'))}
            >
              {s.show}
            </Text>
            {!p.self && <Authority person={p} now={Date.now()} />}
          </View>
        ))}
      </View>
      <View className='np-card' data-section='add-member'>
        <Text>{s.add}</Text>
        <PersonFields
          submitLabel={s.addButton}
          onSubmit={(f) => void dispatch(addPersonFromForm({ ...f, self: false }))}
        />
        <IdentityError />
      </View>
    </View>
  )
}
