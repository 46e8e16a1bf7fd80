// Resources of the feature pages. Optional fields are those the UI shows
// when present.
import type { Schema } from './schema'

export type Employee = Schema<'AccountsEmployeeView'>

/** One bad (or doubtful) row of an HR file. */
export interface HRValidationIssue {
  line: number
  column?: string
  code?: string
  reason: string
}

export interface HRReport {
  source?: string
  encoding?: string
  rows: number
  valid_rows?: number
  invalid_rows?: number
  refused?: boolean
  refuse_reason?: string
  /** Stable code of the refusal (empty_file, removal_limit_exceeded, ...). */
  refuse_code?: string
  errors: HRValidationIssue[] | null
  warnings?: HRValidationIssue[] | null
}

export type HRAction = 'create' | 'update' | 'disable' | 'delete' | 'unchanged' | 'held'

export interface HRPlanItem {
  employee_id: string
  name?: string
  userid?: string
  hr_status?: string
  action: HRAction | string
  rule?: string
  reason?: string
  /** rule.action: the reason's stable code, translated by the UI. */
  reason_code?: string
  /** A mobile change that keeps the old account until it is handed over: every line, done or not. */
  succession?: HRSuccession
}

/** One line of a mobile change's plan (kind: create, licence, customers, groups, delete_old, email). */
export interface HRSuccessionLine {
  kind: string
  state: 'planned' | 'waiting' | 'open' | 'done' | string
  step?: number
  userid: string
  name?: string
  count?: number
  text: string
  reason_code: string
}

export interface HRSuccession {
  old_userid: string
  new_userid: string
  lines: HRSuccessionLine[]
}

/** The plan's check on removed rows; exceeded refuses the plan until a second person overrides it. */
export interface HRRemovalGuard {
  removals: number
  active: number
  limit_percent: number
  exceeded: boolean
  code?: string
  reason?: string
}

export interface HRPlan {
  corp_id?: string
  summary?: Record<string, number>
  employees: HRPlanItem[] | null
  /** The WeCom calls of the plan (create, update, disable, delete). */
  steps?: Schema<'AccountsStep'>[] | null
  removal_guard?: HRRemovalGuard
}

/** POST /hr/imports: the validation report and the dry-run plan, stored as a run. */
export interface HRImport {
  corp?: string
  run_id: number
  state: string
  report: HRReport
  plan?: HRPlan | null
}

export interface HRApplyResult {
  run_id: number
  state: string
  steps?: Record<string, number>
  error?: string
}

export interface HRRunStatus {
  run_id: number
  state: string
  progress?: Record<string, number>
  total?: number
  last_error?: string
  /** Every step with its state and error once the run is applied. */
  steps?: Schema<'AccountsStep'>[] | null
}

/** One employee ↔ external contact follow relation (GET /contacts). */
export interface ContactRelation {
  id: number | string
  userid: string
  external_userid: string
  contact_name: string
  /** 1 WeChat user, 2 WeCom user */
  contact_type?: number
  state?: string
  remark?: string
  added_at?: number
  /** The channel ("state" of the add link or QR code), shown as a tag. */
  state_tag?: string
  description?: string
}

export interface GroupChat {
  chat_id: string
  name: string
  owner?: string
  member_count?: number
  /** Unix ms */
  created_at?: number
  status?: number
}

export interface Conversation {
  id: string
  kind: 'single' | 'group' | string
  title: string
  last_msgtime?: number
  message_count?: number
}

export interface Message {
  msgid: string
  corp?: string
  msgtime: number
  msgtype: string
  from: string
  from_name?: string
  snippet?: string
  content?: Record<string, unknown>
}

export type ExportJob = Schema<'ExportJSON'>

export type AuditEntry = Schema<'AuditJSON'>

/** GET /audit/verify: the chain walk's report. */
export type AuditVerifyResult = Schema<'AuditReport'>

export type JobProgress = Schema<'JobProgressView'>

export type Job = Schema<'JobView'>

/** A run the progress panel follows: a job, or an HR import read as one. */
export type ProgressRun = Pick<Job, 'id' | 'kind' | 'state' | 'progress'> & Partial<Job>

export type Admin = Schema<'AdminJSON'>

/** A named periodic task (GET /jobs/periodic). */
export type PeriodicTask = Schema<'PeriodicView'>
