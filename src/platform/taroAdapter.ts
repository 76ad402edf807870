import Taro from '@tarojs/taro'
import axios, { AxiosError, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios'

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'OPTIONS'

interface TaskLike {
  abort?: () => void
}

function headersOf(config: InternalAxiosRequestConfig): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(config.headers.toJSON())) {
    if (v !== undefined && v !== null && (v as unknown) !== false) out[k] = String(v)
  }
  return out
}

function lowerKeys(h: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = String(v)
  return out
}

/**
 * axios adapter over `Taro.request`, the one request API that exists on
 * WeChat, Alipay and H5 alike. Bodies travel as text; axios's own
 * `transformResponse` parses JSON, so an HTML error page stays visible as
 * text instead of turning into `null`. Timeouts and aborts are handled here
 * (not by the platform) so they map to distinct axios error codes.
 */
export const taroAdapter: AxiosAdapter = (config) =>
  new Promise<AxiosResponse>((resolve, reject) => {
    const url = axios.getUri(config)
    const method = (config.method ?? 'get').toUpperCase() as Method
    let settled = false
    const ref: { task?: TaskLike } = {}
    let timer: ReturnType<typeof setTimeout> | undefined

    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      if (timer) clearTimeout(timer)
      config.signal?.removeEventListener?.('abort', onAbort)
      fn()
    }
    const onAbort = () => {
      finish(() => reject(new AxiosError('Request aborted', AxiosError.ERR_CANCELED, config)))
      ref.task?.abort?.()
    }
    if (config.signal?.aborted) {
      onAbort()
      return
    }
    config.signal?.addEventListener?.('abort', onAbort)
    if (config.timeout) {
      timer = setTimeout(() => {
        finish(() => reject(new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ECONNABORTED, config)))
        ref.task?.abort?.()
      }, config.timeout)
    }

    const pending = Taro.request({
      url,
      method,
      data: config.data,
      header: headersOf(config),
      dataType: 'text',
      responseType: 'text',
      timeout: config.timeout ? config.timeout + 1000 : undefined,
      success: (res) => {
        finish(() => {
          const response: AxiosResponse = {
            data: res.data,
            status: res.statusCode,
            statusText: String(res.statusCode),
            headers: lowerKeys(res.header as Record<string, unknown>),
            config,
            request: ref.task,
          }
          const validate = config.validateStatus
          if (!validate || validate(res.statusCode)) resolve(response)
          else
            reject(
              new AxiosError(
                `Request failed with status code ${res.statusCode}`,
                res.statusCode >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
                config,
                ref.task,
                response,
              ),
            )
        })
      },
      fail: (err: { errMsg?: string }) => {
        finish(() => reject(new AxiosError(err?.errMsg || 'Network Error', AxiosError.ERR_NETWORK, config)))
      },
    })
    ref.task = pending as unknown as TaskLike
    // On H5 the returned promise also rejects; that failure already reached `fail` above.
    const thenable = pending as unknown as { catch?: (f: (e: unknown) => void) => void }
    thenable.catch?.((e: unknown) => finish(() => reject(e)))
  })
