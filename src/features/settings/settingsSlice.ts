import { createSlice, type PayloadAction } from '@reduxjs/toolkit'
import type { Lang } from '../../i18n'

export interface SettingsState {
  /** `null`: follow the system language. */
  langChoice: Lang | null
  /** The system language, read once at launch. */
  systemLang: Lang
  /** Large type and high contrast, through the one theme. */
  elder: boolean
  /** The province the traveller is in (chosen), for the pass headline. */
  currentProvince: string
}

export const initialSettings: SettingsState = {
  langChoice: null,
  systemLang: 'zh',
  elder: false,
  currentProvince: '440000',
}

export const settingsSlice = createSlice({
  name: 'settings',
  initialState: initialSettings,
  reducers: {
    languageChosen(state, action: PayloadAction<Lang | null>) {
      state.langChoice = action.payload
    },
    systemLanguageRead(state, action: PayloadAction<Lang>) {
      state.systemLang = action.payload
    },
    elderModeSet(state, action: PayloadAction<boolean>) {
      state.elder = action.payload
    },
    currentProvinceChosen(state, action: PayloadAction<string>) {
      state.currentProvince = action.payload
    },
  },
  selectors: {
    selectLang: (s): Lang => s.langChoice ?? s.systemLang,
    selectElder: (s) => s.elder,
    selectCurrentProvince: (s) => s.currentProvince,
  },
})

export const { languageChosen, systemLanguageRead, elderModeSet, currentProvinceChosen } = settingsSlice.actions
export const { selectLang, selectElder, selectCurrentProvince } = settingsSlice.selectors
