import { Screen } from '../../components/Screen'
import { GuardView } from '../../features/guard/GuardView'

export default function GuardPage() {
  return (
    <Screen route='guard' title='page.guard'>
      <GuardView />
    </Screen>
  )
}
