import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import HrImportView from './HrImportView.vue'
import { mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { useCorpStore } from '@/stores/corp'

const refused = {
  error: {
    code: 'hr_file_refused', message: 'too many bad rows',
    details: {
      corp: 'main', run_id: 7, state: 'refused', plan: null,
      report: { rows: 3, refused: true, refuse_reason: 'too many bad rows',
        errors: [{ line: 3, column: 'mobile', code: 'bad_mobile', reason: 'mobile must be 11 digits' }, { line: 4, column: 'status', code: 'bad_status', reason: 'unknown status "gone"' }] },
    },
  },
}

describe('HR import wizard', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('uploads the file for a dry run and reports bad rows with line numbers', async () => {
    const { calls } = mockFetch({ 'POST /api/v1/hr/imports': { status: 422, body: refused } })
    const { wrapper } = await mountWithApp(HrImportView, { path: '/employees/import' })
    const corp = useCorpStore()
    corp.corps = [{ corp_id: 'ww1', key: 'main', name: '总部' }]
    corp.select('ww1')
    const input = wrapper.find('input[type="file"]')
    const file = new File(['employee_id,name\nE1,张三\n'], 'hr.csv', { type: 'text/csv' })
    Object.defineProperty(input.element, 'files', { value: [file] })
    await input.trigger('change')
    await flushPromises()
    await wrapper.findAll('button').find((b) => b.text() === '校验并预演')!.trigger('click')
    await flushPromises()
    expect(calls[0].url).toBe('/api/v1/hr/imports?corp=main')
    expect(calls[0].body).toBeInstanceOf(FormData)
    const report = wrapper.find('[data-test="hr-step-report"]')
    expect(report.text()).toContain('发现 2 处错误')
    // Row problems by code in Chinese; an unknown code falls back to the server's message.
    expect(report.text()).toContain('手机号不正确')
    expect(report.text()).not.toContain('mobile must be 11 digits')
    expect(report.text()).toContain('unknown status "gone"')
    expect(wrapper.find('[data-test="hr-errors"]').text()).toMatch(/3\s*mobile/)
  })
  async function upload(routes: Parameters<typeof mockFetch>[0]) {
    const fetched = mockFetch(routes)
    const { wrapper } = await mountWithApp(HrImportView, { path: '/employees/import' })
    const corp = useCorpStore()
    corp.corps = [{ corp_id: 'ww1', key: 'main', name: '总部' }]
    corp.select('ww1')
    const input = wrapper.find('input[type="file"]')
    Object.defineProperty(input.element, 'files', { value: [new File(['x'], 'hr.csv', { type: 'text/csv' })] })
    await input.trigger('change')
    await flushPromises()
    await wrapper.findAll('button').find((b) => b.text() === '校验并预演')!.trigger('click')
    await flushPromises()
    return { wrapper, calls: fetched.calls }
  }
  const refusedWith = (report: object, plan: object | null = null) => ({
    status: 422, body: { error: { code: 'hr_file_refused', message: 'refused', details: { corp: 'main', run_id: 9, state: 'refused', plan, report } } },
  })

  it('refuses an empty file plainly instead of reporting 0 errors', async () => {
    const { wrapper } = await upload({ 'POST /api/v1/hr/imports': refusedWith({ rows: 0, refused: true, refuse_code: 'empty_file',
      refuse_reason: 'the file has no employee rows', errors: [] }) })
    const text = wrapper.find('[data-test="hr-refusal"]').text()
    expect(text).toContain('文件未被接受')
    expect(text).toContain('文件为空')
    expect(text).not.toMatch(/0 处错误/)
    expect(wrapper.find('[data-test="hr-errors"]').exists()).toBe(false)
  })

  it('explains the removal limit and lets a second person override it', async () => {
    const plan = { employees: [], steps: [], removal_guard: { removals: 141, active: 171, limit_percent: 10, exceeded: true, code: 'removal_limit_exceeded' } }
    let answer = { status: 403, body: { error: { code: 'second_person_required', message: 'second person' } } } as { status: number; body: unknown }
    const { wrapper, calls } = await upload({
      'POST /api/v1/hr/imports': refusedWith({ rows: 30, refused: true, refuse_code: 'removal_limit_exceeded', refuse_reason: '141 of 171 ...', errors: [] }, plan),
      'POST /api/v1/hr/imports/9/override-removals': () => answer,
    })
    expect(wrapper.find('[data-test="hr-refusal"]').text()).toContain('171 名在职员工中的 141 名')
    const btn = wrapper.find('[data-test="hr-guard-override"]')
    expect(btn.attributes('disabled')).toBeDefined()
    await wrapper.find('[data-test="hr-guard"] textarea').setValue('业务拆分，确有 141 人转出')
    await btn.trigger('click')
    await flushPromises()
    expect(calls.at(-1)!.body).toEqual({ reason: '业务拆分，确有 141 人转出' })
    expect(wrapper.find('[data-test="hr-error"]').text()).toContain('必须由第二人')
    answer = { status: 200, body: { data: { run_id: 9, state: 'planned', progress: {}, total: 141, steps: [] } } }
    await btn.trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="hr-error"]').exists() ? wrapper.find('[data-test="hr-error"]').text() : '').toBe('')
    const next = wrapper.findAll('button').find((b) => b.text() === '下一步')
    expect(next?.attributes('disabled')).toBeUndefined()
  })
})
