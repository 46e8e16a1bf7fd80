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
        errors: [{ line: 3, column: 'mobile', code: 'bad_mobile', reason: '手机号格式不正确' }, { line: 4, column: 'status', code: 'bad_status', reason: 'unknown status "gone"' }] },
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
    expect(report.text()).toContain('手机号格式不正确')
    expect(wrapper.find('[data-test="hr-errors"]').text()).toMatch(/3\s*mobile/)
  })
})
