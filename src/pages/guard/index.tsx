import '../../platform/polyfills'
import { StoreProvider } from '../../app/hooks'
import { Screen } from '../../components/Screen'
import { GuardView } from '../../features/guard/GuardView'
import { guardStore } from './standalone'

/**
 * On weapp the guard is an independent subpackage (src/app.config.ts): it
 * starts without the main package, so it brings its own store. Elsewhere it
 * uses the app's.
 */
const STANDALONE = process.env.TARO_ENV === 'weapp'

export default function GuardPage() {
  const page = (
    <Screen route='guard' title='page.guard'>
      <GuardView />
    </Screen>
  )
  return STANDALONE ? <StoreProvider store={guardStore()}>{page}</StoreProvider> : page
}
