// One's own sign-in: the public enrolment page (the one-time link is the
// credential) and the account page (password and authenticator changes).
import { http } from './client'

export interface EnrolmentPage {
  username: string
  expires_at: number
  totp_secret: string
  otpauth_url: string
}

export interface NewAuthenticator {
  totp_secret: string
  otpauth_url: string
}

export const accountApi = {
  openEnrolment: (token: string) => http.post<EnrolmentPage>('/enrolment/open', { token }, { redirectOn401: false }),
  completeEnrolment: (token: string, password: string, totp: string) =>
    http.post<{ enrolled: boolean }>('/enrolment/complete', { token, password, totp }, { redirectOn401: false }),
  changePassword: (current_password: string, totp: string, new_password: string) =>
    http.post<{ changed: boolean }>('/auth/password', { current_password, totp, new_password }),
  beginTOTP: () => http.post<NewAuthenticator>('/auth/totp'),
  confirmTOTP: (current_totp: string, new_totp: string) => http.post<{ changed: boolean }>('/auth/totp/confirm', { current_totp, new_totp }),
}

/** The enrolment token from the link's fragment (#token), never sent to a server log. */
export function enrolmentToken(hash: string): string {
  return decodeURIComponent(hash.replace(/^#/, '')).trim()
}
