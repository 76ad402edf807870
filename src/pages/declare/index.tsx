import { Screen } from '../../components/Screen'
import { DeclareView } from '../../features/declare/DeclareView'

export default function DeclarePage() {
  return (
    <Screen route='declare' title='page.declare'>
      <DeclareView />
    </Screen>
  )
}
