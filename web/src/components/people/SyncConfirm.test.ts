import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import SyncConfirm from './SyncConfirm.vue'
import SyncPlanTable from './SyncPlanTable.vue'
import SyncResult from './SyncResult.vue'
import { mountWithApp } from '@/test/mount'

const last = (w: { emitted: (e: string) => unknown[][] | undefined }) => w.emitted('update:confirmed')?.at(-1)?.[0]

describe('sync confirmation', () => {
  it('needs the typed number of destructive steps and the tick', async () => {
    const { wrapper } = await mountWithApp(SyncConfirm, { props: { changes: 5, destructive: 2, corpName: '总部' } })
    expect(wrapper.text()).toContain('2')
    expect(last(wrapper)).toBe(false)
    await wrapper.find('[data-test="confirm-check"] input').setValue(true)
    await flushPromises()
    expect(last(wrapper)).toBe(false)
    await wrapper.find('input[data-test="confirm-count"]').setValue('3')
    await flushPromises()
    expect(last(wrapper)).toBe(false)
    await wrapper.find('input[data-test="confirm-count"]').setValue('2')
    await flushPromises()
    expect(last(wrapper)).toBe(true)
  })

  it('needs only the tick when nothing is destructive', async () => {
    const { wrapper } = await mountWithApp(SyncConfirm, { props: { changes: 3, destructive: 0 } })
    expect(wrapper.find('input[data-test="confirm-count"]').exists()).toBe(false)
    await wrapper.find('[data-test="confirm-check"] input').setValue(true)
    await flushPromises()
    expect(last(wrapper)).toBe(true)
  })
})

describe('sync plan and result', () => {
  it('marks destructive groups and links held leavers to the handover wizard', async () => {
    const { wrapper } = await mountWithApp(SyncPlanTable, {
      props: { plan: { employees: [{ employee_id: 'E3', name: '王五', userid: 'wang.wu', action: 'held', rule: 'leaver_customers_not_handed_over' }],
        steps: [{ reason: '', reason_code: '', seq: 1, employee_id: 'E2', userid: 'li.si', action: 'delete', rule: 'leaver_grace_elapsed' }] } },
    })
    await flushPromises()
    expect(wrapper.find('[data-test="plan-count-delete"]').classes()).toContain('danger')
    expect(wrapper.find('[data-test="plan-group-delete"]').text()).toContain('破坏性操作')
    const link = wrapper.find('[data-test="held-handover"]')
    // no kind: the wizard offers what WeCom allows for the member's state
    expect(link.attributes('href')).toContain('/handover?from=wang.wu')
  })

  it('translates WeCom error codes of failed steps', async () => {
    const { wrapper } = await mountWithApp(SyncResult, {
      props: { steps: [{ reason: '', reason_code: '', seq: 1, userid: 'a', action: 'create', rule: 'new_employee', state: 'done' },
        { reason: '', reason_code: '', seq: 2, userid: 'b', action: 'create', rule: 'new_employee', state: 'failed', error: 'wecom: user/create: errcode 60104: mobile existed' }] },
    })
    await flushPromises()
    expect(wrapper.text()).toContain('手机号码已被其他成员使用 (60104)')
    expect(wrapper.find('[data-test="result-failed"]').text()).toContain('1')
  })
})
