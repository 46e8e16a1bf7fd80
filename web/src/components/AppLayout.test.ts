import { afterEach, describe, expect, test, vi } from 'vitest'
import { nextTick } from 'vue'
import AppLayout from './AppLayout.vue'
import { useAuthStore } from '@/stores/auth'
import { adminSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'

describe('app layout', () => {
  afterEach(() => vi.unstubAllGlobals())

  test('hides the page as soon as the session expires', async () => {
    mockFetch({ '/api/v1/corps': { body: { data: [] } }, '/api/v1/auth/me': { body: { data: adminSession } } })
    const { wrapper } = await mountWithApp(AppLayout, { path: '/jobs' })
    const auth = useAuthStore()
    auth.session = adminSession as never
    await nextTick()
    expect(wrapper.find('.main').element.children.length).toBeGreaterThan(0)
    auth.expire()
    await nextTick()
    expect(wrapper.find('.main').element.children.length).toBe(0)
  })
})
