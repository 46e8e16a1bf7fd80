import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import { i18n } from '@/locales'
import { corpFieldError } from './corpErrors'

const refused = (details?: Record<string, unknown>) =>
  new ApiError(422, { code: 'validation_failed', message: 'secrets.app: the app secret must be ...', details })

describe('corp field errors', () => {
  const { t, te } = i18n.global
  const cases = [
    { name: 'bad secret in Chinese', locale: 'zh-CN', err: refused({ field: 'secrets.app', code: 'bad_secret', reason: 'the app secret must be ...' }),
      want: { field: 'secrets.app', text: /^应用: 只能包含字母/ } },
    { name: 'bad secret in English', locale: 'en', err: refused({ field: 'secrets.app', code: 'bad_secret', reason: 'x' }),
      want: { field: 'secrets.app', text: /^App: must be letters/ } },
    { name: 'unknown code falls back to the reason', locale: 'zh-CN', err: refused({ field: 'callback.aes_key', code: 'new_code', reason: 'too short' }),
      want: { field: 'callback.aes_key', text: /^回调 EncodingAESKey: too short$/ } },
    { name: 'no field: not a field error', locale: 'zh-CN', err: refused(), want: null },
    { name: 'another error', locale: 'zh-CN', err: new ApiError(409, { code: 'conflict', message: 'x' }), want: null },
  ]
  for (const c of cases) {
    it(c.name, () => {
      i18n.global.locale.value = c.locale as 'zh-CN'
      const got = corpFieldError(c.err, t, te)
      if (!c.want) return expect(got).toBeNull()
      expect(got?.field).toBe(c.want.field)
      expect(got?.text).toMatch(c.want.text)
    })
  }
})
