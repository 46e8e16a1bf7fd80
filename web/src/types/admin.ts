// Types of the settings, exports and audit APIs the admin pages use.

/** GET /corps: a corp with its secrets shown only as set/unset. */
export interface CorpView {
  corp_id: string
  key: string
  name: string
  base_url?: string
  agent_id?: number
  /** contacts, app, archive, customer_contact → "set" | "unset" */
  secrets?: Record<string, 'set' | 'unset' | string>
  /** Callback token and AES key, both set: "set". */
  callback?: 'set' | 'unset' | string
  /** publickey_ver of the archive private keys held. */
  archive_keys?: number[]
  /** config or ui */
  source?: string
}

/** POST/PUT /corps. Secrets are write-only: an empty value keeps the stored one. */
export interface CorpInput {
  corp_id: string
  key: string
  name: string
  base_url: string
  agent_id: number
  secrets?: Record<string, string>
  callback?: { token: string; aes_key: string }
  archive_keys?: { version: number; private_key: string }[]
}

export interface RetentionRule {
  id: number
  corp_id: string
  /** "" every type */
  msgtype: string
  /** "" every department */
  department: string
  days: number
  updated_by?: string
  updated_at?: number
}

/** GET /retention answer; floor_days when the server states it. */
export interface RetentionList {
  items: RetentionRule[]
  floor_days?: number
}

export interface LegalHold {
  id: number
  corp_id: string
  matter: string
  employees: string[]
  contacts: string[]
  rooms: string[]
  /** Unix ms; 0 open */
  from: number
  to: number
  state: 'active' | 'released' | string
  created_by?: string
  released_by?: string
  released_at?: number
  created_at?: number
  updated_at?: number
}

/** A dry-run of the retention sweep, when the server offers one. */
export interface RetentionPreview {
  would_delete?: number
  held?: number
  kept_open_alert?: number
  by_rule?: { rule_id?: number; msgtype?: string; department?: string; days?: number; count: number }[]
  [k: string]: unknown
}

export interface ApiToken {
  id: number
  name: string
  prefix: string
  role: string
  corp_id: string
  departments: string[]
  created_by?: string
  created_at?: number
  expires_at?: number
  revoked_at?: number
  last_used_at?: number
}

export interface TokenCreated {
  /** The raw token: shown once, never again. */
  token: string
  item: ApiToken
}

export interface RoleGrant {
  role: string
  corp_id: string
  departments: string[]
}

export interface AdminUser {
  id: number
  username: string
  display_name: string
  email?: string
  kind?: string
  disabled?: boolean
  oidc_linked?: boolean
  last_login_at?: number
  locked_until?: number
  roles: RoleGrant[]
}

/** A one-time enrolment link: the token rides in the URL's fragment. */
export interface EnrolmentLink {
  url: string
  token: string
  expires_at: number
}

export interface AdminCreated {
  admin: AdminUser
  totp_secret?: string
  otpauth_url?: string
  /** Set when no password was given: the person sets their own. */
  enrolment?: EnrolmentLink
}

/** GET /exports rows. */
export interface ExportRow {
  id: number
  corp_id?: string
  format: string
  source?: string
  /** pending_approval, queued, running, ready, failed, rejected, expired */
  state: string
  requested_by?: string
  approved_by?: string
  approval_id?: number
  job_id?: number
  sha256?: string
  size?: number
  rows?: number
  error?: string
  expires_at?: number
  created_at: number
  /** Set by newer servers: who and what is watermarked into the file. */
  watermark?: string
  reason?: string
}
