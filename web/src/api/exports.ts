import { http, toPage, type Query } from './client'
import type { Page } from '@/types/api'
import type { ExportJob } from '@/types/resources'

export const exportsApi = {
  list: async (f: { corp?: string; cursor?: string }) =>
    toPage(await http.get<Page<ExportJob> | ExportJob[]>('/exports', f as Query)),
  approve: (id: ExportJob['id']) => http.post<ExportJob>(`/exports/${id}/approve`),
  downloadURL: (id: ExportJob['id']) => `/api/v1/exports/${id}/download`,
}
