import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Suspense, useEffect, useState } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { Screen } from '../../components/Screen'
import { selectActivePerson, selectIdentityStatus } from '../../features/identity/identitySlice'
import { SignIn } from '../../features/identity/SignIn'
import { FreshColour, openPass, PassView, pullRefresh, useViewAllowed } from './passView'
import { selectPassOf, selectSavedDisplay, selectSkewMs } from '../../features/pass/passSlice'
import { SavedColour } from '../../features/pass/SavedColour'
import { markStart } from '../../platform/startMarks'

export default function PassPage() {
  const dispatch = useAppDispatch()
  const status = useAppSelector(selectIdentityStatus)
  const person = useAppSelector(selectActivePerson)
  // The saved display record (read at boot, before anything else): the first frame, until the pass is verified again.
  const display = useAppSelector(selectSavedDisplay)
  const skewMs = useAppSelector(selectSkewMs)
  // Start-up marks for the start bench: the first verified colour (the saved one, or a fresh answer).
  const anyVerified = useAppSelector((s) => {
    const p = selectPassOf(s, person?.id ?? null)
    return p ? Object.values(p.provinces).some((r) => r.healthCode?.verified) : false
  })
  const shown = anyVerified || (display?.colour != null && status !== 'ready')
  useEffect(() => {
    if (shown) nextFrame(() => markStart('np:first-verified-colour'))
  }, [shown])
  const savedCard = display ? <SavedColour display={display} now={Date.now() - skewMs} refreshing /> : null
  // While the full view is not there: the saved colour, and the current province's answer once it is in.
  const waiting = (id: string) => (
    <>
      {savedCard}
      <Suspense fallback={null}>
        <FreshColour personId={id} />
      </Suspense>
    </>
  )
  // The person whose pass this page opened: their refresh is started (its requests sent) before the full view's
  // first render, which is long (issue 16: a cold start asked the current province only after it).
  const [opened, setOpened] = useState<string | null>(null)
  const personId = status === 'ready' ? (person?.id ?? null) : null
  useEffect(() => {
    if (!personId) return
    // Its code could not load: the view, loading the same code, opens the pass itself (or shows why it cannot).
    void openPass(dispatch, personId).catch(() => undefined)
    // The view renders in a later task: the thunk's first requests go out in this one's microtasks.
    setOpened(personId)
  }, [dispatch, personId])
  // H5: the full view once the start is over (./passView.h5.ts); until then the saved colour and the current
  // province's fresh answer (a cold start's first verified colour). Mini-programs: at once.
  const viewAllowed = useViewAllowed()
  usePullDownRefresh(() => {
    const done = person ? pullRefresh(dispatch, person.id) : Promise.resolve()
    void done.then(() => Taro.stopPullDownRefresh())
  })
  return (
    <Screen route='pass' title='page.pass'>
      {status === 'ready' ? (
        person ? (
          // H5 loads the full view as an async chunk (./passView.h5.ts): the saved colour stays meanwhile.
          // A boundary of its own, mounted with the view: a boundary that suspends again after showing its children
          // keeps them, hidden, beside its fallback (two saved cards in the document).
          opened === person.id && viewAllowed ? (
            <Suspense fallback={waiting(person.id)}>
              <PassView person={person} />
            </Suspense>
          ) : (
            waiting(person.id)
          )
        ) : (
          <SignIn />
        )
      ) : (
        savedCard
      )}
    </Screen>
  )
}

/** After the next paint where the runtime has frames (H5), else now. */
function nextFrame(fn: () => void): void {
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => unknown }).requestAnimationFrame
  if (raf) raf(fn)
  else fn()
}
