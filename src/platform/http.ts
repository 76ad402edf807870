import axios, { type AxiosInstance, type AxiosResponse } from 'axios'
import { installErrorInterceptor } from '../sdk/http'
import type { PluginConfig } from '../sdk/types'
import { appClock, type Clock } from './clock'
import { taroAdapter } from './taroAdapter'

/**
 * Where the backends are. H5 reaches them on its own origin under `/np-api`
 * (the server forwards); mini-programs need an absolute URL, set at build time
 * in `.env.<mode>` as `TARO_APP_API_BASE`.
 */
export function apiBase(): string {
  if (process.env.TARO_ENV === 'h5') return '/np-api'
  return process.env.TARO_APP_API_BASE ?? 'http://127.0.0.1:9300'
}

/** Every answer's `Date` header feeds the clock's skew estimate, one vote per base URL. */
function observeDate(clock: Clock) {
  return (response: AxiosResponse) => {
    const date = response.headers?.date
    if (typeof date === 'string') clock.observe(Date.parse(date), undefined, response.config?.baseURL)
    return response
  }
}

/** axios over `Taro.request`, bound to one plugin's base URL, with catalogued errors. */
export function createTaroHttp(config: Pick<PluginConfig, 'baseURL'>, clock: Clock = appClock): AxiosInstance {
  const instance = axios.create({
    baseURL: config.baseURL,
    adapter: taroAdapter,
    headers: { accept: 'application/json' },
  })
  instance.interceptors.response.use(observeDate(clock))
  return installErrorInterceptor(instance)
}
