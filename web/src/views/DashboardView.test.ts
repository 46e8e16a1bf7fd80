import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import DashboardView from './DashboardView.vue'
import { adminSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { barOption, jobDepths, jobsOption, lagLevel, lagParts, scopeCorps, sumCounts } from './dashboard'
import type { Status } from '@/types/status'

const full: Status = {
  version: 'v1.2.3',
  corps: [
    { corp_id: 'ww1', name: '总部', ingest: { cursor: 1234, lag_seconds: 90, last_ingest_at: 1764000000000 },
      messages_by_type: { text: 10, image: 2, weird: 1 }, media_by_state: { pending: 3, infected: 1 },
      messages_per_day: [{ day: '2026-11-20', counts: { text: 4, image: 1 } }],
      consent: { agreed: 6, refused: 1, none: 1 }, licences: { quota: 10, licensed: 8, permitted: 7 },
      callbacks: { state: 'degraded', last_received_at: 1764000000000, last_error: 'bad xml' }, sync: { state: 'none' },
      quarantine_by_key: [{ publickey_ver: 2, reason: 'missing_key', count: 3 }] },
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
    // Horizontal bars (labels on the y axis, so they never overlap), largest at the top.
    const o = barOption({ failed: 2, a: 1 }, (k) => k.toUpperCase(), '#000') as { yAxis: { data: string[] }; xAxis: { type: string }; series: { data: unknown[] }[] }
    expect(o.xAxis.type).toBe('value')
    expect(o.yAxis.data).toEqual(['A', 'FAILED'])
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
    expect(lagLevel(30)).toBe('success')
    expect(lagLevel(30, true)).toBe('danger')
    expect(lagLevel(undefined)).toBe('info')
  })
})

describe('DashboardView', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('renders tiles, health and charts from a full status', async () => {
    mockFetch({ '/api/v1/status': { body: { data: full } }, '/api/v1/auth/me': { body: { data: adminSession } } })
    const { wrapper } = await mountWithApp(DashboardView, { path: '/' })
    await flushPromises()
    expect(wrapper.findAll('[data-test="chart"]')).toHaveLength(4)
    expect(wrapper.find('[data-test="per-day-chart"] [data-test="chart"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="tile-consent"]').text()).toContain('75%')
    expect(wrapper.find('[data-test="tile-licences"]').text()).toContain('8 / 10')
    expect(wrapper.find('[data-test="callback-state"]').text()).toBe('有失败')
    expect(wrapper.find('[data-test="tile-keys"]').text()).toContain('v2')
    expect(wrapper.find('[data-test="ingest-ww1"]').text()).toContain('1234')
    expect(wrapper.find('[data-test="ingest-ww2"] [data-test="ingest-empty"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="health-ffmpeg"]').text()).toContain('不可用')
    expect(wrapper.find('[data-test="health-blob"]').text()).toContain('未知')
    wrapper.unmount()
  })

  it('says plainly when malware scanning is off, and not when it is on', async () => {
    const off = { ...full, health: { clamd: { status: 'disabled', detail: 'malware scanning is off' } } }
    mockFetch({ '/api/v1/status': { body: { data: off } }, '/api/v1/auth/me': { body: { data: adminSession } } })
    const { wrapper } = await mountWithApp(DashboardView, { path: '/' })
    await flushPromises()
    expect(wrapper.find('[data-test="scan-off"]').text()).toContain('恶意代码扫描未开启：文件未经扫描')
    wrapper.unmount()
    mockFetch({ '/api/v1/status': { body: { data: full } }, '/api/v1/auth/me': { body: { data: adminSession } } })
    const on = await mountWithApp(DashboardView, { path: '/' })
    await flushPromises()
    expect(on.wrapper.find('[data-test="scan-off"]').exists()).toBe(false)
    expect(on.wrapper.find('[data-test="scan-down"]').exists()).toBe(false)
    on.wrapper.unmount()
  })

  it('shows a corp without secrets as not configured, and judges lag by the last caught-up pull', async () => {
    const now = Date.now()
    const st: Status = {
      version: 'v', health: {},
      corps: [
        { corp_id: 'wwnew', name: '新企业', setup: { state: 'not_configured', missing: ['contacts', 'app', 'archive', 'archive_key'] },
          ingest: { cursor: 0, failing: true, last_error: '40001', last_error_at: now } },
        // Quiet for three days, pulling fine: green.
        { corp_id: 'wwquiet', name: '安静企业', setup: { state: 'ok', missing: [] }, messages_by_type: { text: 5 },
          ingest: { cursor: 5, lag_seconds: 20, lag_basis: 'caught_up', failing: false, last_message_at: new Date(now - 3 * 86_400_000).toISOString() } },
        // Pulls failing for two hours: red, with the error.
        { corp_id: 'wwfail', name: '失败企业', setup: { state: 'ok', missing: [] }, messages_by_type: { text: 5 },
          ingest: { cursor: 5, lag_seconds: 7200, lag_basis: 'caught_up', failing: true, last_error: 'wrong secret', last_error_at: now } },
      ],
    }
    mockFetch({ '/api/v1/status': { body: { data: st } }, '/api/v1/auth/me': { body: { data: adminSession } } })
    const { wrapper } = await mountWithApp(DashboardView, { path: '/' })
    await flushPromises()
    const fresh = wrapper.find('[data-test="ingest-wwnew"]')
    expect(fresh.find('[data-test="setup-wwnew"]').text()).toContain('未配置')
    expect(fresh.find('[data-test="setup-wwnew"]').text()).toContain('通讯录密钥')
    expect(fresh.find('[data-test="ingest-empty"]').exists()).toBe(false)
    const quiet = wrapper.find('[data-test="ingest-wwquiet"] [data-test="lag"]')
    expect(quiet.html()).toContain('el-tag--success')
    expect(wrapper.find('[data-test="ingest-wwquiet"] [data-test="last-message"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="ingest-wwfail"] [data-test="lag"]').html()).toContain('el-tag--danger')
    expect(wrapper.find('[data-test="ingest-wwfail"]').text()).toContain('wrong secret')
    wrapper.unmount()
  })

  it('copes with the foundation status (no corps yet)', async () => {
    mockFetch({ '/api/v1/status': { body: { data: { version: 'dev', corps: [] } } } })
    const { wrapper } = await mountWithApp(DashboardView, { path: '/' })
    await flushPromises()
    expect(wrapper.find('[data-test="no-corps"]').exists()).toBe(true)
    expect(wrapper.findAll('[data-test="chart"]')).toHaveLength(4)
    expect(wrapper.text()).toContain('暂无消息')
    expect(wrapper.text()).toContain('最近 14 天没有消息')
    expect(wrapper.find('[data-test="tile-consent"]').text()).toContain('尚未存档任何会话')
    wrapper.unmount()
  })
})
