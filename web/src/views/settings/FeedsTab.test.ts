import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import SettingsView from '../SettingsView.vue'
import { adminSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { useAuthStore } from '@/stores/auth'
import { useCorpStore } from '@/stores/corp'

const overview = {
  corp_id: 'ww1',
  destination: { backend: 'azure', prefix: 'lake/', formats: ['parquet'], schedule: '1h0m0s', tables: ['messages', 'audit'] },
  settings: { corp_id: 'ww1', media_bytes: false, mask_pii: true, compliance_formats: ['eml'], updated_by: 'admin', updated_at: 1 },
  watermarks: { messages: { value: 9007199254740993, next_part: 3, updated_at: 1765000000000 } },
  runs: [
    { id: 'r2', corp_id: 'ww1', state: 'failed', trigger: 'schedule', rows: 0, bytes: 0, files: 1, attempts: 1,
      last_error: 'lake: put: 连接超时', started_at: 1765000000000, finished_at: 0 },
    { id: 'r1', corp_id: 'ww1', state: 'done', trigger: 'cli', rows: 1200, bytes: 52000, files: 8, attempts: 1,
      last_error: '', started_at: 1764990000000, finished_at: 1764990005000 },
  ],
}

vi.setConfig({ testTimeout: 30_000 })

describe('Settings: data feeds', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows destination, watermarks and runs with the failure, and retries it', async () => {
    const { calls } = mockFetch({
      '/api/v1/auth/me': { body: { data: adminSession } },
      '/api/v1/lake': { body: { data: overview } },
      'POST /api/v1/lake/runs': { body: { data: { corp_id: 'ww1', run_id: 'r2', resumed: true, rows: 5, bytes: 10 } } },
    })
    const m = await mountWithApp(SettingsView, { path: '/settings?tab=feeds', attachTo: document.body })
    useAuthStore(m.pinia).session = adminSession
    const cs = useCorpStore(m.pinia)
    cs.corps = [{ corp_id: 'ww1', key: 'c1', name: '企业1' }]
    cs.select('ww1')
    await flushPromises()
    const w = m.wrapper
    expect(w.find('[data-test="feeds-destination"]').text()).toContain('azure')
    expect(w.find('[data-test="feeds-runs"]').text()).toContain('连接超时')
    expect(w.find('[data-test="feeds-runs"]').text()).toContain('1200')
    expect(w.find('[data-test="feeds-watermarks"]').text()).toContain('messages')
    const run = w.find('[data-test="feeds-run"]')
    expect(run.text()).toContain('重试')
    await run.trigger('click')
    await flushPromises()
    const post = calls.find((c) => c.method === 'POST')
    expect(post?.url).toContain('/api/v1/lake/runs?corp=ww1')
    w.unmount()
  })
})
