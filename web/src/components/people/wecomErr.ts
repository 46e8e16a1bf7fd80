// WeCom error codes in the user's language: the locale's people.wecomErr.<code>
// entry when there is one, else the code with WeCom's own text.
import { i18n } from '@/locales'
import { wecomErrCode } from './plan'

export function wecomErrorText(code: number | undefined, raw?: string): string {
  const { t, te } = i18n.global
  const c = code ?? wecomErrCode(raw)
  if (c === undefined || c === 0) return raw ?? ''
  const key = `people.wecomErr.${c}`
  return te(key) ? `${t(key)} (${c})` : t('people.wecomErrUnknown', { code: c, text: raw ?? '' })
}
