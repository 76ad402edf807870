import type { AppStore } from '../../app/store'
import { appStorage } from '../../platform/storage'
import { SETTINGS_KEY } from '../../platform/storageKeys'
import { currentProvinceChosen, elderModeSet, languageChosen, type SettingsState } from './settingsSlice'

const KEY = SETTINGS_KEY

type Saved = Pick<SettingsState, 'langChoice' | 'elder' | 'currentProvince'>

const FIELDS = ['langChoice', 'elder', 'currentProvince'] as const

/**
 * Settings are read after the first frame (issue 16), so the traveller can
 * choose before they are read. Call this at start: it notes which settings
 * change from then on, so {@link restoreSettings} never undoes a choice made
 * in this session with the value saved in the last one.
 */
export function trackSettingChoices(store: AppStore): () => ReadonlySet<keyof Saved> {
  const chosen = new Set<keyof Saved>()
  let prev = store.getState().settings
  const unsubscribe = store.subscribe(() => {
    const now = store.getState().settings
    if (now === prev) return
    for (const k of FIELDS) if (now[k] !== prev[k]) chosen.add(k)
    prev = now
  })
  return () => {
    unsubscribe()
    return chosen
  }
}

/**
 * Load saved settings into the store; a tampered record is set aside by
 * storage and defaults stay. Settings in `chosen` (changed in this session
 * before the saved ones were read) keep their new value.
 */
export function restoreSettings(store: AppStore, chosen: ReadonlySet<keyof Saved> = new Set()) {
  const r = appStorage().read<Saved>(KEY)
  if (!('value' in r) || !r.value) return
  if (!chosen.has('langChoice')) store.dispatch(languageChosen(r.value.langChoice))
  if (!chosen.has('elder')) store.dispatch(elderModeSet(r.value.elder))
  if (!chosen.has('currentProvince')) store.dispatch(currentProvinceChosen(r.value.currentProvince))
  // What is stored already: writing it back (encrypting it again) took ~10 ms of a cold start's path (issue 16).
  last = JSON.stringify(savedOf(r.value))
}

/** The stored settings record last read or written: the same again is not written. */
let last = ''

const savedOf = (s: Saved): Saved => ({ langChoice: s.langChoice, elder: s.elder, currentProvince: s.currentProvince })

export function persistSettings(s: SettingsState) {
  const saved = savedOf(s)
  const text = JSON.stringify(saved)
  if (text === last) return
  last = text
  appStorage().write(KEY, saved)
}
