import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AuditView from './AuditView.vue'
import { adminSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'

const GENESIS = '0'.repeat(64)
const entries = [
  { id: 3, at: 1764000002000, actor: 'rev', action: 'messages.search', outcome: 'success', metadata: { q: '超说明书 OR 不良反应' }, prev_hash: 'b'.repeat(64), hash: 'c'.repeat(64) },
  { id: 2, at: 1764000001000, actor: 'admin', action: 'auth.login', outcome: 'success', prev_hash: 'a'.repeat(64), hash: 'b'.repeat(64) },
  { id: 1, at: 1764000000000, actor: 'system', action: 'audit.start', outcome: 'success', prev_hash: GENESIS, hash: 'a'.repeat(64) },
]

// Mounting Element Plus tables and dialogs is slow on a busy machine.
vi.setConfig({ testTimeout: 30_000 })

describe('AuditView', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows an entry\'s chain position, hash and previous hash', async () => {
    mockFetch({ '/api/v1/auth/me': { body: { data: adminSession } }, '/api/v1/audit': { body: { data: { items: entries } } } })
    const { wrapper } = await mountWithApp(AuditView, { path: '/audit', attachTo: document.body })
    await flushPromises()
    await wrapper.findAll('.el-table__row')[2].trigger('click')
    await flushPromises()
    const drawer = document.querySelector('[data-test="audit-entry"]')!.textContent!
    expect(drawer).toContain('链上第 1 条')
    expect(drawer).toContain('首条记录')
    expect(document.querySelector('[data-test="audit-hash"]')!.textContent).toBe('a'.repeat(64))
    expect(document.querySelector('[data-test="audit-prev-hash"]')!.textContent).toBe(GENESIS)
    wrapper.unmount()
  })

  it('shows who searched what, and actions by their human label', async () => {
    mockFetch({
      '/api/v1/auth/me': { body: { data: adminSession } }, '/api/v1/audit': { body: { data: { items: entries } } },
      '/api/v1/audit/actions': { body: { data: { items: ['auth.login', 'messages.search'] } } },
    })
    const { wrapper } = await mountWithApp(AuditView, { path: '/audit' })
    await flushPromises()
    const first = wrapper.findAll('.el-table__row')[0]
    expect(first.text()).toContain('检索消息')
    expect(first.find('[data-test="audit-query"]').text()).toBe('超说明书 OR 不良反应')
    expect(wrapper.findAll('.el-table__row')[1].text()).toContain('登录')
    wrapper.unmount()
  })

  it.each([
    [{ intact: true, checked: 42, head_id: 42, head_hash: 'c'.repeat(64) }, 'audit-verify-ok', '正常：审计链完整'],
    [{ intact: false, checked: 7, first_broken_id: 7, reason: 'hash mismatch' }, 'audit-verify-broken', '首个损坏条目 #7'],
  ])('says the verification result plainly', async (result, testId, text) => {
    mockFetch({ '/api/v1/audit': { body: { data: { items: entries } } }, '/api/v1/audit/verify': { body: { data: result } } })
    const { wrapper } = await mountWithApp(AuditView, { path: '/audit' })
    await flushPromises()
    await wrapper.find('[data-test="audit-verify"]').trigger('click')
    await flushPromises()
    expect(wrapper.find(`[data-test="${testId}"]`).text()).toContain(text)
    wrapper.unmount()
  })
})
