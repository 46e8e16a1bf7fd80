import { http, toPage, type Query } from './client'
import type { Page } from '@/types/api'
import type { AuditEntry, AuditVerifyResult } from '@/types/resources'

export interface AuditFilter {
  actor?: string
  action?: string
  target?: string
  outcome?: string
  from?: number
  to?: number
  limit?: number
  cursor?: string
}

export const auditApi = {
  list: async (f: AuditFilter) =>
    toPage(await http.get<Page<AuditEntry> | AuditEntry[]>('/audit', f as Query)),
  get: (id: AuditEntry['id']) => http.get<AuditEntry>(`/audit/${id}`),
  verify: () => http.get<AuditVerifyResult>('/audit/verify'),
  /** The action catalog, for the filter's picker. */
  actions: async () => (await http.get<{ items: string[] }>('/audit/actions')).items,
  exportURL: (f: AuditFilter) => {
    const qs = new URLSearchParams(Object.entries(f).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]))
    return `/api/v1/audit/export.csv?${qs.toString()}`
  },
}
