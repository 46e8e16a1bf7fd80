// Pure helpers of the settings forms: write-only secrets, the retention
// floor, legal hold input. Kept apart from the components so they are tested
// without a browser.
import type { CorpInput, CorpView, LegalHold, RetentionRule } from '@/types/admin'

export const SECRET_KINDS = ['contacts', 'app', 'archive', 'customer_contact'] as const
export const MAX_CORPS = 5
/** The server's default floor; a server that states floor_days wins. */
export const DEFAULT_FLOOR_DAYS = 180

export interface CorpForm {
  corp_id: string
  key: string
  name: string
  base_url: string
  agent_id: number
  /** Always starts empty: a secret is never sent to the browser, only whether it is set. */
  secrets: Record<string, string>
  callback_token: string
  callback_aes_key: string
  archive_key_version: number | undefined
  archive_private_key: string
}

/** A form for a new corp, or to edit one: its plain fields filled, every secret field empty. */
export function corpForm(v?: CorpView): CorpForm {
  return {
    corp_id: v?.corp_id ?? '',
    key: v?.key ?? '',
    name: v?.name ?? '',
    base_url: v?.base_url || 'https://qyapi.weixin.qq.com',
    agent_id: v?.agent_id ?? 0,
    secrets: Object.fromEntries(SECRET_KINDS.map((k) => [k, ''])),
    callback_token: '',
    callback_aes_key: '',
    archive_key_version: undefined,
    archive_private_key: '',
  }
}

/** The API body: only secrets typed in are sent, so a blank field keeps the stored value. */
export function corpInput(f: CorpForm): CorpInput {
  const secrets = Object.fromEntries(Object.entries(f.secrets).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]))
  const out: CorpInput = { corp_id: f.corp_id.trim(), key: f.key.trim(), name: f.name.trim(), base_url: f.base_url.trim(), agent_id: Number(f.agent_id) || 0 }
  if (Object.keys(secrets).length) out.secrets = secrets
  if (f.callback_token.trim() && f.callback_aes_key.trim()) out.callback = { token: f.callback_token.trim(), aes_key: f.callback_aes_key.trim() }
  if (f.archive_key_version && f.archive_private_key.trim()) {
    out.archive_keys = [{ version: f.archive_key_version, private_key: f.archive_private_key.trim() }]
  }
  return out
}

export function isSet(v: CorpView, kind: string): boolean {
  return v.secrets?.[kind] === 'set'
}

/** True when the deployment already has its 5 corps (the server refuses a sixth too). */
export function corpsFull(corps: unknown[]): boolean {
  return corps.length >= MAX_CORPS
}

/** Why a rule cannot be saved, as an i18n key, or null. */
export function retentionProblem(days: number | undefined, floor: number): string | null {
  if (days === undefined || !Number.isFinite(days) || days <= 0) return 'admin.retention.daysRequired'
  if (days < floor) return 'admin.retention.belowFloor'
  return null
}

export interface HoldForm {
  matter: string
  custodians: string
  contacts: string
  rooms: string
  range: [Date, Date] | null
}

export function holdForm(h?: LegalHold): HoldForm {
  return {
    matter: h?.matter ?? '',
    custodians: (h?.employees ?? []).join(', '),
    contacts: (h?.contacts ?? []).join(', '),
    rooms: (h?.rooms ?? []).join(', '),
    range: h && h.from && h.to ? [new Date(h.from), new Date(h.to)] : null,
  }
}

/** Splits "a, b；c\nd" into ids (Chinese and Latin separators). */
export function splitIds(s: string): string[] {
  return s.split(/[\s,，;；、]+/).map((x) => x.trim()).filter(Boolean)
}

export function holdInput(corpId: string, f: HoldForm): Omit<LegalHold, 'id' | 'state'> {
  return {
    corp_id: corpId,
    matter: f.matter.trim(),
    employees: splitIds(f.custodians),
    contacts: splitIds(f.contacts),
    rooms: splitIds(f.rooms),
    from: f.range?.[0]?.getTime() ?? 0,
    to: f.range?.[1]?.getTime() ?? 0,
  }
}

/** Rules sorted for display: corp-wide first, then by type and department. */
export function sortRules(rules: RetentionRule[]): RetentionRule[] {
  return [...rules].sort((a, b) => a.msgtype.localeCompare(b.msgtype) || a.department.localeCompare(b.department))
}

export const ROLES = ['admin', 'account_manager', 'reviewer', 'auditor'] as const

/** A token's state for display: revoked, expired or active. */
export function tokenState(tk: { revoked_at?: number; expires_at?: number }, now = Date.now()): 'revoked' | 'expired' | 'active' {
  if (tk.revoked_at) return 'revoked'
  if (tk.expires_at && tk.expires_at <= now) return 'expired'
  return 'active'
}
