/**
 * Every secret the DEMO servers hold, in the forms it could take in a bundle:
 * app secrets, AES keys, signing keys (hex, base64, base64url) and the labels
 * they are derived from. `scripts/check-secrets.ts` fails the build when any
 * appears in dist/weapp, dist/alipay or dist/h5: app-level secrets live on the
 * provinces' gateways and the national server, never in the app.
 */
import { base64urlEncode } from '../src/core/bytes'
import { DEMO_ROOT_KEY, demoProvinceKeys } from './keys'
import { GUANGDONG_DEMO_SECRET } from './provinces/guangdong'
import { SHANGHAI_DEMO_AES_KEY } from './provinces/shanghai'

/** One secret in one form, with a name for the report (never printed in full). */
export interface BundleSecret {
  name: string
  value: string
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64')

/** The forms of a byte secret: hex, base64, base64url. */
function forms(name: string, bytes: Uint8Array): BundleSecret[] {
  return [
    { name: `${name} (hex)`, value: hex(bytes) },
    { name: `${name} (base64)`, value: b64(bytes) },
    { name: `${name} (base64url)`, value: base64urlEncode(bytes) },
  ]
}

/** The DEMO secrets, private keys and key-derivation labels no bundle may contain. */
export function bundleSecrets(): BundleSecret[] {
  const shanghai = Buffer.from(SHANGHAI_DEMO_AES_KEY, 'hex')
  return [
    { name: 'Guangdong app secret', value: GUANGDONG_DEMO_SECRET },
    { name: 'Shanghai AES key (hex)', value: SHANGHAI_DEMO_AES_KEY },
    { name: 'Shanghai AES key (text)', value: shanghai.toString('latin1') },
    ...forms('Shanghai AES key', shanghai).slice(1),
    { name: 'DEMO key-derivation label', value: 'national-pass DEMO key' },
    ...forms(`DEMO root private key ${DEMO_ROOT_KEY.kid}`, DEMO_ROOT_KEY.secretKey),
    ...demoProvinceKeys.flatMap((k) => forms(`DEMO private key ${k.kid}`, k.secretKey)),
  ]
}
