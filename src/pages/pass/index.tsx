import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useEffect } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { Screen } from '../../components/Screen'
import { restoreIdentity, selectActivePerson, selectIdentityStatus } from '../../features/identity/identitySlice'
import { SignIn } from '../../features/identity/SignIn'
import { PassView } from '../../features/pass/PassView'
import { refreshPass } from '../../features/pass/passThunks'

export default function PassPage() {
  const dispatch = useAppDispatch()
  const status = useAppSelector(selectIdentityStatus)
  const person = useAppSelector(selectActivePerson)
  useEffect(() => {
    if (status === 'idle') void dispatch(restoreIdentity())
  }, [dispatch, status])
  usePullDownRefresh(() => {
    const done = person ? dispatch(refreshPass({ personId: person.id })) : Promise.resolve()
    void done.then(() => Taro.stopPullDownRefresh())
  })
  return (
    <Screen route='pass' title='page.pass'>
      {status === 'ready' && (person ? <PassView person={person} /> : <SignIn />)}
    </Screen>
  )
}
