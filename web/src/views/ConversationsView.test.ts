import { afterEach, describe, expect, test, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import ConversationsView from './ConversationsView.vue'
import { CORP_KEY } from '@/stores/corp'
import { mockFetch, type Call } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { fakeMatchMedia } from '@/test/media'

const hit = (n: number, conv = 'e1|wm1') => ({ msgid: `m${n}`, corp: 'wwc', msgtime: n * 1000, msgtype: 'text', from: 'e1', conversation_id: conv, snippet: `不良反应${n}` })
const params = (c: Call) => Object.fromEntries(new URL(c.url, 'http://x').searchParams)

function api() {
  return mockFetch({
    '/api/v1/messages/search': { body: { data: { items: [hit(1), hit(2, 'e1|wm2')], total: 2 } } },
    '/api/v1/conversations': { body: { data: { items: [] } } },
    '/api/v1/conversations/e1%7Cwm1/messages': { body: { data: { items: [], names: {} } } },
    '/api/v1/conversations/e1%7Cwm2/messages': { body: { data: { items: [], names: {} } } },
  })
}

describe('conversation review deep links', () => {
  afterEach(() => { vi.unstubAllGlobals(); localStorage.clear() })

  test('a link opens the same search, conversation and message', async () => {
    localStorage.setItem(CORP_KEY, 'wwc')
    const { calls } = api()
    await mountWithApp(ConversationsView, { path: '/conversations?q=不良反应&employee=e1&recalled=true&c=e1|wm1&m=m1' })
    await flushPromises()
    const s = calls.find((c) => c.url.startsWith('/api/v1/messages/search'))
    expect(s && params(s)).toMatchObject({ corp: 'wwc', q: '不良反应', employee: 'e1', recalled: 'true' })
    const th = calls.find((c) => c.url.startsWith('/api/v1/conversations/e1%7Cwm1/messages'))
    expect(th && params(th)).toMatchObject({ around: 'm1' })
  })

  test('a search and an opened hit go into the URL, and Back returns to the previous view', async () => {
    localStorage.setItem(CORP_KEY, 'wwc')
    const { calls } = api()
    const { wrapper, router } = await mountWithApp(ConversationsView, { path: '/conversations' })
    await wrapper.find('[data-test="search-q"]').setValue('不良反应')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: '不良反应' })
    await wrapper.findAll('[data-test="search-hit"]')[1].trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: '不良反应', c: 'e1|wm2', m: 'm2' })
    router.back()
    await vi.waitFor(() => expect(router.currentRoute.value.query).toEqual({ q: '不良反应' }))
    await flushPromises()
    expect(wrapper.find('[data-test="search-q"]').element).toHaveProperty('value', '不良反应')
    expect(calls.filter((c) => c.url.startsWith('/api/v1/messages/search'))).toHaveLength(1) // same search: not run again
  })

  test('at phone width the panes stack: one at a time, a hit shows its thread', async () => {
    localStorage.setItem(CORP_KEY, 'wwc')
    api()
    fakeMatchMedia(375)
    const { wrapper } = await mountWithApp(ConversationsView, { path: '/conversations?q=不良反应' })
    await flushPromises()
    const visible = (k: string) => (wrapper.find(`[data-test="pane-${k}"]`).element as HTMLElement).style.display !== 'none'
    expect(wrapper.find('[data-test="workspace"]').classes()).toContain('stacked')
    expect([visible('search'), visible('list'), visible('thread')]).toEqual([true, false, false])
    await wrapper.findAll('[data-test="search-hit"]')[0].trigger('click')
    await flushPromises()
    expect([visible('search'), visible('list'), visible('thread')]).toEqual([false, false, true])
  })

  test('at desktop width all three panes show side by side', async () => {
    localStorage.setItem(CORP_KEY, 'wwc')
    api()
    fakeMatchMedia(1280)
    const { wrapper } = await mountWithApp(ConversationsView, { path: '/conversations' })
    expect(wrapper.find('[data-test="workspace"]').classes()).not.toContain('stacked')
    expect(wrapper.find('[data-test="pane-tabs"]').exists()).toBe(false)
  })
})
