import { describe, expect, it } from 'vitest'
import { en, zhCN } from './messages'
import { i18n } from './index'
import { errorMessage } from './errors'
import { ApiError } from '@/api/client'

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('locales', () => {
  it('zh-CN and en have the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('translates every server error code the foundation emits', () => {
    for (const code of ['not_found', 'method_not_allowed', 'unavailable', 'body_too_large', 'bad_request', 'validation_failed',
      'unauthenticated', 'forbidden', 'too_many_corps', 'conflict', 'internal', 'invalid_credentials', 'account_locked']) {
      expect(keys(zhCN)).toContain(`errors.${code}`)
    }
  })

  it('translates a code with its details, in the chosen language', () => {
    const locked = new ApiError(423, { code: 'account_locked', message: 'locked', details: { retry_after_seconds: 290 } })
    i18n.global.locale.value = 'zh-CN'
    expect(errorMessage(locked)).toBe('账号因多次登录失败已被锁定，请在 5 分钟后重试。')
    i18n.global.locale.value = 'en'
    expect(errorMessage(locked)).toBe('This account is locked after repeated failed sign-ins. Try again in 5 min.')
    i18n.global.locale.value = 'zh-CN'
  })

  it('falls back to the server message for an unknown code', () => {
    expect(errorMessage(new ApiError(409, { code: 'brand_new_code', message: 'server says so' }))).toBe('server says so')
    expect(errorMessage('weird')).toBe('发生未知错误，请重试。')
  })
})
