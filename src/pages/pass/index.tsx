import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useEffect } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { Screen } from '../../components/Screen'
import { restoreIdentity, selectActivePerson, selectIdentityStatus } from '../../features/identity/identitySlice'
import { SignIn } from '../../features/identity/SignIn'
import { PassView } from '../../features/pass/PassView'
import { selectPassOf } from '../../features/pass/passSlice'
import { refreshPass } from '../../features/pass/passThunks'
import { markStart } from '../../platform/startMarks'

export default function PassPage() {
  const dispatch = useAppDispatch()
  const status = useAppSelector(selectIdentityStatus)
  const person = useAppSelector(selectActivePerson)
  useEffect(() => {
    if (status === 'idle') void dispatch(restoreIdentity())
  }, [dispatch, status])
  // Start-up marks for the start bench: the page's first frame, and the first verified colour in it.
  const anyVerified = useAppSelector((s) => {
    const p = selectPassOf(s, person?.id ?? null)
    return p ? Object.values(p.provinces).some((r) => r.healthCode?.verified) : false
  })
  useEffect(() => {
    nextFrame(() => markStart('np:first-frame'))
  }, [])
  useEffect(() => {
    if (anyVerified) nextFrame(() => markStart('np:first-verified-colour'))
  }, [anyVerified])
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

/** After the next paint where the runtime has frames (H5), else now. */
function nextFrame(fn: () => void): void {
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => unknown }).requestAnimationFrame
  if (raf) raf(fn)
  else fn()
}
