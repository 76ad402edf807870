import zhCN from './zh-CN'
import en from './en'

export type Lang = 'zh' | 'en'

/** Common strings (navigation, page titles, states) in both languages. */
export const messages = { zh: zhCN, en } as const

export type MessageKey = keyof typeof zhCN

/** Look up a common string; `{name}` placeholders are filled from `params`. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return fill(messages[lang][key] ?? messages.zh[key], params)
}

/** Fill `{name}` placeholders; unknown names stay as they are. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, k: string) => (k in params ? String(params[k]) : whole))
}

/** A feature's own strings: each entry in both languages. */
export type Strings<K extends string> = Record<K, { zh: string; en: string }>

export function defineStrings<K extends string>(s: Strings<K>): Strings<K> {
  return s
}

/** The system language mapped to ours: Chinese variants → zh, anything else → en. */
export function langFromSystem(systemLanguage: string | undefined): Lang {
  return !systemLanguage || /^zh/i.test(systemLanguage) ? 'zh' : 'en'
}
