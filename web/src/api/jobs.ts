import { http, toPage, type Query } from './client'
import type { Page } from '@/types/api'
import type { Job, PeriodicTask } from '@/types/resources'

export const jobsApi = {
  list: async (f: { kind?: string; state?: string; corp?: string; cursor?: string; limit?: number }) =>
    toPage(await http.get<Page<Job> | Job[]>('/jobs', f as Query)),
  get: (id: Job['id']) => http.get<Job>(`/jobs/${id}`),
  /** Server-sent events of one job's progress ("job" events, then "end"). */
  eventsURL: (id: Job['id']) => `/api/v1/jobs/${id}/events`,
  retry: (id: Job['id']) => http.post<Job>(`/jobs/${id}/retry`),
  cancel: (id: Job['id']) => http.post<Job>(`/jobs/${id}/cancel`),
  periodic: async () => toPage(await http.get<Page<PeriodicTask> | PeriodicTask[]>('/jobs/periodic')).items,
  runPeriodic: (name: string) => http.post<{ job_id: number }>(`/jobs/periodic/${encodeURIComponent(name)}/run`),
}
