// Resources of the feature pages. Optional fields are those the UI shows
// when present.

export interface Employee {
  userid: string
  employee_id?: string
  name: string
  email?: string
  mobile?: string
  department?: string
  title?: string
  status: string
  wecom_status?: string
  real_name_verified?: boolean
  archive_licence?: boolean
  updated_at?: number
}

export interface HRValidationIssue {
  line: number
  column: string
  reason: string
}

export interface HRPlanItem {
  employee_id: string
  name?: string
  action: 'create' | 'update' | 'disable' | 'delete' | 'unchanged' | string
  rule?: string
  changes?: Record<string, unknown>
}

export interface HRSyncReport {
  accepted?: boolean
  rows?: number
  errors: HRValidationIssue[]
  warnings?: HRValidationIssue[]
  plan: HRPlanItem[]
  job_id?: number | string
}

export interface ExternalContact {
  external_userid: string
  name: string
  corp_name?: string
  type?: number
  follow_users?: { userid: string; remark?: string; createtime?: number }[]
}

export interface GroupChat {
  chat_id: string
  name: string
  owner?: string
  member_count?: number
  create_time?: number
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
  outcome: 'success' | 'failure' | 'denied' | string
  reason?: string
  request_id?: string
  metadata?: Record<string, unknown>
  prev_hash?: string
  hash?: string
}

export interface AuditVerifyResult {
  ok: boolean
  checked: number
  first_broken_id?: number
  reason?: string
  head_hash?: string
}

export interface Job {
  id: number | string
  kind: string
  state: string
  attempts?: number
  max_attempts?: number
  last_error?: string
  progress?: number
  progress_total?: number
  next_run_at?: number
  created_at?: number
  updated_at?: number
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
