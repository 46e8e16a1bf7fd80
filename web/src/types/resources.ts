// Resources of the feature pages. Optional fields are those the UI shows
// when present.

export interface Employee {
  id: number | string
  corp_id?: string
  userid: string
  employee_id?: string
  name: string
  email?: string
  mobile?: string
  department?: string
  title?: string
  /** HR status: active, leaver, removed. */
  hr_status?: string
  wecom_status?: number
  wecom_status_text?: string
  real_name_verified?: boolean | null
  external_contact_blocked?: boolean
  archive_licence?: boolean
  archive_permitted?: boolean
  left_at?: number
  updated_at?: number
}

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
  steps?: import('./people').SyncStep[] | null
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
  steps?: import('./people').SyncStep[] | null
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

export interface ExportJob {
  id: number | string
  kind?: string
  format: 'csv' | 'xlsx' | 'pdf' | string
  state: string
  requested_by?: string
  approved_by?: string
  created_at: number
  rows?: number
  sha256?: string
}

export interface AuditEntry {
  id: number | string
  at: number
  actor: string
  ip?: string
  user_agent?: string
  action: string
  target?: string
  actor_type?: string
  corp_id?: string
  outcome: 'success' | 'failure' | 'denied' | string
  reason?: string
  request_id?: string
  metadata?: Record<string, unknown>
  prev_hash?: string
  hash?: string
}

/** GET /audit/verify: the chain walk's report. */
export interface AuditVerifyResult {
  intact: boolean
  checked: number
  first_broken_id?: number | null
  reason?: string
  head_id?: number
  head_hash?: string
  checkpoints_checked?: number
}

export interface JobProgress {
  done: number
  total: number
  note?: string
}

export interface Job {
  id: number | string
  kind: string
  /** queued, running, succeeded, dead, cancelled */
  state: string
  attempts?: number
  max_attempts?: number
  last_error?: string
  /** {done,total,note} from the jobs API; a bare percentage or count is accepted too. */
  progress?: JobProgress | number
  progress_total?: number
  run_at?: number
  next_run_at?: number
  created_at?: number
  updated_at?: number
  finished_at?: number
  corp_id?: string
}

export interface Admin {
  id: number | string
  username: string
  display_name: string
  roles: { role: string; corp_id: string; departments: string[] }[]
  disabled?: boolean
  last_login_at?: number
  sso_provider?: string
}

/** A named periodic task (GET /jobs/periodic). */
export interface PeriodicTask {
  name: string
  kind: string
  interval_seconds: number
  next_run_at?: number
  last_run?: Job | null
}
