// Pure helpers of the sync plan, confirmation and result views: grouping by
// action, what counts as destructive, and WeCom error codes in step errors.
import type { HRPlan, HRPlanItem } from '@/types/resources'
import type { SyncStep } from '@/types/people'

/** Display order of the plan's groups; destructive ones are marked. */
export const PLAN_GROUPS = ['create', 'update', 'handover', 'disable', 'delete', 'held', 'unchanged'] as const
export type PlanGroupName = (typeof PLAN_GROUPS)[number]
export const DESTRUCTIVE = new Set<string>(['disable', 'delete'])

export interface PlanRow {
  key: string
  seq?: number
  employee_id?: string
  userid?: string
  name?: string
  action: string
  rule?: string
  reason?: string
  reason_code?: string
  changes?: SyncStep['changes']
  handover?: SyncStep['handover']
}

export interface PlanGroup {
  action: PlanGroupName
  destructive: boolean
  rows: PlanRow[]
}

/**
 * Groups a plan for review: one row per WeCom step (create/update/disable/
 * delete), and one per employee the sync leaves alone (held/unchanged).
 * Plans without steps (older servers) fall back to the employees' actions.
 */
export function groupPlan(plan: HRPlan | null | undefined): PlanGroup[] {
  const employees = plan?.employees ?? []
  const steps = plan?.steps ?? []
  const byId = new Map<string, HRPlanItem>()
  for (const e of employees) {
    if (e.employee_id) byId.set(`e:${e.employee_id}`, e)
    if (e.userid) byId.set(`u:${e.userid}`, e)
  }
  const rows: PlanRow[] = steps.map((s) => {
    const e = byId.get(`e:${s.employee_id}`) ?? byId.get(`u:${s.userid}`)
    return { key: `s${s.seq}`, seq: s.seq, employee_id: s.employee_id || e?.employee_id, userid: s.userid, name: s.name || e?.name,
      action: s.action, rule: s.rule, reason: s.reason, reason_code: s.reason_code, changes: s.changes, handover: s.handover }
  })
  const stepless = steps.length ? employees.filter((e) => e.action === 'held' || e.action === 'unchanged') : employees
  for (const e of stepless) {
    rows.push({ key: `e${e.employee_id}:${e.userid ?? ''}`, employee_id: e.employee_id, userid: e.userid, name: e.name,
      action: e.action, rule: e.rule, reason: e.reason, reason_code: e.reason_code })
  }
  return PLAN_GROUPS.map((action) => ({ action, destructive: DESTRUCTIVE.has(action), rows: rows.filter((r) => r.action === action) }))
    .filter((g) => g.rows.length > 0)
}

/** How many WeCom calls the plan makes, and how many of them disable or delete an account. */
export function planCounts(groups: PlanGroup[]): { changes: number; destructive: number } {
  let changes = 0
  let destructive = 0
  for (const g of groups) {
    if (g.action === 'held' || g.action === 'unchanged') continue
    changes += g.rows.length
    if (g.destructive) destructive += g.rows.length
  }
  return { changes, destructive }
}

/** The confirmation asks to type the number of destructive steps; spaces and full-width digits are forgiven. */
export function confirmationMatches(typed: string, destructive: number): boolean {
  const norm = typed.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim()
  return destructive === 0 || norm === String(destructive)
}

/** The WeCom errcode inside an error text ("wecom: user/create: errcode 60104: ..."), if any. */
export function wecomErrCode(text: string | undefined | null): number | undefined {
  const m = /errcode[\s:=]*(-?\d+)/i.exec(text ?? '')
  return m ? Number(m[1]) : undefined
}

/** Counts steps by state, for the result summary. */
export function countByState(steps: SyncStep[]): Record<string, number> {
  const c: Record<string, number> = {}
  for (const s of steps) c[s.state ?? 'planned'] = (c[s.state ?? 'planned'] ?? 0) + 1
  return c
}
