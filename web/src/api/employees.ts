import { http, type Query } from './client'
import type { Page } from '@/types/api'
import type { Employee, HRApplyResult, HRImport, HRRunStatus } from '@/types/resources'
import type { EmployeeHistory, HeldLeaver, LicenceReport } from '@/types/people'

/** Filters of GET /employees. `corp` is the corp key; paging is by offset (carried as the cursor). */
export interface EmployeeFilter {
  corp?: string
  q?: string
  status?: string
  department?: string
  real_name?: string
  licence?: string
  limit?: number
  cursor?: string
}

interface EmployeePage {
  items: Employee[] | null
  total: number
  limit: number
  offset: number
}

export const employeesApi = {
  list: async (f: EmployeeFilter): Promise<Page<Employee>> => {
    const { cursor, ...rest } = f
    const v = await http.get<EmployeePage | Employee[]>('/employees', { ...rest, offset: cursor } as Query)
    if (Array.isArray(v)) return { items: v, total: v.length }
    const items = v?.items ?? []
    const end = (v?.offset ?? 0) + items.length
    return { items, total: v?.total, next_cursor: v && end < v.total ? String(end) : undefined }
  },
  get: (id: Employee['id']) => http.get<Employee>(`/employees/${encodeURIComponent(String(id))}`),
  /** The sync steps that touched the employee, newest first. */
  history: (id: Employee['id']) => http.get<EmployeeHistory>(`/employees/${encodeURIComponent(String(id))}/history`),
  /** Leavers kept in WeCom because customers still follow them (`corp` is the key). */
  heldLeavers: async (corp: string) => (await http.get<{ items: HeldLeaver[] | null }>('/employees/held-leavers', { corp }))?.items ?? [],
}

/** Archive licences per corp: HR's count against WeCom's permits and the quota. */
export const licencesApi = {
  list: async (corp?: string) => (await http.get<LicenceReport[] | null>('/licences', { corp })) ?? [],
}

/** HR import runs: upload → report and dry-run plan → apply with confirmation → progress. */
export const hrImportsApi = {
  /** Validates the CSV and plans the sync (a 422 hr_file_refused carries the same body in details). */
  create: (corpKey: string, file: File) => {
    const form = new FormData()
    form.append('file', file)
    return http.post<HRImport>('/hr/imports', form, { query: { corp: corpKey } })
  },
  get: (runId: number) => http.get<HRRunStatus>(`/hr/imports/${runId}`),
  /** Server-sent events of a run being applied ("run" events carrying the status, then "end"). */
  eventsURL: (runId: number) => `/api/v1/hr/imports/${runId}/events`,
  /** The server wants the run id repeated as confirmation. */
  apply: (runId: number) => http.post<HRApplyResult>(`/hr/imports/${runId}/apply`, { confirm: runId }),
  /** A second person lifts the removal limit of a refused plan (audited). */
  overrideRemovals: (runId: number, reason: string) => http.post<HRRunStatus>(`/hr/imports/${runId}/override-removals`, { reason }),
}
