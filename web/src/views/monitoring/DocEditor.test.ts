import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import DocEditor from './DocEditor.vue'
import { adminSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { useAuthStore } from '@/stores/auth'
import { CORP_KEY } from '@/stores/corp'

vi.setConfig({ testTimeout: 30_000 })

const doc = { corp: 'demo', corp_id: 'wwc', version: 3, body: { products: [{ name: '安立舒' }] } }

async function mountEditor(kind: 'products' | 'policy', routes: Parameters<typeof mockFetch>[0]) {
  const f = mockFetch({ '/api/v1/monitoring/policy/versions': { body: { data: { items: [{ version: 2, created_by: 'admin' }] } } }, ...routes })
  const m = await mountWithApp(DocEditor, { props: { kind }, path: '/monitoring', attachTo: document.body })
  useAuthStore().session = { ...adminSession, permissions: [...adminSession.permissions, 'alerts:read'] }
  await flushPromises()
  return { ...m, calls: f.calls }
}

describe('DocEditor', () => {
  beforeEach(() => localStorage.setItem(CORP_KEY, 'wwc'))
  afterEach(() => {
    vi.unstubAllGlobals()
    localStorage.clear()
    document.body.innerHTML = ''
  })

  it('shows the catalog in force and the server\'s error naming the entry when a save is refused', async () => {
    const { wrapper, calls } = await mountEditor('products', {
      'GET /api/v1/monitoring/products': { body: { data: doc } },
      'PUT /api/v1/monitoring/products': { status: 400, body: { error: { code: 'invalid_document', message: 'products[0] (安立舒): max_daily_dose_mg must be positive' } } },
    })
    const area = wrapper.find('textarea[data-test="doc-text"], [data-test="doc-text"] textarea')
    expect((area.element as HTMLTextAreaElement).value).toContain('"name": "安立舒"')
    await area.setValue('products:\n  - name: 安立舒\n    max_daily_dose_mg: -1\n')
    await wrapper.find('[data-test="doc-save"]').trigger('click')
    await flushPromises()
    const put = calls.find((c) => c.method === 'PUT')!
    expect(put.headers['Content-Type']).toBe('application/yaml')
    expect(wrapper.find('[data-test="doc-error"]').text()).toContain('products[0] (安立舒)')
    expect(wrapper.find('[data-test="doc-error"]').text()).toContain('现行版本保持不变')
    wrapper.unmount()
  })

  it('names a JSON syntax error before sending anything', async () => {
    const { wrapper, calls } = await mountEditor('products', { 'GET /api/v1/monitoring/products': { body: { data: doc } } })
    await wrapper.find('textarea[data-test="doc-text"], [data-test="doc-text"] textarea').setValue('{"products": [}')
    await wrapper.find('[data-test="doc-save"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="doc-error"]').text()).toContain('JSON 格式错误')
    expect(calls.some((c) => c.method === 'PUT')).toBe(false)
    wrapper.unmount()
  })

  it('tests a text on the edited policy and previews the historical count', async () => {
    const { wrapper, calls } = await mountEditor('policy', {
      'GET /api/v1/monitoring/policy': { body: { data: { version: 0, body: { version: 'default-1' } } } },
      'POST /api/v1/monitoring/test': { body: { data: { labels: ['bribery'], hits: [{ label: 'bribery', rule: 'bribery.card', start: 7, end: 10, text: '购物卡' }] } } },
      'POST /api/v1/monitoring/preview': { body: { data: { messages: 5000, current: 40, proposed: 52, added: 14, removed: 2 } } },
    })
    await wrapper.find('textarea[data-test="doc-text"], [data-test="doc-text"] textarea').setValue('version: mine\n')
    await wrapper.find('textarea[data-test="test-text"], [data-test="test-text"] textarea').setValue('给您准备了一张购物卡')
    await wrapper.find('[data-test="test-run"]').trigger('click')
    await flushPromises()
    expect(calls.find((c) => c.url.includes('/monitoring/test'))!.body).toEqual({ corp: 'wwc', text: '给您准备了一张购物卡', policy: 'version: mine\n' })
    expect(wrapper.find('[data-test="test-result"] mark').text()).toBe('购物卡')
    await wrapper.find('[data-test="doc-preview"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="preview-result"]').text()).toContain('52')
    wrapper.unmount()
  })
})
