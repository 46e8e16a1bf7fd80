// Wires the request client to the session: the CSRF token comes from the
// auth store, and a 401 in the middle of work (session expired or revoked)
// sends the user to sign-in with the page to come back to.
import type { Router } from 'vue-router'
import { configureClient } from '@/api/client'
import type { useAuthStore } from '@/stores/auth'

export function installSession(router: Router, auth: ReturnType<typeof useAuthStore>): void {
  configureClient({
    csrfToken: () => auth.csrfToken,
    onUnauthorized: () => {
      const here = router.currentRoute.value
      auth.expire()
      if (here.name !== 'login') void router.push({ name: 'login', query: { redirect: here.fullPath } })
    },
  })
}
