import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import EnrolView from './EnrolView.vue'
import { mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { enrolmentToken } from '@/api/account'

const page = { username: 'carol', expires_at: Date.UTC(2026, 11, 10), totp_secret: 'JBSWY3DPEHPK3PXP', otpauth_url: 'otpauth://totp/x' }

async function mountAt(hash: string) {
  window.location.hash = hash
  const m = await mountWithApp(EnrolView, { path: '/enrol' })
  await flushPromises()
  return m
}

describe('EnrolView', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    window.location.hash = ''
  })

  it('reads the token from the fragment only', () => {
    expect(enrolmentToken('#abc-DEF_1')).toBe('abc-DEF_1')
    expect(enrolmentToken('')).toBe('')
  })

  it('shows the account and key, then sets the password with a code', async () => {
    const { calls } = mockFetch({
      'POST /api/v1/enrolment/open': { body: { data: page } },
      'POST /api/v1/enrolment/complete': { body: { data: { enrolled: true } } },
    })
    const { wrapper } = await mountAt('#tok123')
    expect(calls[0].body).toEqual({ token: 'tok123' })
    expect(wrapper.find('[data-test="enrol-username"]').text()).toBe('carol')
    expect(wrapper.find('[data-test="enrol-key"]').text()).toBe('JBSWY3DPEHPK3PXP')
    const submit = wrapper.find('[data-test="enrol-submit"]')
    await wrapper.find('input[name="password"]').setValue('short')
    await flushPromises()
    expect(wrapper.find('[data-test="enrol-problem"]').text()).toContain('至少 12 个字符')
    expect(submit.attributes('disabled')).toBeDefined()
    await wrapper.find('input[name="password"]').setValue('my own long passphrase')
    await wrapper.find('input[name="repeat"]').setValue('my own long passphrase')
    await wrapper.find('input[name="code"]').setValue('123456')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(calls.find((c) => c.url.includes('complete'))?.body).toEqual({ token: 'tok123', password: 'my own long passphrase', totp: '123456' })
    expect(wrapper.find('[data-test="enrol-done"]').exists()).toBe(true)
    expect(window.location.hash).toBe('')
  })

  it('says a used or expired link is dead, in words', async () => {
    mockFetch({ 'POST /api/v1/enrolment/open': { status: 410, body: { error: { code: 'enrolment_invalid', message: 'gone' } } } })
    const { wrapper } = await mountAt('#used')
    expect(wrapper.find('[data-test="enrol-error"]').text()).toContain('注册链接无效、已使用或已过期')
    expect(wrapper.find('[data-test="enrol-submit"]').exists()).toBe(false)
  })

  it('asks for the link when there is no token', async () => {
    const { calls } = mockFetch({})
    const { wrapper } = await mountAt('')
    expect(calls).toEqual([])
    expect(wrapper.find('[data-test="enrol-error"]').text()).toContain('需要您收到的注册链接')
  })
})
