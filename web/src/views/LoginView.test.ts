import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import LoginView from './LoginView.vue'
import { adminSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { useAuthStore } from '@/stores/auth'

async function fill(wrapper: Awaited<ReturnType<typeof mountWithApp>>['wrapper'], totp = '123456') {
  await wrapper.find('input[name="username"]').setValue('admin')
  await wrapper.find('input[name="password"]').setValue('admin-demo-2026')
  await wrapper.find('input[name="totp"]').setValue(totp)
  await wrapper.find('form').trigger('submit')
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
  await flushPromises()
}

describe('LoginView', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('offers one SSO button per provider', async () => {
    mockFetch({ '/api/v1/auth/providers': { body: { data: [{ name: 'azure', display_name: 'Azure AD' }, { name: 'okta' }] } } })
    const { wrapper } = await mountWithApp(LoginView, { path: '/login?redirect=/audit' })
    await flushPromises()
    const a = wrapper.find('[data-test="sso-azure"]')
    expect(a.attributes('href')).toBe('/api/v1/auth/oidc/login?provider=azure&return_to=%2Faudit')
    expect(wrapper.find('[data-test="sso-okta"]').exists()).toBe(true)
    expect(a.text()).toContain('使用 SSO 登录')
  })

  it('signs in and goes to the return path', async () => {
    const { calls } = mockFetch({
      '/api/v1/auth/providers': { status: 404, body: { error: { code: 'not_found', message: '' } } },
      'POST /api/v1/auth/login': { body: { data: adminSession } },
      '/api/v1/auth/me': { body: { data: adminSession } },
    })
    const { wrapper, router } = await mountWithApp(LoginView, { path: '/login?redirect=/jobs' })
    await flushPromises()
    expect(wrapper.find('[data-test^="sso-"]').exists()).toBe(false)
    await fill(wrapper)
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ username: 'admin', password: 'admin-demo-2026', totp: '123456' })
    expect(useAuthStore().signedIn).toBe(true)
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/jobs'), { timeout: 30_000 })
  })

  it('shows a locked account in words, with the wait', async () => {
    mockFetch({
      '/api/v1/auth/providers': { body: { data: [] } },
      'POST /api/v1/auth/login': { status: 423, body: { error: { code: 'account_locked', message: 'locked', details: { retry_after_seconds: 600 } } } },
    })
    const { wrapper } = await mountWithApp(LoginView)
    await fill(wrapper)
    expect(wrapper.find('[data-test="login-error"]').text()).toContain('10 分钟后重试')
  })

  it('refuses a code that is not 6 digits without calling the server', async () => {
    const { calls } = mockFetch({ '/api/v1/auth/providers': { body: { data: [] } } })
    const { wrapper } = await mountWithApp(LoginView)
    await fill(wrapper, '12ab')
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([])
  })
})
