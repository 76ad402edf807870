/**
 * The traveller's foreign certificates: add one, or (`?show=<id>`) show a
 * held one's QR. A page in its own subpackage (pages/foreign): the verifiers
 * (CBOR, zlib, P-256, RSA-PSS) and the QR drawing for certificates load only
 * when a traveller opens it, never with the main package.
 */
import { useRouter } from '@tarojs/taro'
import { Screen } from '../../../components/Screen'
import { AddForeignCert } from '../../../features/foreign/AddForeignCert'
import { ShowForeignCert } from '../../../features/foreign/ShowForeignCert'

export default function ForeignCertPage() {
  const show = useRouter().params.show
  return show ? (
    <Screen route='pass' title='page.foreignShow'>
      <ShowForeignCert id={show} />
    </Screen>
  ) : (
    <Screen route='pass' title='page.certs'>
      <AddForeignCert />
    </Screen>
  )
}
