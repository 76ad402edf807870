/**
 * Feature slices loaded with their page (issue 16). A feature whose page may
 * live in a subpackage (venue, trip, guard) registers its slice here when its
 * module loads; the app store (./store.ts) injects every registered slice into
 * its root reducer (Redux Toolkit 2 `combineSlices(...).inject`). So neither
 * src/app.ts nor the store imports those features, and their code travels with
 * their page. This module imports nothing: the guard's independent weapp
 * subpackage, which has its own store, carries it for a few bytes.
 */
import type { Reducer } from '@reduxjs/toolkit'

/** What `combineSlices(...).inject` takes: a slice, or anything with a reducerPath and a reducer. */
export interface LazySlice {
  reducerPath: string
  reducer: Reducer
}

const slices: LazySlice[] = []
const listeners: Array<(slice: LazySlice) => void> = []

/** A feature slice's module registers it when it loads. */
export function registerLazySlice(slice: LazySlice): void {
  if (slices.includes(slice)) return
  slices.push(slice)
  for (const l of listeners) l(slice)
}

/** Every slice registered so far, then each one registered later. */
export function onLazySlice(listener: (slice: LazySlice) => void): void {
  listeners.push(listener)
  for (const s of slices) listener(s)
}
