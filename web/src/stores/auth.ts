// The signed-in session: who, which roles, which permissions, and the CSRF
// token the request client sends on every state-changing call.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi, type Credentials } from '@/api/auth'
import { ApiError } from '@/api/client'
import type { Session } from '@/types/api'

export const useAuthStore = defineStore('auth', () => {
  const session = ref<Session | null>(null)
  /** True once we asked the server whether a session exists. */
  const probed = ref(false)
  /** Set when a call met 401 while signed in; the sign-in page says so. */
  const expired = ref(false)

  const user = computed(() => session.value?.user ?? null)
  const signedIn = computed(() => session.value !== null)
  const csrfToken = computed(() => session.value?.csrf_token)
  const permissions = computed(() => new Set(session.value?.permissions ?? []))

  function can(permission?: string | string[]): boolean {
    if (!permission || permission.length === 0) return true
    const list = Array.isArray(permission) ? permission : [permission]
    return list.some((p) => permissions.value.has(p))
  }

  async function login(c: Credentials) {
    session.value = await authApi.login(c)
    probed.value = true
    expired.value = false
  }

  /** Loads the current session once; false when nobody is signed in. */
  async function ensure(): Promise<boolean> {
    if (probed.value) return signedIn.value
    try {
      session.value = await authApi.me()
    } catch (e) {
      // 401: nobody signed in; 404: a server without sign-in yet, so the
      // sign-in page (which says so) beats an error page. Anything else
      // (server down): ask again on the next navigation.
      if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 404)) throw e
      session.value = null
    }
    probed.value = true
    return signedIn.value
  }

  async function logout() {
    try {
      await authApi.logout()
    } finally {
      session.value = null
      expired.value = false
    }
  }

  /** The server said our session is gone. */
  function expire() {
    if (session.value) expired.value = true
    session.value = null
    probed.value = true
  }

  return { session, probed, expired, user, signedIn, csrfToken, permissions, can, login, ensure, logout, expire }
})
