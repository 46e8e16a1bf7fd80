// Normalises GET /monitoring/summary into what the dashboard tiles draw,
// accepting maps or lists for each part (the server's exact shape is the
// service's to choose; the tiles only need these numbers).
import type { MonitoringSummary } from '@/types/monitoring'
import { LABELS } from '@/types/monitoring'

export interface DashData {
  messages?: number
  perThousand: { label: string; value: number }[]
  open: number
  inReview: number
  awaiting: number
  overdue: number
  medianSeconds: number | null
  fpByRule: { rule: string; rate: number }[]
  days: string[]
  perDay: { label: string; counts: number[] }[]
}

export function dashData(s: MonitoringSummary | undefined | null): DashData {
  const src = s ?? {}
  const per = src.per_1000_messages ?? src.per_thousand ?? {}
  const perThousand = LABELS.map((l) => ({ label: l, value: Number(per[l] ?? 0) }))
  const fpRaw = src.false_positive_rate_by_rule ?? src.fp_rate_by_rule ?? []
  const fpByRule = (Array.isArray(fpRaw) ? fpRaw.map((r) => ({ rule: r.rule, rate: Number(r.rate ?? 0) }))
    : Object.entries(fpRaw).map(([rule, rate]) => ({ rule, rate: Number(rate) })))
    .sort((a, b) => b.rate - a.rate)
  const byDay: Record<string, Record<string, number>> = {}
  const series = src.series ?? []
  if (Array.isArray(series)) {
    for (const p of series) {
      const day = (byDay[p.day] ??= {})
      for (const [l, n] of Object.entries(p.labels ?? {})) day[l] = (day[l] ?? 0) + Number(n)
      if (p.label) day[p.label] = (day[p.label] ?? 0) + Number(p.count ?? 0)
    }
  } else {
    for (const [day, m] of Object.entries(series)) byDay[day] = { ...m }
  }
  const days = Object.keys(byDay).sort()
  const perDay = LABELS.map((l) => ({ label: l, counts: days.map((d) => byDay[d][l] ?? 0) }))
  const ms = src.median_time_to_disposition_ms
  const median = ms !== undefined && ms !== null ? ms / 1000 : src.median_disposition_seconds ?? src.median_time_to_disposition_seconds
  return {
    messages: src.messages, perThousand, open: Number(src.open ?? 0),
    inReview: Number(src.in_review ?? 0), awaiting: Number(src.awaiting_approval ?? 0), overdue: Number(src.overdue ?? 0),
    medianSeconds: median === undefined || median === null ? null : Number(median), fpByRule, days, perDay,
  }
}
