import { http, toPage, type Query } from './client'
import type { Page } from '@/types/api'
import type { ExportRow } from '@/types/admin'
import type { ExportJob, Job } from '@/types/resources'

export const exportsApi = {
  list: async (f: { corp?: string; cursor?: string }) =>
    toPage(await http.get<Page<ExportRow> | ExportRow[]>('/exports', f as Query)),
  get: (id: ExportRow['id']) => http.get<ExportRow>(`/exports/${id}`),
  approve: (id: ExportJob['id'] | ExportRow['id'], note = '') => http.post<ExportRow>(`/exports/${id}/approve`, { note }),
  reject: (id: ExportRow['id'], note = '') => http.post<ExportRow>(`/exports/${id}/reject`, { note }),
  /** The export's job, read through the export (its requester needs no jobs:read). */
  progress: (id: ExportJob['id'] | ExportRow['id']) => http.get<Job>(`/exports/${id}/progress`),
  eventsURL: (id: ExportJob['id'] | ExportRow['id']) => `/api/v1/exports/${id}/events`,
  downloadURL: (id: ExportJob['id'] | ExportRow['id']) => `/api/v1/exports/${id}/download`,
}
