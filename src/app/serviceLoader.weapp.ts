/**
 * WeChat: the services — the plugin host and the province plugins, axios, the
 * clock — are in the `lazy` subpackage, downloaded once the first frame (the
 * saved colour) is on screen (issue 16; ./lazyCode.ts). Thunks dispatched
 * before they arrive wait for them (src/app/store.ts, `makeStore(…, { until })`);
 * a failed download shows an error and a retry (./codeLoad.ts).
 */
import { loadLazyCode } from './lazyCode'
import type { Services } from './services'

export const servicesNow: (() => Services) | undefined = undefined

export function loadServices(): Promise<() => Services> {
  return loadLazyCode().then((code) => code.appServices)
}
