// Navigation guard: pages need a session (else sign-in with the return
// path) and their permission (else the 403 page).
import type { NavigationGuardWithThis, RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { allowed } from './menu'

export async function guard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const auth = useAuthStore()
  let signedIn = false
  try {
    signedIn = await auth.ensure()
  } catch {
    if (to.meta.public) return true
    return to.name === 'server-error' ? true : { name: 'server-error' }
  }
  if (to.meta.public) {
    if (to.name === 'login' && signedIn) return safeRedirect(to.query.redirect)
    return true
  }
  if (!signedIn) return { name: 'login', query: { redirect: to.fullPath } }
  const needed = to.matched.map((r) => r.meta.permission).filter((p) => p !== undefined)
  if (!needed.every((p) => allowed(p, auth.permissions))) return { name: 'forbidden' }
  return true
}

/** Only same-site paths may be a return target. */
export function safeRedirect(v: unknown): string {
  const s = typeof v === 'string' ? v : ''
  return s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/login') ? s : '/'
}

export const navigationGuard: NavigationGuardWithThis<undefined> = (to) => guard(to)
