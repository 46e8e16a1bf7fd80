import { http } from './client'
import type { AuthProvider, Session } from '@/types/api'

export interface Credentials {
  username: string
  password: string
  totp: string
}

export const authApi = {
  login: (c: Credentials) => http.post<Session>('/auth/login', c, { redirectOn401: false }),
  me: () => http.get<Session>('/auth/me', undefined, { redirectOn401: false }),
  logout: () => http.post<void>('/auth/logout', undefined, { redirectOn401: false }),
  /** SSO providers; the server answers {"local":true,"oidc":[…]} (a bare list is accepted too). */
  providers: async (): Promise<AuthProvider[]> => {
    const v = await http.get<AuthProvider[] | { oidc?: AuthProvider[] | null } | null>('/auth/providers', undefined, { redirectOn401: false })
    return (Array.isArray(v) ? v : v?.oidc) ?? []
  },
  /** The SSO start URL: a full-page navigation, not an XHR. */
  ssoURL: (provider: string, returnTo?: string) =>
    `/api/v1/auth/oidc/login?provider=${encodeURIComponent(provider)}` +
    (returnTo ? `&return_to=${encodeURIComponent(returnTo)}` : ''),
}
