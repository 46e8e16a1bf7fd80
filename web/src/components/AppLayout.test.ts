import { afterEach, describe, expect, test, vi } from 'vitest'
import { nextTick } from 'vue'
import AppLayout from './AppLayout.vue'
import { useAuthStore } from '@/stores/auth'
import { adminSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { fakeMatchMedia } from '@/test/media'

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

  test('at phone width the side menu collapses into a drawer opened from the header', async () => {
    mockFetch({ '/api/v1/corps': { body: { data: [] } } })
    const media = fakeMatchMedia(375)
    const { wrapper, router } = await mountWithApp(AppLayout, { path: '/jobs', attachTo: document.body })
    useAuthStore().session = adminSession as never
    await nextTick()
    expect(wrapper.find('[data-test="aside"]').exists()).toBe(false)
    await wrapper.find('[data-test="menu-toggle"]').trigger('click')
    await vi.waitFor(() => expect(document.querySelector('.menu-drawer [data-test="side-menu"]')).not.toBeNull())
    await router.push('/exports')
    await vi.waitFor(() => expect(wrapper.findComponent({ name: 'ElDrawer' }).props('modelValue')).toBe(false))
    media.resize(1280)
    await nextTick()
    expect(wrapper.find('[data-test="aside"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="menu-toggle"]').exists()).toBe(false)
    wrapper.unmount()
  })
})
