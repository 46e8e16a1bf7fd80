import { http, toPage, type Query } from './client'
import type { Page } from '@/types/api'
import type { Job } from '@/types/resources'

export const jobsApi = {
  list: async (f: { kind?: string; state?: string; cursor?: string; limit?: number }) =>
    toPage(await http.get<Page<Job> | Job[]>('/jobs', f as Query)),
  get: (id: Job['id']) => http.get<Job>(`/jobs/${id}`),
  /** Server-sent events of one job's progress. */
  eventsURL: (id: Job['id']) => `/api/v1/jobs/${id}/events`,
}
