/**
 * WeChat: the code the first frame does not need — the services (the plugin
 * host, 32 province plugins, axios, the clock), the verifiers, the pass view,
 * the refresh and the rules engine, the QR encoder — ships in the `lazy`
 * subpackage (src/lazy/index.ts, its one file; config/lazyPackage.ts builds
 * it), downloaded after the first frame with WeChat's asynchronous subpackage
 * require (`require.async`, base library ≥ 2.11.2). When it runs it publishes
 * its exports here. On H5 the same code is async chunks (`*.h5.ts`); Alipay
 * and the tests bundle it (the plain `.ts` loaders), and never import this.
 */
import { NpError } from '../core/errors'
import type { Services } from './services'

/** What the lazy package publishes (src/lazy/index.ts). */
export interface LazyCode {
  appServices: () => Services
  verifiers: typeof import('../features/verify/code')
  PassView: typeof import('../features/pass/PassView').PassView
  refreshPass: typeof import('../features/pass/passThunks').refreshPass
  passOpened: typeof import('../features/pass/passThunks').passOpened
  phoneKeyReset: typeof import('../features/pass/passThunks').phoneKeyReset
}

/**
 * The lazy package's file, relative to the emitted file that holds this
 * module (app.js or common.js, both at the package root: src/app.ts imports
 * it), as WeChat resolves `require.async` paths. scripts/check-build.mjs checks
 * that it resolves, in the `lazy` subpackage.
 */
export const LAZY_PACKAGE_FILE = './lazy/index.js'

let published: LazyCode | undefined
let attempt: Promise<LazyCode> | undefined
const waiting: Array<(code: LazyCode) => void> = []

/** Called once by the lazy package when it has run. */
export function publishLazyCode(code: LazyCode): void {
  published = code
  for (const w of waiting.splice(0)) w(code)
}

/** The lazy code if it is there already. */
export function lazyCodeNow(): LazyCode | undefined {
  return published
}

/** Resolves once the lazy code is there (after however many retries); never rejects. */
export function lazyCodeReady(): Promise<LazyCode> {
  return published ? Promise.resolve(published) : new Promise((resolve) => waiting.push(resolve))
}

interface AsyncRequire {
  async?: (path: string) => Promise<unknown>
}
// The runtime's own `require` of the emitted file (webpack leaves `__non_webpack_require__` as `require`).
declare const __non_webpack_require__: AsyncRequire | undefined

/**
 * Downloads and runs the lazy package: one attempt (concurrent calls share
 * it). Rejects with NP_ERR_CODE_LOAD when WeChat cannot load it; a later call
 * tries again.
 */
export function loadLazyCode(): Promise<LazyCode> {
  if (published) return Promise.resolve(published)
  attempt ??= requireAsync(LAZY_PACKAGE_FILE).then(
    () => {
      attempt = undefined
      if (!published)
        throw new NpError('NP_ERR_CODE_LOAD', { params: { detail: `${LAZY_PACKAGE_FILE} ran but published nothing` } })
      return published
    },
    (err: unknown) => {
      attempt = undefined
      throw new NpError('NP_ERR_CODE_LOAD', { cause: err, params: { detail: loadErrorText(err) } })
    },
  )
  return attempt
}

function requireAsync(path: string): Promise<unknown> {
  const req = typeof __non_webpack_require__ === 'undefined' ? undefined : __non_webpack_require__
  if (typeof req?.async !== 'function')
    return Promise.reject(new Error('require.async is missing: WeChat base library 2.11.2 or later is needed'))
  return req.async(path)
}

/** WeChat rejects with `{ mod, errMsg }`; anything else by its message. */
function loadErrorText(err: unknown): string {
  if (err && typeof err === 'object') {
    const { errMsg, mod, message } = err as { errMsg?: unknown; mod?: unknown; message?: unknown }
    if (typeof errMsg === 'string') return typeof mod === 'string' ? `${mod}: ${errMsg}` : errMsg
    if (typeof message === 'string') return message
  }
  return String(err)
}
