/**
 * HTTP for plugins: one axios error interceptor shared by every platform (the
 * Taro adapter in src/platform/ installs it too), and a Node instance for the
 * mock server and tests. Every failure leaves here as a catalogued `NpError`.
 */
import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios'
import { NpError, isNpError } from '../core/errors'
import type { PluginConfig } from './types'

const installed = new WeakSet<AxiosInstance>()

/** Content types a plugin may receive as text without asking (encrypted or signed bodies). */
const PLAIN_BODY = /^(text\/plain|application\/octet-stream|application\/base64)/i

/**
 * Install the error interceptor on an axios instance (idempotent):
 * - non-2xx → `NP_ERR_HTTP_STATUS` with `status`;
 * - an HTML page (always), or a body that is not JSON when JSON was expected
 *   (no `responseType`, or `'json'`) → `NP_ERR_HTTP_NOT_JSON`; bodies sent as
 *   `text/plain` or `application/octet-stream` pass through as strings, and
 *   plugins that want text should set `responseType: 'text'`;
 * - no answer → `NP_ERR_HTTP_NETWORK`; axios `timeout` → `NP_ERR_HTTP_TIMEOUT`;
 *   an aborted `signal` → `NP_ERR_HTTP_ABORTED`.
 * The original axios error is kept as `cause`.
 */
export function installErrorInterceptor(instance: AxiosInstance): AxiosInstance {
  if (installed.has(instance)) return instance
  installed.add(instance)
  instance.interceptors.response.use(checkBody, (error: unknown) => Promise.reject(toHttpError(error)))
  return instance
}

function checkBody(response: AxiosResponse): AxiosResponse {
  if (typeof response.data !== 'string' || response.data === '' || response.status === 204) return response
  const contentType = headerOf(response, 'content-type')
  const wanted = response.config.responseType
  const jsonExpected = wanted === undefined || wanted === 'json'
  // No province API answers HTML: it is a gateway, WAF or captive-portal page whatever the plugin asked for.
  const html = /^text\/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(response.data)
  if (!html && (!jsonExpected || PLAIN_BODY.test(contentType))) return response
  throw new NpError('NP_ERR_HTTP_NOT_JSON', {
    params: {
      detail: `${contentType || 'no content type'}, ${response.data.length} characters`,
      status: response.status,
    },
  })
}

function headerOf(response: AxiosResponse, name: string): string {
  const value: unknown = response.headers?.[name]
  return typeof value === 'string' ? value.split(';')[0].trim() : ''
}

/** Map any error thrown during a request to a catalogued `NpError`. */
export function toHttpError(error: unknown): NpError {
  if (isNpError(error)) return error
  if (axios.isCancel(error) || (error instanceof AxiosError && error.code === AxiosError.ERR_CANCELED)) {
    return new NpError('NP_ERR_HTTP_ABORTED', { cause: error })
  }
  if (error instanceof AxiosError) {
    if (error.code === AxiosError.ECONNABORTED || error.code === AxiosError.ETIMEDOUT) {
      return new NpError('NP_ERR_HTTP_TIMEOUT', { cause: error, params: { ms: error.config?.timeout ?? 0 } })
    }
    if (error.response) {
      return new NpError('NP_ERR_HTTP_STATUS', { cause: error, params: { status: error.response.status } })
    }
    return new NpError('NP_ERR_HTTP_NETWORK', {
      cause: error,
      params: { detail: error.message || error.code || 'no answer' },
    })
  }
  const detail = error instanceof Error ? error.message : String(error)
  return new NpError('NP_ERR_HTTP_NETWORK', { cause: error, params: { detail } })
}

/**
 * An axios instance for Node (the mock server, tests, scripts) bound to the
 * plugin's base URL, with the error interceptor installed.
 * @param timeoutMs socket-level timeout; the host's deadline usually fires first. @default 0 (none)
 */
export function createNodeHttp(config: PluginConfig, timeoutMs = 0): AxiosInstance {
  return installErrorInterceptor(
    axios.create({
      baseURL: config.baseURL,
      timeout: timeoutMs,
      adapter: 'http',
      headers: { accept: 'application/json' },
    }),
  )
}
