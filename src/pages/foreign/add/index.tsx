/**
 * The traveller adds a foreign certificate to their pass. A page in its own
 * subpackage (pages/foreign): the verifiers (CBOR, zlib, P-256, RSA-PSS) load
 * only when a traveller opens it, never with the main package.
 */
import { Screen } from '../../../components/Screen'
import { AddForeignCert } from '../../../features/foreign/AddForeignCert'

export default function AddForeignCertPage() {
  return (
    <Screen route='pass' title='page.foreignAdd'>
      <AddForeignCert />
    </Screen>
  )
}
