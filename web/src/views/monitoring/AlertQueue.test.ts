import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AlertQueue from './AlertQueue.vue'
import { adminSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { useAuthStore } from '@/stores/auth'
import { CORP_KEY } from '@/stores/corp'

vi.setConfig({ testTimeout: 30_000 })

const alerts = [
  { id: 11, corp: 'wwc', msgid: 'm1', conversation_id: 'zhangwei|wm1', labels: ['ae', 'pii'], severity: 'high', state: 'open',
    due_at: 1000, overdue: true, created_at: 1, msgtime: 1, employee: 'zhangwei', employee_name: '张伟',
    hits: [{ label: 'ae', rule: 'ae.event', start: 0, end: 4, text: '黑便两次' }] },
  { id: 12, corp: 'wwc', msgid: 'm2', conversation_id: 'liuyang|wm2', labels: ['bribery'], severity: 'medium', state: 'open',
    due_at: null, overdue: false, created_at: 2, employee: 'liuyang', hits: [{ label: 'bribery', rule: 'bribery.redpacket', start: 0, end: 4, text: '[红包]' }] },
]
const session = (write: boolean) => ({ ...adminSession, permissions: [...adminSession.permissions, 'alerts:read', ...(write ? ['alerts:write'] : [])] })

async function mountQueue(write: boolean, routes: Parameters<typeof mockFetch>[0] = {}) {
  const fetch = mockFetch({ '/api/v1/alerts': { body: { data: { items: alerts, next_cursor: '' } } }, ...routes })
  const m = await mountWithApp(AlertQueue, { path: '/monitoring', attachTo: document.body })
  useAuthStore().session = session(write)
  await flushPromises()
  return { ...m, calls: fetch.calls }
}

describe('AlertQueue', () => {
  beforeEach(() => localStorage.setItem(CORP_KEY, 'wwc'))
  afterEach(() => {
    vi.unstubAllGlobals()
    localStorage.clear()
    document.body.innerHTML = ''
  })

  it('lists the alerts with labels and evidence, and highlights the overdue one', async () => {
    const { wrapper, calls } = await mountQueue(true)
    expect(new URL(calls[0].url, 'http://x').searchParams.get('corp')).toBe('wwc')
    const rows = wrapper.findAll('.el-table__body-wrapper .el-table__row')
    expect(rows).toHaveLength(2)
    expect(rows[0].classes()).toContain('overdue-row')
    expect(rows[1].classes()).not.toContain('overdue-row')
    expect(rows[0].text()).toContain('不良事件')
    expect(rows[0].text()).toContain('黑便两次')
    expect(rows[0].text()).toContain('张伟')
    expect(wrapper.find('[data-test="overdue-count"]').text()).toContain('1')
    wrapper.unmount()
  })

  it('sends the filters it is given', async () => {
    const { wrapper, calls } = await mountQueue(true)
    await wrapper.find('input[data-test="filter-employee"]').setValue('zhangwei')
    await wrapper.find('[data-test="alert-filters"] .el-checkbox input').setValue(true)
    await wrapper.find('[data-test="alerts-search"]').trigger('click')
    await flushPromises()
    const q = new URL(calls[calls.length - 1].url, 'http://x').searchParams
    expect(q.get('employee')).toBe('zhangwei')
    expect(q.get('overdue')).toBe('true')
    wrapper.unmount()
  })

  it('closes the selected alerts as false positives', async () => {
    const { wrapper, calls } = await mountQueue(true, { 'POST /api/v1/alerts/bulk': { body: { data: { updated: 1 } } } })
    await wrapper.findAll('.el-table__body-wrapper .el-checkbox input')[1].setValue(true)
    await flushPromises()
    await wrapper.find('[data-test="bulk-fp"]').trigger('click')
    await flushPromises()
    ;(document.querySelector('[data-test="bulk-confirm"]') as HTMLElement).click()
    await flushPromises()
    const bulk = calls.find((c) => c.url.endsWith('/alerts/bulk'))!
    expect(bulk.body).toMatchObject({ ids: [12], disposition: 'false_positive' })
    expect(wrapper.findAll('[data-test="alert-state"]')[1].text()).toBe('已关闭')
    wrapper.unmount()
  })

  it('hides the actions from a reader without alerts:write', async () => {
    const { wrapper } = await mountQueue(false)
    expect(wrapper.findAll('.el-table__row')).toHaveLength(2)
    expect(wrapper.find('[data-test="bulk-fp"]').exists()).toBe(false)
    expect(wrapper.find('.el-table__body-wrapper .el-checkbox').exists()).toBe(false)
    wrapper.unmount()
  })
})
