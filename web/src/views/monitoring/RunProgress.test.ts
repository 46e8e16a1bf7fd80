import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import RunProgress from './RunProgress.vue'
import DocEditor from './DocEditor.vue'
import { runFinished, runPercent, runResult } from './runProgress'
import { adminSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { useAuthStore } from '@/stores/auth'
import { CORP_KEY } from '@/stores/corp'
import { i18n } from '@/locales'
import type { RunProgress as Run } from '@/types/monitoring'

vi.setConfig({ testTimeout: 30_000 })

const base: Run = { job_id: 7, corp_id: 'wwc', state: 'queued', done: 0, total: 0 }

describe('runProgress helpers', () => {
  it.each([
    [{ ...base }, 0, false],
    [{ ...base, state: 'running', done: 250, total: 1000 }, 25, false],
    [{ ...base, state: 'running', done: 10, total: 0 }, 0, false],
    [{ ...base, state: 'failed', done: 600, total: 1000 }, 60, false],
    [{ ...base, state: 'succeeded', done: 999, total: 1000 }, 100, true],
    [{ ...base, state: 'dead', done: 5, total: 10 }, 50, true],
  ] as [Run, number, boolean][])('%o is %d%% (finished %s)', (run, pct, done) => {
    expect(runPercent(run)).toBe(pct)
    expect(runFinished(run)).toBe(done)
  })
  it('reads the result once finished', () => {
    expect(runResult({ ...base, result: '{"messages":1200,"created":3}' })).toEqual({ messages: 1200, created: 3 })
    expect(runResult({ ...base, result: 'not json' })).toBeNull()
    expect(runResult(base)).toBeNull()
  })
})

describe('RunProgress', () => {
  beforeEach(() => localStorage.setItem(CORP_KEY, 'wwc'))
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
    i18n.global.locale.value = 'zh-CN'
    localStorage.clear()
    document.body.innerHTML = ''
  })

  it('polls the run until it ends and shows its counts, then its result (zh-CN)', async () => {
    vi.useFakeTimers()
    const answers: Run[] = [
      { ...base, state: 'running', done: 300, total: 1200 },
      { ...base, state: 'succeeded', done: 1200, total: 1200, result: '{"messages":1200,"created":4}' },
    ]
    let n = 0
    const f = mockFetch({ 'GET /api/v1/monitoring/runs/7': () => ({ body: { data: answers[Math.min(n++, answers.length - 1)] } }) })
    const { wrapper } = await mountWithApp(RunProgress, { props: { jobId: 7, intervalMs: 1000 }, path: '/monitoring' })
    await flushPromises()
    expect(wrapper.find('[data-test="run-state"]').text()).toBe('进行中')
    expect(wrapper.find('[data-test="run-detail"]').text()).toBe('已处理 300 / 1200 条消息')
    expect(wrapper.find('[data-test="run-bar"]').text()).toContain('25%')
    await vi.advanceTimersByTimeAsync(1000)
    await flushPromises()
    expect(wrapper.find('[data-test="run-state"]').text()).toBe('已完成')
    expect(wrapper.find('[data-test="run-detail"]').text()).toBe('共检测 1200 条消息，新增 4 条告警')
    await vi.advanceTimersByTimeAsync(5000)
    expect(f.calls.filter((c) => c.url.includes('/monitoring/runs/7')).length).toBe(2) // no polling after the end
    wrapper.unmount()
  })

  it('names the failure of a dead run (en)', async () => {
    i18n.global.locale.value = 'en'
    mockFetch({ 'GET /api/v1/monitoring/runs/7': { body: { data: { ...base, state: 'dead', done: 5, total: 10, attempts: 5, last_error: 'store closed' } } } })
    const { wrapper } = await mountWithApp(RunProgress, { props: { jobId: 7 }, path: '/monitoring' })
    await flushPromises()
    expect(wrapper.find('[data-test="run-state"]').text()).toBe('Failed')
    expect(wrapper.find('[data-test="run-error"]').text()).toContain('The run failed: store closed')
    wrapper.unmount()
  })

  it('appears in the policy editor once a run is started, read from the run endpoint, not the jobs API', async () => {
    const f = mockFetch({
      '/api/v1/monitoring/policy/versions': { body: { data: { items: [] } } },
      'GET /api/v1/monitoring/policy': { body: { data: { version: 0, body: { version: 'default-1' } } } },
      'POST /api/v1/monitoring/runs': { status: 202, body: { data: { job_id: 42, corp: 'demo', corp_id: 'wwc' } } },
      'GET /api/v1/monitoring/runs/42': { body: { data: { ...base, job_id: 42, state: 'queued' } } },
    })
    const { wrapper } = await mountWithApp(DocEditor, { props: { kind: 'policy' }, path: '/monitoring', attachTo: document.body })
    useAuthStore().session = { ...adminSession, permissions: ['alerts:read', 'settings:write'] }
    await flushPromises()
    expect(wrapper.find('[data-test="run-progress"]').exists()).toBe(false)
    await wrapper.find('[data-test="doc-run"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="run-progress"]').text()).toContain('回溯检测 #42')
    expect(wrapper.find('[data-test="run-state"]').text()).toBe('排队中')
    expect(f.calls.some((c) => c.url.includes('/api/v1/jobs'))).toBe(false)
    wrapper.unmount()
  })
})
