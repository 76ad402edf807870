/**
 * The WeChat `lazy` subpackage's one file (issue 16): everything the pass
 * page's first frame does not need, downloaded after it with `require.async`
 * (src/app/lazyCode.ts). Built as its own webpack entry (config/lazyPackage.ts);
 * running it publishes these exports to the main package.
 */
import { appServices } from '../app/appServices'
import { publishLazyCode } from '../app/lazyCode'
import * as verifiers from '../features/verify/code'
import { PassView } from '../features/pass/PassView'
import { passOpened, phoneKeyReset, refreshPass } from '../features/pass/passThunks'

publishLazyCode({ appServices, verifiers, PassView, refreshPass, passOpened, phoneKeyReset })
