// Conversation monitoring: the alert queue and its actions, and the
// per-corp monitoring setup (catalog, policy, settings, summary).
import { API_BASE, http, type Query } from './client'
import type {
  Alert, AlertDetail, AlertFilter, AlertPage, CatalogDoc, ClassifyResult, DispositionRequest, MonitoringSettings,
  MonitoringSummary, PolicyVersion, PreviewResult, RunProgress,
} from '@/types/monitoring'

/** Query parameters of the queue: empty filters left out, booleans only when set. */
export function alertQuery(f: AlertFilter): Query {
  const q: Query = {}
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || v === '' || v === false) continue
    q[k] = typeof v === 'string' ? v.trim() : v
  }
  return q
}

export const alertsApi = {
  list: (f: AlertFilter) => http.get<AlertPage>('/alerts', alertQuery(f)),
  get: (id: Alert['id']) => http.get<AlertDetail>(`/alerts/${id}`),
  assign: (id: Alert['id'], assignee: string) => http.post<Alert>(`/alerts/${id}/assign`, { assignee }),
  disposition: (id: Alert['id'], d: DispositionRequest) => http.post<Alert>(`/alerts/${id}/disposition`, d),
  note: (id: Alert['id'], text: string) => http.post<unknown>(`/alerts/${id}/notes`, { text }),
  approve: (id: Alert['id'], note: string) => http.post<Alert>(`/alerts/${id}/approve`, { note }),
  bulkFalsePositive: (ids: Alert['id'][], note: string) =>
    http.post<{ updated?: number; failed?: unknown[] }>('/alerts/bulk', { ids, disposition: 'false_positive', note }),
  intakeURL: (id: Alert['id'], format: 'json' | 'csv') => `${API_BASE}/alerts/${id}/intake?format=${format}`,
}

export const monitoringApi = {
  summary: (corp: string, from?: number, to?: number) => http.get<MonitoringSummary>('/monitoring/summary', { corp, from, to }),
  products: (corp: string) => http.get<CatalogDoc | string>('/monitoring/products', { corp }),
  putProducts: (corp: string, text: string) => http.put<unknown>(`/monitoring/products?corp=${encodeURIComponent(corp)}`, text, { contentType: documentType(text) }),
  policy: (corp: string) => http.get<CatalogDoc | string>('/monitoring/policy', { corp }),
  putPolicy: (corp: string, text: string) => http.put<unknown>(`/monitoring/policy?corp=${encodeURIComponent(corp)}`, text, { contentType: documentType(text) }),
  policyVersions: (corp: string) => http.get<PolicyVersion[] | { items: PolicyVersion[] }>('/monitoring/policy/versions', { corp }),
  test: (corp: string, text: string, policy?: string) => http.post<ClassifyResult>('/monitoring/test', { corp, text, policy }),
  preview: (corp: string, policy: string) => http.post<PreviewResult>('/monitoring/preview', { corp, policy }),
  run: (corp: string) => http.post<{ job_id?: string | number; id?: string | number }>('/monitoring/runs', { corp }),
  runProgress: (id: string | number) => http.get<RunProgress>(`/monitoring/runs/${encodeURIComponent(String(id))}`),
  settings: (corp: string) => http.get<MonitoringSettings>('/monitoring/settings', { corp }),
  putSettings: (corp: string, s: MonitoringSettings) => http.put<MonitoringSettings>(`/monitoring/settings?corp=${encodeURIComponent(corp)}`, s),
}

/** The text of a catalog or policy answer: a bare string, or a document with text/content, or the object itself as JSON. */
export function docText(v: CatalogDoc | string | undefined | null): string {
  if (v == null) return ''
  if (typeof v === 'string') return v
  if (typeof v.text === 'string') return v.text
  if (typeof v.content === 'string') return v.content
  if ('body' in v) return v.body == null ? '' : typeof v.body === 'string' ? v.body : JSON.stringify(v.body, null, 2)
  return JSON.stringify(v, null, 2)
}

/** The Content-Type of a YAML or JSON document, by its first character. */
export function documentType(text: string): string {
  return /^\s*[{[]/.test(text) ? 'application/json' : 'application/yaml'
}
