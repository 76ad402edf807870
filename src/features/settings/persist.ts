import type { AppStore } from '../../app/store'
import { appStorage } from '../../platform/storage'
import { currentProvinceChosen, elderModeSet, languageChosen, type SettingsState } from './settingsSlice'

const KEY = 'settings'

type Saved = Pick<SettingsState, 'langChoice' | 'elder' | 'currentProvince'>

/** Load saved settings into the store; a tampered record is set aside by storage and defaults stay. */
export function restoreSettings(store: AppStore) {
  const r = appStorage().read<Saved>(KEY)
  if (!('value' in r) || !r.value) return
  store.dispatch(languageChosen(r.value.langChoice))
  store.dispatch(elderModeSet(r.value.elder))
  store.dispatch(currentProvinceChosen(r.value.currentProvince))
}

let last = ''

export function persistSettings(s: SettingsState) {
  const saved: Saved = { langChoice: s.langChoice, elder: s.elder, currentProvince: s.currentProvince }
  const text = JSON.stringify(saved)
  if (text === last) return
  last = text
  appStorage().write(KEY, saved)
}
