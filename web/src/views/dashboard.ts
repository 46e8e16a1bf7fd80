// Pure helpers of the dashboard: tolerant reading of GET /status and the
// chart options built from it.
import type { EChartsCoreOption } from 'echarts/core'
import type { CorpStatus, JobDepth, Status } from '@/types/status'
export * from './dashboardSeries'

export const MSGTYPES = ['text', 'image', 'voice', 'video', 'file', 'link', 'meeting_voice_call', 'revoke']
export const MEDIA_STATES = ['pending', 'downloading', 'downloaded', 'scanned', 'infected', 'converted', 'transcribed', 'failed']
export const HEALTH_COMPONENTS = ['clamd', 'ffmpeg', 'transcription', 'blob']

/** Sums counts over the corps in scope; known keys always present (as 0). */
export function sumCounts(corps: CorpStatus[], pick: (c: CorpStatus) => Record<string, number> | undefined,
  known: string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(known.map((k) => [k, 0]))
  for (const c of corps) {
    for (const [k, v] of Object.entries(pick(c) ?? {})) out[k] = (out[k] ?? 0) + (Number(v) || 0)
  }
  return out
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0)
}

/** Corps the dashboard shows: the selected one when the status knows it, else all. */
export function scopeCorps(status: Status | undefined, corpId: string): CorpStatus[] {
  const corps = Array.isArray(status?.corps) ? status!.corps : []
  const hit = corps.filter((c) => c.corp_id === corpId)
  return hit.length ? hit : corps
}

export function hasData(c: CorpStatus): boolean {
  return c.ingest?.cursor !== undefined || total(c.messages_by_type ?? {}) > 0
}

type Label = (key: string) => string

/** States drawn in the danger colour wherever they appear. */
const DANGER = new Set(['infected', 'failed', 'dead'])
const STATE_COLORS: Record<string, string> = { queued: '#3b82f6', pending: '#60a5fa', running: '#22c55e', retrying: '#f59e0b',
  failed: '#ef4444', dead: '#991b1b', succeeded: '#94a3b8' }

/**
 * Horizontal bars, one per key, largest first: long Chinese and English
 * labels sit on the y axis and never overlap however many types there are.
 */
export function barOption(counts: Record<string, number>, label: Label, color: string): EChartsCoreOption {
  const keys = Object.keys(counts).sort((a, b) => counts[a] - counts[b])
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: keys.map(label), axisLabel: { interval: 0, width: 110, overflow: 'truncate' } },
    series: [{
      type: 'bar', barMaxWidth: 18, itemStyle: { color, borderRadius: [0, 4, 4, 0] }, label: { show: true, position: 'right' },
      data: keys.map((k) => (DANGER.has(k) ? { value: counts[k], itemStyle: { color: '#ef4444' } } : counts[k])),
    }],
  }
}

/** Job depths as a flat list, from either form the status may use. */
export function jobDepths(jobs: Status['jobs']): JobDepth[] {
  if (Array.isArray(jobs)) return jobs
  if (!jobs || typeof jobs !== 'object') return []
  return Object.entries(jobs).flatMap(([kind, byState]) =>
    Object.entries(byState ?? {}).map(([state, count]) => ({ kind, state, count: Number(count) || 0 })))
}

/** Job queue depth as bars stacked by state, one bar per kind. */
export function jobsOption(jobs: JobDepth[] | undefined, kindLabel: Label, stateLabel: Label): EChartsCoreOption {
  const list = Array.isArray(jobs) ? jobs : []
  const kinds = [...new Set(list.map((j) => j.kind))]
  const states = [...new Set(list.map((j) => j.state))]
  if (!states.length) states.push('queued', 'running', 'failed')
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 72 },
    xAxis: { type: 'category', data: kinds.map(kindLabel), axisLabel: { interval: 0, rotate: kinds.length > 3 ? 25 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: states.map((s) => ({
      name: stateLabel(s), type: 'bar', stack: 'depth', barMaxWidth: 36, itemStyle: { color: STATE_COLORS[s] },
      data: kinds.map((k) => list.filter((j) => j.kind === k && j.state === s).reduce((a, j) => a + j.count, 0)),
    })),
  }
}

/** Lag in words-ready units: seconds under a minute, then minutes, hours, days. */
export function lagParts(seconds: number | undefined): { value: number; unit: 's' | 'm' | 'h' | 'd' } | null {
  if (seconds === undefined || seconds === null || Number.isNaN(seconds)) return null
  if (seconds < 60) return { value: Math.round(seconds), unit: 's' }
  if (seconds < 3600) return { value: Math.round(seconds / 60), unit: 'm' }
  if (seconds < 86400) return { value: Math.round(seconds / 3600), unit: 'h' }
  return { value: Math.round(seconds / 86400), unit: 'd' }
}

export function lagLevel(seconds: number | undefined, failing = false): 'success' | 'warning' | 'danger' | 'info' {
  if (failing) return 'danger'
  if (seconds === undefined) return 'info'
  if (seconds < 600) return 'success'
  if (seconds < 3600) return 'warning'
  return 'danger'
}
