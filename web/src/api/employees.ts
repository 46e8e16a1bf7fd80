import { http, toPage, type Query } from './client'
import type { Page } from '@/types/api'
import type { Employee, HRSyncReport } from '@/types/resources'

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

export const employeesApi = {
  list: async (f: EmployeeFilter) =>
    toPage(await http.get<Page<Employee> | Employee[]>('/employees', f as Query)),
  get: (corp: string, userid: string) =>
    http.get<Employee>(`/employees/${encodeURIComponent(userid)}`, { corp }),
  /** Uploads an HR CSV; dry_run answers the validation report and the plan without changing anything. */
  hrSync: (corp: string, file: File, dryRun: boolean) => {
    const form = new FormData()
    form.append('file', file)
    return http.post<HRSyncReport>('/employees/hr-sync', form, { query: { corp, dry_run: dryRun } })
  },
}
