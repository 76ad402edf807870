import Taro from '@tarojs/taro'
import { createTaroHttp } from '../../../src/platform/http'
import { createClock } from '../../../src/platform/clock'
import type { NpError } from '../../../src/core/errors'

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { request: jest.fn() } }))

type RequestOption = {
  url: string
  method: string
  data?: unknown
  header: Record<string, string>
  success: (res: { statusCode: number; data: unknown; header: Record<string, string> }) => void
  fail: (err: { errMsg: string }) => void
}

const request = jest.mocked(Taro.request) as unknown as jest.Mock<unknown, [RequestOption]>

function answer(statusCode: number, data: string, header: Record<string, string> = {}) {
  request.mockImplementation((opt) => {
    setTimeout(() => opt.success({ statusCode, data, header: { 'content-type': 'application/json', ...header } }), 1)
    return { abort: jest.fn() }
  })
}

async function failure(p: Promise<unknown>): Promise<NpError> {
  try {
    await p
  } catch (e) {
    return e as NpError
  }
  throw new Error('expected the request to fail')
}

beforeEach(() => request.mockReset())

describe('axios over Taro.request', () => {
  test('success: JSON is parsed, URL, method, headers and body reach Taro.request', async () => {
    answer(200, '{"colour":"green"}')
    const http = createTaroHttp({ baseURL: 'http://127.0.0.1:9300/guangdong' })
    const res = await http.post('/api/code', { a: 1 }, { headers: { 'x-sign': 'abc' }, params: { q: 'x y' } })
    expect(res.data).toEqual({ colour: 'green' })
    const opt = request.mock.calls[0][0]
    expect(opt.url).toBe('http://127.0.0.1:9300/guangdong/api/code?q=x+y')
    expect(opt.method).toBe('POST')
    expect(opt.header['x-sign']).toBe('abc')
    expect(JSON.parse(String(opt.data))).toEqual({ a: 1 })
  })

  test('an HTTP error status becomes NP_ERR_HTTP_STATUS with the status', async () => {
    answer(500, '{"error":"boom"}')
    const e = await failure(createTaroHttp({ baseURL: 'http://x' }).get('/a'))
    expect(e.code).toBe('NP_ERR_HTTP_STATUS')
    expect(e.message).toContain('500')
  })

  test('an HTML page where JSON was expected becomes NP_ERR_HTTP_NOT_JSON', async () => {
    answer(200, '<html><body>502 Bad Gateway</body></html>', { 'content-type': 'text/html' })
    const e = await failure(createTaroHttp({ baseURL: 'http://x' }).get('/a'))
    expect(e.code).toBe('NP_ERR_HTTP_NOT_JSON')
  })

  test('a network failure becomes NP_ERR_HTTP_NETWORK', async () => {
    request.mockImplementation((opt) => {
      setTimeout(() => opt.fail({ errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' }), 1)
      return { abort: jest.fn() }
    })
    const e = await failure(createTaroHttp({ baseURL: 'http://x' }).get('/a'))
    expect(e.code).toBe('NP_ERR_HTTP_NETWORK')
    expect(e.message).toContain('ERR_INTERNET_DISCONNECTED')
  })

  test('a request that never answers times out with NP_ERR_HTTP_TIMEOUT and the task is aborted', async () => {
    const abort = jest.fn()
    request.mockImplementation(() => ({ abort }))
    const e = await failure(createTaroHttp({ baseURL: 'http://x' }).get('/a', { timeout: 30 }))
    expect(e.code).toBe('NP_ERR_HTTP_TIMEOUT')
    expect(abort).toHaveBeenCalled()
  })

  test('an aborted signal cancels with NP_ERR_HTTP_ABORTED and aborts the task', async () => {
    const abort = jest.fn()
    request.mockImplementation(() => ({ abort }))
    const controller = new AbortController()
    const p = createTaroHttp({ baseURL: 'http://x' }).get('/a', { signal: controller.signal })
    controller.abort()
    const e = await failure(p)
    expect(e.code).toBe('NP_ERR_HTTP_ABORTED')
    expect(abort).toHaveBeenCalled()
  })

  test("the server's Date header corrects a skewed device clock", async () => {
    const deviceNow = Date.parse('2026-11-26T12:00:00Z')
    const clock = createClock(() => deviceNow)
    answer(200, '{}', { date: new Date(deviceNow - 3 * 3600_000).toUTCString() })
    await createTaroHttp({ baseURL: 'http://x' }, clock).get('/a')
    expect(clock.skewMs()).toBe(3 * 3600_000)
    expect(clock.now()).toBe(deviceNow - 3 * 3600_000)
  })
})
