// Data shaping of the dashboard's per-day chart and its coverage tiles:
// messages per day by msgtype, consent coverage, licence use, callback and
// sync health, quarantined records by key version.
import type { EChartsCoreOption } from 'echarts/core'
import type { CorpStatus } from '@/types/status'

type Label = (key: string) => string

export interface PerDay {
  /** Every day from the first to the last, gaps filled, "YYYY-MM-DD". */
  days: string[]
  /** Msgtypes, most frequent first. */
  types: string[]
  /** counts[type][i] is the count of that type on days[i]. */
  counts: Record<string, number[]>
}

const DAY_MS = 86_400_000

function dayMs(d: string): number {
  return Date.parse(`${d}T00:00:00Z`)
}

/** Merges the corps' messages_per_day into one continuous series per msgtype. */
export function perDaySeries(corps: CorpStatus[], minDays = 14, today?: string): PerDay {
  const sums = new Map<string, Record<string, number>>()
  for (const c of corps) {
    for (const d of Array.isArray(c.messages_per_day) ? c.messages_per_day : []) {
      if (!d || typeof d.day !== 'string' || Number.isNaN(dayMs(d.day))) continue
      const into = sums.get(d.day) ?? {}
      for (const [k, v] of Object.entries(d.counts ?? {})) into[k] = (into[k] ?? 0) + (Number(v) || 0)
      sums.set(d.day, into)
    }
  }
  const known = [...sums.keys()].map(dayMs)
  const last = today ? dayMs(today) : known.length ? Math.max(...known) : Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
  const first = Math.min(last - (minDays - 1) * DAY_MS, ...(known.length ? known : [last]))
  const days: string[] = []
  for (let t = first; t <= last; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10))
  const totals: Record<string, number> = {}
  for (const c of sums.values()) for (const [k, v] of Object.entries(c)) totals[k] = (totals[k] ?? 0) + v
  const types = Object.keys(totals).sort((a, b) => totals[b] - totals[a] || a.localeCompare(b))
  const counts = Object.fromEntries(types.map((ty) => [ty, days.map((d) => sums.get(d)?.[ty] ?? 0)]))
  return { days, types, counts }
}

const PALETTE = ['#3b82f6', '#14b8a6', '#f59e0b', '#8b5cf6', '#ec4899', '#22c55e', '#64748b', '#ef4444', '#0ea5e9', '#a3e635',
  '#1e3a8a', '#0f766e', '#b45309', '#6d28d9', '#be185d', '#15803d', '#334155', '#991b1b', '#0369a1', '#4d7c0f']

/** Stacked bars, one stack per day, one series per msgtype; legend below, scrollable. */
export function perDayOption(p: PerDay, label: Label): EChartsCoreOption {
  return {
    color: PALETTE,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: p.days.map((d) => d.slice(5)), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: p.types.map((ty) => ({ name: label(ty), type: 'bar', stack: 'day', barMaxWidth: 28, data: p.counts[ty] })),
  }
}

export interface Shares {
  agreed: number
  refused: number
  none: number
  total: number
}

/** Conversations by consent state; "none" holds those with no consent on record or not yet checked. */
export function consentShares(corps: CorpStatus[]): Shares {
  const s: Shares = { agreed: 0, refused: 0, none: 0, total: 0 }
  for (const c of corps) {
    for (const [k, v] of Object.entries(c.consent ?? {})) {
      const n = Number(v) || 0
      if (k === 'agreed') s.agreed += n
      else if (k === 'refused') s.refused += n
      else s.none += n
      s.total += n
    }
  }
  return s
}

export function percent(n: number, total: number): number {
  return total > 0 ? Math.round((n / total) * 1000) / 10 : 0
}

export interface LicenceUse {
  quota: number
  used: number
  licensed: number
  permitted: number
  over: boolean
  /** 0-100, of the quota (0 when no quota is set). */
  pct: number
}

/** Licence use across the corps: the larger of HR-licensed and WeCom-permitted counts as used. */
export function licenceUse(corps: CorpStatus[]): LicenceUse {
  let quota = 0, licensed = 0, permitted = 0
  for (const c of corps) {
    quota += Number(c.licences?.quota) || 0
    licensed += Number(c.licences?.licensed) || 0
    permitted += Number(c.licences?.permitted) || 0
  }
  const used = Math.max(licensed, permitted)
  return { quota, used, licensed, permitted, over: quota > 0 && used > quota, pct: quota > 0 ? Math.min(100, Math.round((used / quota) * 100)) : 0 }
}

/** The worst callback state of the corps: degraded > ok > idle; unknown when the server does not say. */
export function callbackState(corps: CorpStatus[]): string {
  const states = corps.map((c) => c.callbacks?.state).filter((s): s is string => !!s)
  if (!states.length) return 'unknown'
  for (const s of ['degraded', 'down', 'ok', 'idle']) if (states.includes(s)) return s
  return states[0]
}

/** Health-badge state of one corp's newest HR sync run. */
export function syncHealth(state: string | undefined): string {
  if (!state) return 'unknown'
  if (state === 'none') return 'disabled'
  if (['failed', 'error', 'partial'].includes(state)) return 'degraded'
  return 'ok'
}

/** Quarantined archive records by key version, summed over reasons. */
export function missingKeyVersions(c: CorpStatus): { version: number; count: number; reasons: string[] }[] {
  const by = new Map<number, { version: number; count: number; reasons: string[] }>()
  for (const q of c.quarantine_by_key ?? []) {
    const e = by.get(q.publickey_ver) ?? { version: q.publickey_ver, count: 0, reasons: [] }
    e.count += q.count
    if (!e.reasons.includes(q.reason)) e.reasons.push(q.reason)
    by.set(q.publickey_ver, e)
  }
  return [...by.values()].sort((a, b) => a.version - b.version)
}
