/**
 * H5: the services — the plugin host and the 31 province plugins, axios, the
 * signed rules engine — are an async chunk, fetched once the first frame (the
 * saved colour) is on screen (issue 16). Thunks dispatched before it arrives
 * wait for it (src/app/store.ts, `makeStore(…, { until })`).
 */
import type { Services } from './services'

export const servicesNow: (() => Services) | undefined = undefined

export function loadServices(): Promise<() => Services> {
  return import(/* webpackChunkName: "services" */ './appServices').then((m) => m.appServices)
}
