// Small helpers of the monitoring pages.
import type { Alert } from '@/types/monitoring'

/** Milliseconds of an API time: Unix ms, Unix seconds, or an RFC 3339 string. */
export function toMs(v: number | string | null | undefined): number | undefined {
  if (v === null || v === undefined || v === '') return undefined
  if (typeof v === 'number') return v < 1e12 ? v * 1000 : v
  const n = Number(v)
  if (!Number.isNaN(n)) return toMs(n)
  const d = Date.parse(v)
  return Number.isNaN(d) ? undefined : d
}

const labelTypes: Record<string, 'danger' | 'warning' | 'primary' | 'info'> = { ae: 'danger', offlabel: 'warning', bribery: 'primary', pii: 'info' }

/** Element Plus tag type of a label. */
export const labelType = (l: string) => labelTypes[l] ?? 'info'

/** Tag type of a severity. */
export const severityType = (s: string) => (s === 'high' ? 'danger' : s === 'medium' ? 'warning' : 'info')

/** Overdue as the server says, or computed from due_at for open alerts. */
export function isOverdue(a: Pick<Alert, 'overdue' | 'due_at' | 'state'>, now = Date.now()): boolean {
  if (a.state === 'closed') return false
  if (a.overdue !== undefined) return a.overdue
  const due = toMs(a.due_at ?? undefined)
  return due !== undefined && due < now
}

/** The evidence of an alert in one line: its hits' matched texts. */
export function evidence(a: Pick<Alert, 'hits'>): string {
  return [...new Set((a.hits ?? []).map((h) => h.text).filter(Boolean))].join(' · ')
}
