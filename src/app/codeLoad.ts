/**
 * Code that arrives after the first frame (issue 16): on H5 an async chunk, on
 * WeChat the lazy subpackage (./lazyCode.ts). Its download can fail (no
 * network, a flaky link): the app then stays usable on what it shows — the
 * saved colour — with a clear error and a retry, and whatever waits for the
 * code (the store's thunks, `makeStore(…, { until })`) waits on until a retry
 * succeeds. Imports nothing heavy: it is on the first frame's path.
 */
import { useSyncExternalStore } from 'react'
import { type SerializedError, toNpError } from '../core/errors'

export type CodeLoadState =
  | { status: 'idle' | 'loading' | 'loaded' }
  | { status: 'failed'; error: SerializedError; attempts: number }

let state: CodeLoadState = { status: 'idle' }
const listeners = new Set<() => void>()
let retryNow: (() => void) | undefined
let attempts = 0

function set(next: CodeLoadState): void {
  state = next
  for (const l of [...listeners]) l()
}

/**
 * `load()` until it succeeds: after a failure the state is `failed` (with an
 * NP_ERR_CODE_LOAD error) and the next attempt waits for {@link retryCodeLoad}.
 * The promise resolves with the first success and never rejects.
 */
export function loadUntilLoaded<T>(load: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve) => {
    const attempt = () => {
      retryNow = undefined
      attempts += 1
      set({ status: 'loading' })
      let loading: Promise<T>
      try {
        loading = load()
      } catch (err) {
        loading = Promise.reject(err)
      }
      loading.then(
        (value) => {
          set({ status: 'loaded' })
          resolve(value)
        },
        (err: unknown) => {
          retryNow = attempt
          set({ status: 'failed', error: toNpError(err, 'NP_ERR_CODE_LOAD').toJSON(), attempts })
        },
      )
    }
    attempt()
  })
}

/** Try the failed download again (the error card's button). False when nothing failed. */
export function retryCodeLoad(): boolean {
  const retry = retryNow
  if (!retry) return false
  retry()
  return true
}

export function codeLoadState(): CodeLoadState {
  return state
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The download's state, for the page that shows its error and retry. */
export function useCodeLoad(): CodeLoadState {
  return useSyncExternalStore(subscribe, codeLoadState, codeLoadState)
}
