import { Text, View } from '@tarojs/components'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { goTo } from '../../components/Screen'
import { useStrings } from '../../components/useI18n'
import { defineStrings } from '../../i18n'
import { addPersonFromForm, selectActivePerson, selectPeople, switchPerson } from '../identity/identitySlice'
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
})

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
