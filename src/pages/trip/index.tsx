import { Screen } from '../../components/Screen'
import { TripView } from '../../features/trip/TripView'

export default function TripPage() {
  return (
    <Screen route='trip' title='page.trip'>
      <TripView />
    </Screen>
  )
}
