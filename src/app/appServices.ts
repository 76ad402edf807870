import { appClock } from '../platform/clock'
import { apiBase, createTaroHttp } from '../platform/http'
import { appStorage } from '../platform/storage'
import { createServices, type Services } from './services'

let services: Services | undefined

/** The running app's services, over Taro (created on first use). */
export function appServices(): Services {
  services ??= createServices({
    clock: appClock,
    storage: appStorage(),
    httpFactory: (config) => createTaroHttp(config, appClock),
    apiBase: apiBase(),
  })
  return services
}
