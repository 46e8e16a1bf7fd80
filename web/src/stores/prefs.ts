// User preferences kept in this browser: language and dark mode.
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { i18n, LOCALE_KEY, storedLocale, type Locale } from '@/locales'

export const DARK_KEY = 'wecomadmin.dark'

export const usePrefsStore = defineStore('prefs', () => {
  const locale = ref<Locale>(storedLocale())
  const dark = ref(localStorage.getItem(DARK_KEY) === '1')

  function apply() {
    i18n.global.locale.value = locale.value
    document.documentElement.lang = locale.value
    document.documentElement.classList.toggle('dark', dark.value)
  }

  function setLocale(l: Locale) {
    locale.value = l
  }

  function toggleDark() {
    dark.value = !dark.value
  }

  watch(locale, (l) => {
    localStorage.setItem(LOCALE_KEY, l)
    apply()
  })
  watch(dark, (d) => {
    localStorage.setItem(DARK_KEY, d ? '1' : '0')
    apply()
  })
  apply()

  return { locale, dark, setLocale, toggleDark }
})
