import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AlertDetailView from './AlertDetailView.vue'
import { adminSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { useAuthStore } from '@/stores/auth'

vi.setConfig({ testTimeout: 30_000 })

const detail = (extra = {}) => ({
  id: 5, corp: 'demo', msgid: 'm5', conversation_id: 'zw|wm1', labels: ['ae'], severity: 'high', state: 'open', created_at: 1,
  msgtime: 1764000000000, due_at: 1764086400000, overdue: false, four_eyes: true, needs_approval: false,
  text: '👍病人吃了安立舒后黑便两次', hits: [{ label: 'ae', rule: 'ae.event', start: 9, end: 11, text: '黑便' }],
  context: [{ msgid: 'm4', msgtime: 1, from: 'wm1', content: '主任好' }, { msgid: 'm5', msgtime: 2, from: 'wm1', content: '👍病人吃了安立舒后黑便两次', flagged: true }],
  notes: [], history: [{ at: 1, actor: 'system', action: 'created', to_state: 'open', detail: 'ae' }], approvals: [], ...extra,
})
const as = (username: string) => ({ ...adminSession, user: { ...adminSession.user, username }, permissions: [...adminSession.permissions, 'alerts:read', 'alerts:write'] })

async function mountDetail(d: object, user: string, routes: Parameters<typeof mockFetch>[0] = {}) {
  const f = mockFetch({ '/api/v1/alerts/5': { body: { data: d } }, ...routes })
  const m = await mountWithApp(AlertDetailView, { path: '/monitoring/alerts/5', attachTo: document.body })
  useAuthStore().session = as(user)
  await flushPromises()
  return { ...m, calls: f.calls }
}

describe('AlertDetailView', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('highlights the hit by its span and marks the flagged message in context', async () => {
    const { wrapper } = await mountDetail(detail(), 'reviewer')
    expect(wrapper.findAll('[data-test="hit-mark"]').map((m) => m.text())).toEqual(['黑便'])
    expect(wrapper.findAll('[data-test="context-message"]')[1].classes()).toContain('flagged')
    expect(wrapper.find('[data-test="history"]').text()).toContain('生成告警')
    wrapper.unmount()
  })

  it('asks for the case number of an AE report before sending it', async () => {
    const { wrapper, calls } = await mountDetail(detail(), 'reviewer', {
      'POST /api/v1/alerts/5/disposition': { body: { data: detail({ state: 'in_review', needs_approval: true }) } },
    })
    await wrapper.find('[data-test="open-disposition"]').trigger('click')
    await flushPromises()
    ;(document.querySelector('[data-test="disp-ae_reported"] input') as HTMLInputElement).click()
    await flushPromises()
    ;(document.querySelector('[data-test="disposition-save"]') as HTMLElement).click()
    await flushPromises()
    expect(document.querySelector('[data-test="disposition-dialog"] .is-error')).not.toBeNull()
    expect(calls.some((c) => c.method === 'POST')).toBe(false)
    const input = document.querySelector('input[data-test="case-number"], [data-test="case-number"] input') as HTMLInputElement
    input.value = 'PV-9'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    ;(document.querySelector('[data-test="disposition-save"]') as HTMLElement).click()
    await flushPromises()
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ disposition: 'ae_reported', case_number: 'PV-9' })
    wrapper.unmount()
  })

  it('four eyes: the reviewer who decided sees no approve button; another person does', async () => {
    const waiting = detail({ state: 'in_review', needs_approval: true, disposition: 'ae_reported',
      history: [{ at: 2, actor: 'reviewer', action: 'alert.disposition', from_state: 'open', to_state: 'in_review', detail: 'ae_reported' }] })
    const mine = await mountDetail(waiting, 'reviewer')
    expect(mine.wrapper.find('[data-test="needs-approval"]').exists()).toBe(true)
    expect(mine.wrapper.find('[data-test="open-approve"]').exists()).toBe(false)
    mine.wrapper.unmount()
    vi.unstubAllGlobals()
    const other = await mountDetail(waiting, 'admin')
    expect(other.wrapper.find('[data-test="open-approve"]').exists()).toBe(true)
    other.wrapper.unmount()
  })
})
