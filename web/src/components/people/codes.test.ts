import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import { groupPlan } from './plan'
import { issueText, reasonText, refusalText } from './codes'

const { t, te } = i18n.global

describe('HR codes in the user language', () => {
  const cases = [
    { name: 'removed row reason in Chinese', locale: 'zh-CN', code: 'hr_row_removed.disable', msg: 'not in this HR file ...', want: /本次 HR 文件中没有此人/ },
    { name: 'English keeps the specific message', locale: 'en', code: 'hr_row_removed.disable', msg: 'not in this HR file (E9)', want: /^not in this HR file \(E9\)$/ },
    { name: 'unknown code falls back to the message', locale: 'zh-CN', code: 'brand_new.rule', msg: 'something new', want: /^something new$/ },
    { name: 'no code: the message', locale: 'zh-CN', code: undefined, msg: 'plain', want: /^plain$/ },
  ]
  for (const c of cases) {
    it(c.name, () => {
      expect(reasonText(t, te, c.locale, c.code, c.msg)).toMatch(c.want)
    })
  }

  it('translates row problems and refusals by code', () => {
    expect(issueText(t, te, 'zh-CN', { line: 2, code: 'duplicate_email', reason: 'duplicate email (also on line 3)' })).toBe('邮箱重复')
    expect(issueText(t, te, 'zh-CN', { line: 2, code: 'nope', reason: 'raw' })).toBe('raw')
    const run = { run_id: 1, state: 'refused', report: { rows: 30, refused: true, refuse_code: 'removal_limit_exceeded', refuse_reason: 'x', errors: [] },
      plan: { employees: [], removal_guard: { removals: 141, active: 171, limit_percent: 10, exceeded: true } } }
    expect(refusalText(t, te, 'zh-CN', run)).toContain('171 名在职员工中的 141 名')
    expect(refusalText(t, te, 'zh-CN', run)).toContain('10%')
  })

  it('a removed row step shows the name the server gave it', () => {
    const g = groupPlan({ employees: [{ employee_id: 'E9', name: '孙八', userid: 'sun.ba', action: 'disable', rule: 'hr_row_removed', reason_code: 'hr_row_removed.disable' }],
      steps: [{ reason: '', seq: 1, employee_id: 'E9', userid: 'sun.ba', name: '孙八', action: 'disable', rule: 'hr_row_removed', reason_code: 'hr_row_removed.disable' }] })
    expect(g[0].rows[0]).toMatchObject({ name: '孙八', reason_code: 'hr_row_removed.disable' })
  })

  it('a leaver handover step says which path, to whom, in Chinese too', () => {
    const g = groupPlan({ employees: [{ employee_id: 'E1', name: '张三', userid: 'zhang.san', action: 'disable', rule: 'leaver', reason_code: 'leaver.disable' }],
      steps: [
        { seq: 1, employee_id: 'E1', userid: 'zhang.san', name: '张三', action: 'handover', rule: 'leaver_handover_onjob', reason_code: 'leaver_handover_onjob.handover',
          reason: '在职继承 of 5 customers ...', handover: { kind: 'onjob', takeover_userid: 'wang.wu', takeover_name: '王五', customers: 5, groups: 1 } },
        { reason: '', seq: 2, employee_id: 'E1', userid: 'zhang.san', name: '张三', action: 'disable', rule: 'leaver', reason_code: 'leaver.disable' },
      ] })
    // the handover comes before the disable it must precede
    expect(g.map((x) => x.action)).toEqual(['handover', 'disable'])
    const row = g[0].rows[0]
    const h = row.handover!
    const text = reasonText(t, te, 'zh-CN', row.reason_code, row.reason, { to: `${h.takeover_name} (${h.takeover_userid})`, customers: h.customers, groups: h.groups })
    expect(text).toBe('在账号仍在职时，将 5 位客户和 1 个客户群在职继承给 王五 (wang.wu)，然后再停用')
    expect(row.name).toBe('张三')
  })
})
