import { describe, expect, it } from 'vitest'
import { confirmationMatches, countByState, groupPlan, planCounts, wecomErrCode } from './plan'
import type { HRPlan } from '@/types/resources'

const plan: HRPlan = {
  employees: [
    { employee_id: 'E1', name: '张三', userid: 'zhang.san', action: 'create', rule: 'new_employee' },
    { employee_id: 'E2', name: '李四', userid: 'li.si', action: 'disable', rule: 'leaver' },
    { employee_id: 'E3', name: '王五', userid: 'wang.wu', action: 'held', rule: 'leaver_customers_not_handed_over' },
    { employee_id: 'E4', name: '赵六', userid: 'zhao.liu', action: 'unchanged', rule: 'in_sync' },
    { employee_id: 'E5', name: '钱七', userid: 'qian.qi', action: 'delete', rule: 'leaver_grace_elapsed' },
  ],
  steps: [
    { reason: '', reason_code: '', seq: 1, employee_id: 'E1', userid: 'zhang.san', action: 'create', rule: 'new_employee' },
    { reason: '', reason_code: '', seq: 2, employee_id: 'E2', userid: 'li.si', action: 'disable', rule: 'leaver' },
    { reason: '', reason_code: '', seq: 3, userid: 'qian.qi', action: 'delete', rule: 'leaver_grace_elapsed' },
    { reason: '', reason_code: '', seq: 4, employee_id: 'E1', userid: 'zhang.san', action: 'update', rule: 'hr_profile_changed', changes: [{ field: 'position', from: 'a', to: 'b' }] },
  ],
}

describe('sync plan grouping', () => {
  it('groups steps and stepless employees by action, in review order, destructive ones marked', () => {
    const g = groupPlan(plan)
    expect(g.map((x) => [x.action, x.rows.length, x.destructive])).toEqual([
      ['create', 1, false], ['update', 1, false], ['disable', 1, true], ['delete', 1, true], ['held', 1, false], ['unchanged', 1, false],
    ])
    // A step without an employee id finds its employee by userid.
    expect(g[3].rows[0]).toMatchObject({ name: '钱七', employee_id: 'E5', seq: 3 })
    expect(g[1].rows[0].changes).toEqual([{ field: 'position', from: 'a', to: 'b' }])
    expect(planCounts(g)).toEqual({ changes: 4, destructive: 2 })
  })

  it('falls back to the employees when a plan has no steps', () => {
    const g = groupPlan({ employees: plan.employees })
    expect(planCounts(g)).toEqual({ changes: 3, destructive: 2 })
    expect(groupPlan(null)).toEqual([])
  })

  it('asks for the destructive count, forgiving spaces and full-width digits', () => {
    expect(confirmationMatches('2', 2)).toBe(true)
    expect(confirmationMatches(' ２ ', 2)).toBe(true)
    expect(confirmationMatches('3', 2)).toBe(false)
    expect(confirmationMatches('', 2)).toBe(false)
    expect(confirmationMatches('', 0)).toBe(true)
  })

  it('finds WeCom errcodes in step errors and counts states', () => {
    expect(wecomErrCode('wecom: user/create: errcode 60104: mobile existed')).toBe(60104)
    expect(wecomErrCode('timeout')).toBeUndefined()
    expect(countByState([{ reason: '', reason_code: '', seq: 1, userid: 'a', action: 'create', rule: 'r', state: 'done' }, { reason: '', reason_code: '', seq: 2, userid: 'b', action: 'create', rule: 'r', state: 'failed' },
      { reason: '', reason_code: '', seq: 3, userid: 'c', action: 'create', rule: 'r' }])).toEqual({ done: 1, failed: 1, planned: 1 })
  })
})
