// GET /api/v1/status (DESIGN.md "Status"). Every field but version is
// optional: features fill it in as they land.

export interface IngestStatus {
  /** Last committed archive seq. */
  cursor?: number
  /** Seconds since the last pull that caught up with the archive (lag_basis caught_up),
   * or, before any did, since the newest stored message (last_message). */
  lag_seconds?: number
  lag_basis?: 'caught_up' | 'last_message'
  caught_up_at?: string
  last_message_at?: string
  /** The newest pull failed (an error after the last caught-up pull). */
  failing?: boolean
  last_ingest_at?: number
  last_error?: string
  last_error_at?: number
}

export interface CorpStatus {
  corp_id: string
  key?: string
  name?: string
  ingest?: IngestStatus
  /** Whether the corp has its secrets and keys: not_configured is never shown as healthy. */
  setup?: { state: 'ok' | 'incomplete' | 'not_configured'; missing: string[] }
  /** Message counts keyed by msgtype (text, image, voice, ...). */
  messages_by_type?: Record<string, number>
  /** Messages per day by type: [{day:"2026-11-20", counts:{text:3}}]. */
  messages_per_day?: { day: string; counts: Record<string, number> }[]
  /** Media counts keyed by state (pending, downloading, ..., failed, infected). */
  media_by_state?: Record<string, number>
  /** Conversations by consent state: agreed, refused, none, unknown. */
  consent?: Record<string, number>
  /** Archive licence use against the quota bought (quota 0: not set). */
  licences?: { quota: number; licensed: number; permitted: number; over_quota?: boolean }
  /** WeCom callback inbox: state ok | degraded | idle. */
  callbacks?: { by_state?: Record<string, number>; last_received_at?: number; last_error?: string; state: string }
  /** Newest HR sync run; state "none" before the first. */
  sync?: { last_run_id?: number; state: string; started_at?: number; finished_at?: number; last_error?: string }
  /** Unresolved quarantined archive records by publickey_ver and reason. */
  quarantine_by_key?: { publickey_ver: number; reason: string; count: number }[]
}

export interface JobDepth {
  kind: string
  state: string
  count: number
}

export type HealthState = 'ok' | 'degraded' | 'down' | 'disabled' | 'unknown'

export interface ComponentHealth {
  status: HealthState | string
  detail?: string
  checked_at?: number
}

export interface Status {
  version: string
  corps: CorpStatus[]
  /** Job queue depth by kind and state: {"media_scan":{"queued":4}} (a JobDepth list is accepted too). */
  jobs?: Record<string, Record<string, number>> | JobDepth[] | null
  /** Health keyed by component: clamd, ffmpeg, transcription, blob. */
  health?: Record<string, ComponentHealth>
}
