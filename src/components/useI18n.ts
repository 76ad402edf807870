import { useAppSelector } from '../app/hooks'
import { selectLang } from '../features/settings/settingsSlice'
import { type Lang, type MessageKey, type Strings, translate } from '../i18n'

/** The current language and a translator for common strings. */
export function useI18n(): { lang: Lang; t: (key: MessageKey, params?: Record<string, string | number>) => string } {
  const lang = useAppSelector(selectLang)
  return { lang, t: (key, params) => translate(lang, key, params) }
}

/** A feature's strings resolved to the current language. */
export function useStrings<K extends string>(strings: Strings<K>): Record<K, string> {
  const lang = useAppSelector(selectLang)
  const out = {} as Record<K, string>
  for (const k of Object.keys(strings) as K[]) out[k] = strings[k][lang]
  return out
}

/** Fill `{name}` placeholders (src/i18n). */
export { fill } from '../i18n'
