/**
 * The saved settings are read after the first frame (issue 16): a language or
 * elder mode chosen before that must not be undone by last session's values.
 * (Seen in the pass e2e: English chosen at once came back as Chinese.)
 */
import { configureStore } from '@reduxjs/toolkit'
import type { AppStore } from '../../src/app/store'
import { appStorage } from '../../src/platform/storage'
import { persistSettings, restoreSettings, trackSettingChoices } from '../../src/features/settings/persist'
import { elderModeSet, languageChosen, settingsSlice } from '../../src/features/settings/settingsSlice'

const newSession = () => configureStore({ reducer: { settings: settingsSlice.reducer } }) as unknown as AppStore

beforeEach(() => {
  window.localStorage.clear()
  // Last session: Chinese, elder mode off, Beijing (as persistSettings writes it).
  appStorage().write('settings', { langChoice: 'zh', elder: false, currentProvince: '110000' })
})

test('a choice made before the saved settings are read is kept; the others are restored', () => {
  const store = newSession()
  const chosen = trackSettingChoices(store)
  store.dispatch(languageChosen('en'))
  store.dispatch(elderModeSet(true))
  restoreSettings(store, chosen())
  expect(store.getState().settings).toMatchObject({ langChoice: 'en', elder: true, currentProvince: '110000' })
})

test('with no choice made first, everything saved is restored', () => {
  const store = newSession()
  const chosen = trackSettingChoices(store)
  restoreSettings(store, chosen())
  expect(store.getState().settings).toMatchObject({ langChoice: 'zh', elder: false, currentProvince: '110000' })
  // Changes after the restore are not "choices before it": the tracker stopped.
  store.dispatch(languageChosen('en'))
  expect(chosen().has('langChoice')).toBe(false)
})

test('restored settings are not written back; a change after the restore is', () => {
  const store = newSession()
  restoreSettings(store, trackSettingChoices(store)())
  const stored = window.localStorage.getItem('settings')
  const writes = jest.spyOn(Storage.prototype, 'setItem')
  try {
    // What the app does on every action after the restore (src/app.ts): the same settings are not encrypted again.
    persistSettings(store.getState().settings)
    expect(writes).not.toHaveBeenCalledWith('settings', expect.anything())
    expect(window.localStorage.getItem('settings')).toBe(stored)
    store.dispatch(elderModeSet(true))
    persistSettings(store.getState().settings)
    expect(window.localStorage.getItem('settings')).not.toBe(stored)
    expect(appStorage().read('settings')).toEqual({
      value: { langChoice: 'zh', elder: true, currentProvince: '110000' },
    })
  } finally {
    writes.mockRestore()
  }
})
