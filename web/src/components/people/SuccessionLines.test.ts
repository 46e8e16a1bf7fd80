import { describe, expect, it } from 'vitest'
import SyncPlanTable from './SyncPlanTable.vue'
import { mountWithApp } from '@/test/mount'
import { i18n } from '@/locales'

const plan = {
  employees: [{
    employee_id: 'E1', name: '张三', userid: 'zhang.san-2', action: 'create', rule: 'person_changed_mobile',
    succession: { old_userid: 'zhang.san', new_userid: 'zhang.san-2', lines: [
      { kind: 'create', state: 'planned', step: 1, userid: 'zhang.san-2', name: '张三', text: 'create', reason_code: 'succession.create.planned' },
      { kind: 'licence', state: 'open', userid: 'zhang.san-2', name: '张三', text: 'licence', reason_code: 'succession.licence.open' },
      { kind: 'customers', state: 'waiting', userid: 'zhang.san', name: '张三', count: 12, text: 'c', reason_code: 'succession.customers.waiting' },
      { kind: 'groups', state: 'waiting', userid: 'zhang.san', name: '张三', count: 3, text: 'g', reason_code: 'succession.groups.waiting' },
      { kind: 'delete_old', state: 'waiting', userid: 'zhang.san', name: '张三', text: 'd', reason_code: 'succession.delete_old.waiting' },
      { kind: 'email', state: 'waiting', userid: 'zhang.san-2', name: '张三', text: 'e', reason_code: 'succession.email.waiting' },
    ] },
  }],
  steps: [{ seq: 1, employee_id: 'E1', userid: 'zhang.san-2', action: 'create', rule: 'person_changed_mobile', reason: 'new account', reason_code: 'person_changed_mobile' }],
}

describe('a mobile change in the plan', () => {
  for (const [locale, words] of [
    ['zh-CN', ['更换手机号：张三 从 zhang.san 转到新账号 zhang.san-2', '会话存档许可', '12 位客户在职继承', '3 个客户群', '需管理员操作', '删除旧账号']],
    ['en', ['Mobile change: 张三 moves from zhang.san to the new account zhang.san-2', 'permit list', '在职继承 of 12 customers', '3 customer groups', 'Admin action', 'Delete the old account zhang.san']],
  ] as const) {
    it(`shows every line with its state, in ${locale}`, async () => {
      i18n.global.locale.value = locale
      const { wrapper } = await mountWithApp(SyncPlanTable, { props: { plan } })
      const box = wrapper.find('[data-test="succession-E1"]')
      expect(box.exists()).toBe(true)
      expect(box.findAll('li').map((l) => l.attributes('data-test'))).toEqual(
        ['create', 'licence', 'customers', 'groups', 'delete_old', 'email'].map((k) => `succession-line-${k}`))
      for (const w of words) expect(box.text()).toContain(w)
      expect(box.find('[data-test="succession-line-licence"]').attributes('data-state')).toBe('open')
    })
  }
})
