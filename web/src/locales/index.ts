// vue-i18n set-up: zh-CN by default, English on request; the choice is kept
// in localStorage by the prefs store.
import { createI18n } from 'vue-i18n'
import { en, zhCN } from './messages'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: Locale[] = ['zh-CN', 'en']
export const LOCALE_KEY = 'wecomadmin.locale'

export function storedLocale(): Locale {
  const v = typeof localStorage !== 'undefined' ? localStorage.getItem(LOCALE_KEY) : null
  return v === 'en' || v === 'zh-CN' ? v : 'zh-CN'
}

export function makeI18n(locale: Locale = storedLocale()) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN, en },
    missingWarn: false,
    fallbackWarn: false,
  })
}

export const i18n = makeI18n()
