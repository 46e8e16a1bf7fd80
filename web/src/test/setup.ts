// Runs before every Vitest file. The files of one worker share one module
// graph and one jsdom (isolate: false in vite.config.ts): Element Plus and
// the views are imported, and the DOM built, once a worker rather than once
// a file, which cut the run's CPU time about fourfold on two cores. What a
// test could leave behind for the next file is undone after every test:
// mounted components (their watchers and teleports), stubbed globals, fake
// timers, the stored and current locale, and the request client's session
// hooks (a test that installs the session would lend its CSRF token on).
import { afterEach, vi } from 'vitest'
import { disableAutoUnmount, enableAutoUnmount } from '@vue/test-utils'
import { configureClient } from '@/api/client'
import { i18n } from '@/locales'

// Each file runs this file again against the one Test Utils module, which
// refuses a second enable: the previous file's hook is let go first.
disableAutoUnmount()
enableAutoUnmount(afterEach)

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  localStorage.clear()
  i18n.global.locale.value = 'zh-CN'
  configureClient({ csrfToken: () => undefined, onUnauthorized: () => {} })
})
