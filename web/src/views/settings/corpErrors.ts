// A corp the server refused for one field (422 validation_failed with
// details {field, code, reason}): the field's label and why, in the user's
// language, falling back to the server's reason.
import { ApiError } from '@/api/client'

type T = (key: string) => string
type TE = (key: string) => boolean

export interface CorpFieldError {
  field: string
  text: string
}

const LABELS: Record<string, string> = {
  corp_id: 'admin.corps.corpId', key: 'admin.corps.key', name: 'admin.corps.name', base_url: 'admin.corps.baseUrl',
  'callback.token': 'admin.corps.callbackToken', 'callback.aes_key': 'admin.corps.callbackAes', archive_keys: 'admin.corps.keyVersion',
}

export function corpFieldError(err: unknown, t: T, te: TE): CorpFieldError | null {
  if (!(err instanceof ApiError) || err.code !== 'validation_failed') return null
  const d = err.details ?? {}
  const field = typeof d.field === 'string' ? d.field : ''
  if (!field) return null
  const labelKey = field.startsWith('secrets.') ? `admin.corps.secret.${field.slice(8)}` : LABELS[field]
  const label = labelKey && te(labelKey) ? t(labelKey) : field
  const codeKey = `admin.corps.fieldErrors.${String(d.code ?? '')}`
  const reason = te(codeKey) ? t(codeKey) : String(d.reason ?? err.message)
  return { field, text: `${label}: ${reason}` }
}
