import { useEffect } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { Screen } from '../../components/Screen'
import { FamilyView } from '../../features/family/FamilyView'
import { restoreIdentity, selectIdentityStatus } from '../../features/identity/identitySlice'

export default function FamilyPage() {
  const dispatch = useAppDispatch()
  const status = useAppSelector(selectIdentityStatus)
  useEffect(() => {
    if (status === 'idle') void dispatch(restoreIdentity())
  }, [dispatch, status])
  return (
    <Screen route='family' title='page.family'>
      {status === 'ready' && <FamilyView />}
    </Screen>
  )
}
