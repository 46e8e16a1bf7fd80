// Turns any thrown error into a sentence in the user's language: the
// locale's `errors.<code>` entry when there is one, else the server's message.
import { ApiError } from '@/api/client'
import { i18n } from './index'

export function errorMessage(err: unknown): string {
  const { t, te } = i18n.global
  if (err instanceof ApiError) {
    const key = `errors.${err.code}`
    if (te(key)) return t(key, errorParams(err))
    return err.message || t('errors.unknown')
  }
  if (err instanceof Error && err.message) return err.message
  return t('errors.unknown')
}

function errorParams(err: ApiError): Record<string, unknown> {
  const d = err.details ?? {}
  const secs = Number(d.retry_after_seconds ?? 0)
  return { ...d, minutes: Math.max(1, Math.ceil(secs / 60)), seconds: secs, message: err.message }
}
