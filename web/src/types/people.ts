// Resources of the people pages (employees, licences, contacts, handovers,
// welcome templates), as the API answers them.
import type { Employee } from './resources'

/** One step of an HR sync plan or run (a WeCom call). */
export interface SyncStep {
  seq: number
  employee_id?: string
  userid: string
  action: string
  rule: string
  reason?: string
  /** rule.action: the reason's stable code. */
  reason_code?: string
  /** The employee's name (a removed row's from our copy). */
  name?: string
  changes?: { field: string; from: string; to: string }[] | null
  /** A handover step's 在职继承 (onjob) or 离职继承 (resigned), its successor and what it moves. */
  handover?: { kind: 'onjob' | 'resigned'; takeover_userid: string; takeover_name?: string; customers: number; groups: number } | null
  /** planned, running, done, failed (once the plan is a stored run) */
  state?: string
  error?: string
}

/** GET /employees/{id}/history: a step with its run. */
export interface HistoryStep extends SyncStep {
  run_id: number
  run_state: string
  at: number
}

export interface EmployeeHistory {
  employee: Employee
  steps: HistoryStep[] | null
}

export interface HeldLeaver extends Employee {
  customers: number
}

export interface LicenceHolder {
  employee_id?: string
  userid: string
  name?: string
}

/** GET /licences: one corp's archive licences, HR vs WeCom. */
export interface LicenceReport {
  corp_id: string
  key: string
  quota: number
  hr_licensed: number
  permitted: number
  over_quota: boolean
  licensed_not_permitted: LicenceHolder[] | null
  permitted_not_licensed: LicenceHolder[] | null
  error?: string
}

export interface RelationHistory {
  id: number
  userid: string
  external_userid: string
  from_state: string
  to_state: string
  cause: string
  at: number
  metadata?: string
}

export interface ExternalContact {
  external_userid: string
  name: string
  contact_type: number
  unionid?: string
  corp_name?: string
  corp_full_name?: string
  position?: string
  gender?: number
  avatar?: string
}

export interface FollowRelation {
  id: number
  userid: string
  external_userid: string
  state: string
  remark?: string
  description?: string
  add_way?: number
  state_tag?: string
  added_at?: number
  contact_name?: string
  contact_type?: number
}

/** GET /contacts/{id}: a customer with every relationship and its history. */
export interface ContactDetail {
  contact: ExternalContact
  relations: FollowRelation[] | null
  history: RelationHistory[] | null
  unionid_note?: string
}

export interface GroupMember {
  member_id: string
  member_type: number
  join_time?: number
  join_scene?: number
  invitor?: string
  left_at?: number
}

export interface GroupDetail {
  group: { chat_id: string; name: string; owner: string; notice?: string; status: number; created_time?: number; member_count?: number }
  members: GroupMember[] | null
}

export type TransferKind = 'onjob' | 'resigned'

export interface TransferRequest {
  corp_id: string
  kind: TransferKind
  handover_userid: string
  takeover_userid: string
  external_userids: string[]
  chat_ids: string[]
  transfer_success_msg?: string
}

export interface Transfer {
  id: number
  corp_id: string
  kind: TransferKind
  handover_userid: string
  takeover_userid: string
  state: string
  requested_by?: string
  rule?: string
  created_at: number
  finished_at?: number
  counts?: Record<string, number>
}

export interface TransferItem {
  id: number
  item_kind: 'customer' | 'group'
  target_id: string
  /** pending, waiting, accepted, refused, over_limit, in_transfer, no_record, failed */
  status: string
  err_code: number
  attempts: number
  takeover_time?: number
  last_error?: string
}

export interface TransferDetail extends Transfer {
  items: TransferItem[] | null
}

export type AttachmentType = 'image' | 'link' | 'miniprogram'

/** A welcome attachment in send_welcome_msg's shape. */
export interface WelcomeAttachment {
  msgtype: AttachmentType
  image?: { pic_url?: string; media_id?: string }
  link?: { title?: string; picurl?: string; desc?: string; url: string }
  miniprogram?: { title?: string; pic_media_id?: string; appid: string; page?: string }
}

export interface WelcomeTemplate {
  id: number
  corp_id: string
  department_path: string
  name: string
  text: string
  /** JSON array as stored; parsed by the API module. */
  attachments: WelcomeAttachment[]
  enabled: boolean
  updated_at?: number
}
