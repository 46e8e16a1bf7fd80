// Types of the monitoring API (/api/v1/alerts, /api/v1/monitoring/*).
// Fields a server may leave out are optional, so the UI tolerates older ones.

export const LABELS = ['ae', 'offlabel', 'bribery', 'pii'] as const
export type Label = (typeof LABELS)[number]
export const SEVERITIES = ['high', 'medium', 'low'] as const
export const STATES = ['open', 'in_review', 'closed'] as const
export type AlertState = (typeof STATES)[number]
export const DISPOSITIONS = ['false_positive', 'no_action', 'coaching', 'escalated', 'ae_reported', 'reported_to_medical_information'] as const
export type Disposition = (typeof DISPOSITIONS)[number]

/** One piece of evidence; start/end are character (code point) offsets, end exclusive. */
export interface Hit {
  label: string
  rule: string
  start: number
  end: number
  text: string
  product?: string
}

export interface Alert {
  id: number | string
  corp: string
  corp_id?: string
  msgid: string
  conversation_id: string
  labels: string[]
  severity: string
  state: AlertState | string
  assignee?: string
  due_at?: number | string | null
  created_at: number | string
  msgtime?: number | string
  employee?: string
  employee_name?: string
  qc_sample?: boolean
  overdue?: boolean
  disposition?: string
  hits: Hit[]
}

export interface ContextMessage {
  msgid: string
  msgtime: number | string
  msgtype?: string
  from: string
  from_name?: string
  content: string
  flagged?: boolean
}

export interface AlertNote {
  author: string
  text: string
  created_at: number | string
}

export interface AlertHistory {
  at: number | string
  actor: string
  action: string
  from_state?: string
  to_state?: string
  detail?: string
}

export interface AlertApproval {
  approver?: string
  actor?: string
  note?: string
  at?: number | string
  created_at?: number | string
}

export interface AlertDetail extends Alert {
  text: string
  context: ContextMessage[]
  notes: AlertNote[]
  history: AlertHistory[]
  approvals?: AlertApproval[]
  needs_approval?: boolean
  four_eyes?: boolean
  case_number?: string
}

export interface AlertPage {
  items: Alert[]
  next_cursor?: string
}

export interface AlertFilter {
  corp: string
  label?: string
  state?: string
  severity?: string
  assignee?: string
  employee?: string
  department?: string
  product?: string
  overdue?: boolean
  qc?: boolean
  limit?: number
  cursor?: string
}

export interface DispositionRequest {
  disposition: Disposition
  case_number?: string
  note?: string
}

/** GET /monitoring/summary. The server's shape, with every part optional. */
export interface MonitoringSummary {
  messages?: number
  alerts?: Record<string, number>
  per_1000_messages?: Record<string, number>
  per_thousand?: Record<string, number>
  open?: number
  in_review?: number
  awaiting_approval?: number
  overdue?: number
  median_time_to_disposition_ms?: number | null
  median_disposition_seconds?: number | null
  median_time_to_disposition_seconds?: number | null
  false_positive_rate_by_rule?: { rule: string; label?: string; decided?: number; false_positives?: number; rate: number }[]
  fp_rate_by_rule?: { rule: string; rate: number }[] | Record<string, number>
  /** Per day: counts by label (labels) or one label per point (label, count). */
  series?: { day: string; labels?: Record<string, number>; qc?: number; label?: string; count?: number }[] | Record<string, Record<string, number>>
  truncated?: boolean
}

export interface MonitoringSettings {
  four_eyes_ae: boolean
  ae_due_days: number
  qc_rate: number
}

export interface ClassifyResult {
  labels: string[]
  hits: Hit[]
  severity?: string
}

export interface PreviewResult {
  messages?: number
  sampled?: boolean
  current?: number
  /** Messages the proposed policy flags. */
  proposed?: number
  added?: number
  removed?: number
  flagged?: number
  by_label?: Record<string, number>
  job_id?: string | number
}

export interface PolicyVersion {
  version: string | number
  created_at?: number | string
  created_by?: string
  author?: string
}

/** GET /monitoring/products|policy: the document as text plus its version. */
export interface CatalogDoc {
  /** The document in force as JSON (version 0: none saved, the default applies). */
  body?: unknown
  text?: string
  content?: string
  format?: string
  version?: string | number
  updated_at?: number | string
  [k: string]: unknown
}

/** A retroactive run's progress (GET /monitoring/runs/{id}): the job's state and counts. */
export interface RunProgress {
  job_id: number
  corp_id: string
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'dead' | 'cancelled' | string
  done: number
  total: number
  note?: string
  /** JSON of {messages, created} once the run has finished. */
  result?: string
  last_error?: string
  attempts?: number
  created_at?: number
  started_at?: number
  finished_at?: number
}
