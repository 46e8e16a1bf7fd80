import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import DashboardView from './DashboardView.vue'
import { adminSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { barOption, jobDepths, jobsOption, lagParts, scopeCorps, sumCounts } from './dashboard'
import type { Status } from '@/types/status'

const full: Status = {
  version: 'v1.2.3',
  corps: [
    { corp_id: 'ww1', name: '总部', ingest: { cursor: 1234, lag_seconds: 90, last_ingest_at: 1764000000000 },
      messages_by_type: { text: 10, image: 2, weird: 1 }, media_by_state: { pending: 3, infected: 1 } },
    { corp_id: 'ww2', name: '子公司' },
  ],
  jobs: [{ kind: 'media_scan', state: 'queued', count: 4 }, { kind: 'media_scan', state: 'failed', count: 1 }],
  health: { clamd: { status: 'ok' }, ffmpeg: { status: 'down', detail: 'not installed' } },
}

describe('dashboard helpers', () => {
  it('sums counts with known keys present and unknown ones kept', () => {
    const c = sumCounts(full.corps, (x) => x.messages_by_type, ['text', 'voice'])
    expect(c).toEqual({ text: 10, voice: 0, image: 2, weird: 1 })
  })

  it('scopes to the selected corp when the status knows it', () => {
    expect(scopeCorps(full, 'ww2').map((c) => c.corp_id)).toEqual(['ww2'])
    expect(scopeCorps(full, 'other')).toHaveLength(2)
    expect(scopeCorps(undefined, '')).toEqual([])
  })

  it('builds chart options', () => {
    const o = barOption({ a: 1, failed: 2 }, (k) => k.toUpperCase(), '#000') as { xAxis: { data: string[] }; series: { data: unknown[] }[] }
    expect(o.xAxis.data).toEqual(['A', 'FAILED'])
    expect(o.series[0].data).toEqual([1, { value: 2, itemStyle: { color: '#ef4444' } }])
    const j = jobsOption(jobDepths(full.jobs), (k) => k, (s) => s) as { series: { name: string; data: number[] }[] }
    expect(j.series.map((s) => [s.name, s.data])).toEqual([['queued', [4]], ['failed', [1]]])
  })

  it('reads job depth from the map the jobs API sends, or a list', () => {
    expect(jobDepths({ media_scan: { queued: 4, dead: 1 } })).toEqual([
      { kind: 'media_scan', state: 'queued', count: 4 }, { kind: 'media_scan', state: 'dead', count: 1 }])
    expect(jobDepths(full.jobs)).toHaveLength(2)
    expect(jobDepths(null)).toEqual([])
  })

  it('expresses lag in sensible units', () => {
    expect(lagParts(42)).toEqual({ value: 42, unit: 's' })
    expect(lagParts(7200)).toEqual({ value: 2, unit: 'h' })
    expect(lagParts(undefined)).toBeNull()
  })
})

describe('DashboardView', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('renders tiles, health and charts from a full status', async () => {
    mockFetch({ '/api/v1/status': { body: { data: full } }, '/api/v1/auth/me': { body: { data: adminSession } } })
    const { wrapper } = await mountWithApp(DashboardView, { path: '/' })
    await flushPromises()
    expect(wrapper.findAll('[data-test="chart"]')).toHaveLength(3)
    expect(wrapper.find('[data-test="ingest-ww1"]').text()).toContain('1234')
    expect(wrapper.find('[data-test="ingest-ww2"] [data-test="ingest-empty"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="health-ffmpeg"]').text()).toContain('不可用')
    expect(wrapper.find('[data-test="health-blob"]').text()).toContain('未知')
    wrapper.unmount()
  })

  it('copes with the foundation status (no corps yet)', async () => {
    mockFetch({ '/api/v1/status': { body: { data: { version: 'dev', corps: [] } } } })
    const { wrapper } = await mountWithApp(DashboardView, { path: '/' })
    await flushPromises()
    expect(wrapper.find('[data-test="no-corps"]').exists()).toBe(true)
    expect(wrapper.findAll('[data-test="chart"]')).toHaveLength(3)
    expect(wrapper.text()).toContain('暂无消息')
    wrapper.unmount()
  })
})
