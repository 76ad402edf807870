/**
 * The app's services, where their code is bundled with the app (mini-programs,
 * tests): there at once. H5 (./serviceLoader.h5.ts) fetches them as an async
 * chunk after the first frame (issue 16).
 */
import { appServices } from './appServices'
import type { Services } from './services'

/** The services' maker when it is bundled with the app, else undefined (load it first). */
export const servicesNow: (() => Services) | undefined = appServices

/** The services' maker, once its code is loaded. */
export function loadServices(): Promise<() => Services> {
  return Promise.resolve(appServices)
}
