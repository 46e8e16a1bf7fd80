import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AccountView from './AccountView.vue'
import { adminSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { useAuthStore } from '@/stores/auth'

async function mountAs(kind: string) {
  const m = await mountWithApp(AccountView, { path: '/account' })
  useAuthStore().session = { ...adminSession, user: { ...adminSession.user, account_kind: kind } } as never
  await flushPromises()
  return m
}

describe('AccountView', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('changes the password with the current password and a code', async () => {
    const { calls } = mockFetch({
      'POST /api/v1/auth/password': { status: 422, body: { error: { code: 'current_credentials_wrong', message: 'x' } } },
    })
    const { wrapper } = await mountAs('local')
    await wrapper.find('input[name="current"]').setValue('old password')
    await wrapper.find('input[name="code"]').setValue('123456')
    await wrapper.find('input[name="next"]').setValue('a brand new passphrase')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(calls[0].body).toEqual({ current_password: 'old password', totp: '123456', new_password: 'a brand new passphrase' })
    expect(wrapper.find('[data-test="pw-error"]').text()).toContain('当前密码或动态验证码错误')
  })

  it('offers a new key and confirms it with a code from each app', async () => {
    const { calls } = mockFetch({
      'POST /api/v1/auth/totp': { body: { data: { totp_secret: 'NEWKEY234567ABCD', otpauth_url: 'otpauth://totp/x' } } },
      'POST /api/v1/auth/totp/confirm': { body: { data: { changed: true } } },
    })
    const { wrapper } = await mountAs('local')
    await wrapper.find('[data-test="totp-start"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="totp-key"]').text()).toBe('NEWKEY234567ABCD')
    await wrapper.find('input[name="current_totp"]').setValue('111111')
    await wrapper.find('input[name="new_totp"]').setValue('222222')
    await wrapper.findAll('form')[1].trigger('submit')
    await flushPromises()
    expect(calls.at(-1)?.body).toEqual({ current_totp: '111111', new_totp: '222222' })
    expect(wrapper.find('[data-test="totp-key"]').exists()).toBe(false)
  })

  it('sends an SSO user to their identity provider', async () => {
    mockFetch({})
    const { wrapper } = await mountAs('oidc')
    expect(wrapper.find('[data-test="account-oidc"]').exists()).toBe(true)
    expect(wrapper.find('input[name="current"]').exists()).toBe(false)
  })
})
