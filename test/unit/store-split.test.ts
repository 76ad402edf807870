/**
 * Code split by need (issue 16): the app store imports only the slices every
 * start needs; the venue, trip and guard slices are injected when their
 * modules load (Redux Toolkit 2 `combineSlices(...).inject`), into stores made
 * before or after. Thunks dispatched before the services' code has loaded
 * (H5: an async chunk) wait for it, and keep `unwrap()`.
 */
import { createAsyncThunk } from '@reduxjs/toolkit'

type VenueModule = typeof import('../../src/features/venue/venueSlice')

describe('the store and its lazily injected slices', () => {
  test('loading the store loads none of the page-bound features', () => {
    const loaded: string[] = []
    jest.isolateModules(() => {
      for (const f of ['venue/venueSlice', 'trip/tripSlice', 'guard/guardSlice', 'trip/TripView', 'guard/guardCheck'])
        jest.doMock(`../../src/features/${f}`, () => {
          loaded.push(f)
          return {}
        })
      const { makeStore } = require('../../src/app/store') as typeof import('../../src/app/store')
      const state = makeStore().getState() as unknown as Record<string, unknown>
      expect(Object.keys(state).sort()).toEqual([
        'checkin',
        'declare',
        'foreignCerts',
        'identity',
        'national',
        'pass',
        'settings',
      ])
    })
    expect(loaded).toEqual([])
    for (const f of ['venue/venueSlice', 'trip/tripSlice', 'guard/guardSlice', 'trip/TripView', 'guard/guardCheck'])
      jest.dontMock(`../../src/features/${f}`)
  })

  test('a feature slice is in the state as soon as its module loads, for stores made before and after', () => {
    jest.isolateModules(() => {
      const { makeStore } = require('../../src/app/store') as typeof import('../../src/app/store')
      const before = makeStore()
      expect((before.getState() as unknown as Record<string, unknown>).venue).toBeUndefined()
      const venue: VenueModule = require('../../src/features/venue/venueSlice')
      const { venueSlice, selectVenue } = venue
      expect(before.getState().venue).toEqual(venueSlice.getInitialState())
      expect(selectVenue(before.getState())).toEqual(venueSlice.getInitialState())
      const after = makeStore()
      expect(after.getState().venue).toEqual(venueSlice.getInitialState())
      require('../../src/features/trip/tripSlice')
      expect(before.getState().trip).toBeDefined()
      expect(after.getState().trip).toBeDefined()
    })
  })

  test('thunks dispatched before the services are loaded wait for them; unwrap() still works', async () => {
    const { makeStore } = require('../../src/app/store') as typeof import('../../src/app/store')
    let release!: () => void
    const until = new Promise<void>((r) => {
      release = r
    })
    const ran: string[] = []
    const store = makeStore(undefined, undefined, { until })
    const hello = createAsyncThunk('test/hello', async (name: string) => {
      ran.push(name)
      return `hello ${name}`
    })
    const fails = createAsyncThunk('test/fails', async () => {
      throw new Error('nope')
    })
    const first = store.dispatch(hello('a'))
    const broken = store.dispatch(fails())
    // Plain actions are not held back.
    store.dispatch({ type: 'test/plain' })
    await Promise.resolve()
    expect(ran).toEqual([])
    release()
    await expect(first.unwrap()).resolves.toBe('hello a')
    await expect(broken.unwrap()).rejects.toMatchObject({ message: 'nope' })
    expect(ran).toEqual(['a'])
    // Once loaded, thunks run at once.
    void store.dispatch(hello('b'))
    expect(ran).toEqual(['a', 'b'])
  })
})
