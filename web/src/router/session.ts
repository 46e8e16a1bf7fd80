// Wires the request client to the session: the CSRF token comes from the
// auth store, and a 401 in the middle of work (session expired or revoked)
// tells the user in a dialog, then sends them to sign-in with the page to
// come back to. Archive content leaves the screen first: the layout hides
// the page while signed out and the review search is cleared.
import type { Router } from 'vue-router'
import { configureClient } from '@/api/client'
import type { useAuthStore } from '@/stores/auth'
import { useReviewSearchStore } from '@/stores/reviewSearch'

/** Shows "your session expired" and resolves when the user acknowledges it. */
export type ExpiryNotice = () => Promise<unknown>

export function installSession(router: Router, auth: ReturnType<typeof useAuthStore>, notice?: ExpiryNotice): void {
  let showing = false
  configureClient({
    csrfToken: () => auth.csrfToken,
    onUnauthorized: () => {
      const here = router.currentRoute.value
      const wasSignedIn = auth.signedIn
      auth.expire()
      // What was searched and found is not left behind for whoever signs in next.
      useReviewSearchStore().clear()
      // Several calls of one page may fail at once: one dialog, one redirect.
      if (here.name === 'login' || showing) return
      const go = () => void router.push({ name: 'login', query: { redirect: here.fullPath } })
      if (!notice || !wasSignedIn) return go()
      showing = true
      void notice().catch(() => undefined).finally(() => {
        showing = false
        go()
      })
    },
  })
}
