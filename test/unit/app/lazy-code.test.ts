/**
 * WeChat's async subpackage loader (src/app/lazyCode.ts) and the retry-until-loaded
 * wrapper the app starts it with (src/app/codeLoad.ts), issue 16. `require.async` is
 * stubbed the way WeChat behaves: a promise, rejected with `{ mod, errMsg }`.
 */
import type { LazyCode } from '@/app/lazyCode'

type Loader = typeof import('@/app/lazyCode')
type CodeLoad = typeof import('@/app/codeLoad')

const g = globalThis as { __non_webpack_require__?: { async?: (path: string) => Promise<unknown> } }

function fresh(): { lazy: Loader; load: CodeLoad } {
  let lazy!: Loader
  let load!: CodeLoad
  jest.isolateModules(() => {
    lazy = require('@/app/lazyCode')
    load = require('@/app/codeLoad')
  })
  return { lazy, load }
}

const fakeCode = { appServices: () => ({}) } as unknown as LazyCode
const flush = () => new Promise((r) => setImmediate(r))

afterEach(() => {
  delete g.__non_webpack_require__
})

describe('loadLazyCode (require.async of the lazy subpackage)', () => {
  test('asks require.async for ./lazy/index.js and resolves with what that file published', async () => {
    const { lazy } = fresh()
    const paths: string[] = []
    g.__non_webpack_require__ = {
      async: (path) => {
        paths.push(path)
        lazy.publishLazyCode(fakeCode) // running the file publishes its exports
        return Promise.resolve({})
      },
    }
    const ready = lazy.lazyCodeReady()
    await expect(lazy.loadLazyCode()).resolves.toBe(fakeCode)
    await expect(ready).resolves.toBe(fakeCode)
    expect(paths).toEqual(['./lazy/index.js'])
    expect(lazy.lazyCodeNow()).toBe(fakeCode)
    // Loaded once: later calls do not download again.
    await expect(lazy.loadLazyCode()).resolves.toBe(fakeCode)
    expect(paths).toHaveLength(1)
  })

  test('concurrent calls share one download', async () => {
    const { lazy } = fresh()
    let calls = 0
    let finish!: () => void
    g.__non_webpack_require__ = {
      async: () => {
        calls += 1
        return new Promise((resolve) => {
          finish = () => {
            lazy.publishLazyCode(fakeCode)
            resolve({})
          }
        })
      },
    }
    const a = lazy.loadLazyCode()
    const b = lazy.loadLazyCode()
    finish()
    await expect(Promise.all([a, b])).resolves.toEqual([fakeCode, fakeCode])
    expect(calls).toBe(1)
  })

  test("WeChat's { mod, errMsg } rejection becomes NP_ERR_CODE_LOAD naming both; the next call tries again", async () => {
    const { lazy } = fresh()
    let fail = true
    g.__non_webpack_require__ = {
      async: (path) => {
        if (fail) return Promise.reject({ mod: 'lazy/index.js', errMsg: 'require.async:fail network' })
        lazy.publishLazyCode(fakeCode)
        return Promise.resolve({ path })
      },
    }
    const err = await lazy.loadLazyCode().catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'NP_ERR_CODE_LOAD' })
    expect((err as Error).message).toContain('lazy/index.js: require.async:fail network')
    expect(lazy.lazyCodeNow()).toBeUndefined()
    fail = false
    await expect(lazy.loadLazyCode()).resolves.toBe(fakeCode)
  })

  test('a file that runs but publishes nothing, or no require.async at all, is NP_ERR_CODE_LOAD', async () => {
    const { lazy } = fresh()
    await expect(lazy.loadLazyCode()).rejects.toMatchObject({
      code: 'NP_ERR_CODE_LOAD',
      message: expect.stringContaining('2.11.2'),
    })
    g.__non_webpack_require__ = { async: () => Promise.resolve({}) }
    await expect(lazy.loadLazyCode()).rejects.toMatchObject({
      code: 'NP_ERR_CODE_LOAD',
      message: expect.stringContaining('published nothing'),
    })
  })
})

describe('loadUntilLoaded (the app waits for the code, with a retry)', () => {
  test('a failed load is reported, waits for retryCodeLoad, and the promise resolves with the first success', async () => {
    const { load } = fresh()
    expect(load.codeLoadState()).toEqual({ status: 'idle' })
    expect(load.retryCodeLoad()).toBe(false) // nothing failed yet
    let attempts = 0
    let settled: unknown = 'pending'
    const seen: string[] = []
    const done = load
      .loadUntilLoaded(() => {
        attempts += 1
        return attempts === 1 ? Promise.reject(new Error('offline')) : Promise.resolve('the code')
      })
      .then((v) => {
        settled = v
        return v
      })
    seen.push(load.codeLoadState().status)
    await flush()
    const failed = load.codeLoadState()
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'NP_ERR_CODE_LOAD' } })
    expect(failed.status === 'failed' && failed.error.message).toContain('offline')
    // No retry by itself: still waiting.
    await flush()
    expect(attempts).toBe(1)
    expect(settled).toBe('pending')
    expect(load.retryCodeLoad()).toBe(true)
    seen.push(load.codeLoadState().status)
    await expect(done).resolves.toBe('the code')
    expect(load.codeLoadState()).toEqual({ status: 'loaded' })
    expect(seen).toEqual(['loading', 'loading'])
    expect(attempts).toBe(2)
    expect(load.retryCodeLoad()).toBe(false)
  })

  test('a loader that throws synchronously is a failed attempt too', async () => {
    const { load } = fresh()
    let n = 0
    const done = load.loadUntilLoaded(() => {
      n += 1
      if (n === 1) throw new Error('boom')
      return Promise.resolve(n)
    })
    await flush()
    expect(load.codeLoadState().status).toBe('failed')
    load.retryCodeLoad()
    await expect(done).resolves.toBe(2)
  })
})
