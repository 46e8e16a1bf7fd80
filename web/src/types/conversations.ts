// Shapes of the review API: /messages/search, /conversations and
// /conversations/{id}/messages (internal/search), as the workspace reads them.

/** How a participant is shown: an employee or an external contact the portal has synced. */
export interface PartyName {
  kind: 'employee' | 'contact' | string
  name: string
  corp_name?: string
  department?: string
}

export type Names = Record<string, PartyName>

export interface SearchHit {
  msgid: string
  corp: string
  msgtime: number
  msgtype: string
  from: string
  roomid?: string
  conversation_id: string
  has_media?: number
  /** HTML-escaped text with <mark> around the matches. */
  snippet: string
}

export interface SearchResult {
  items: SearchHit[]
  next_cursor?: string
  total?: number
  total_exact?: boolean
  names?: Names
}

export interface ConversationRow {
  conversation_id: string
  kind: 'single' | 'group' | string
  roomid?: string
  room_name?: string
  participants?: string[]
  first_msgtime?: number
  last_msgtime?: number
  message_count?: number
  consent?: string
  names?: Names
  last_message?: { from: string; msgtype: string; preview: string }
}

export interface ConversationPage {
  items: ConversationRow[]
  next_cursor?: string
}

export interface MediaRef {
  id: number
  msgid: string
  kind: string
  filename: string
  state: string
  sha256?: string
  scan_result?: string
  size?: number
  duration_ms?: number
  quarantined?: boolean
  playable?: boolean
  thumbnail?: boolean
  content_type?: string
  /** The server's scan gate: ok, unscanned (served, flagged), scan_wait, scan_off, blocked, not_ready. */
  serve?: string
}

export interface ThreadMessage {
  msgid: string
  msgtime: number
  msgtype: string
  from: string
  tolist?: string
  content?: string
  recalled?: boolean
  recalled_at?: number
  /** On a revoke: the msgid it recalled. */
  recalls?: string
  media?: MediaRef[]
  /** The parsed msgtype body, field names as WeCom sends them. */
  meta?: Record<string, unknown>
  /** The whole decrypted record, only when the body did not parse. */
  raw?: Record<string, unknown>
  parse_status?: string
  action?: string
  members?: string[]
  /** Monitoring alerts raised on this message. */
  alerts?: { id: number | string; labels: string[] }[]
}

export interface Thread {
  conversation_id: string
  items: ThreadMessage[]
  prev_cursor?: string
  next_cursor?: string
  room_members?: string[]
  room_name?: string
  names?: Names
}

export interface Transcript {
  text: string
  language?: string
  engine?: string
  confidence?: number
}

/** The filters of the search pane, as the search API names them. */
export interface SearchFilters {
  q: string
  employee: string
  contact: string
  room: string
  msgtype: string[]
  range: [Date, Date] | null
  has_media: '' | 'true' | 'false'
  recalled: '' | 'true' | 'false'
  consent: string
}

export interface ExportRequest {
  corp: string
  format: 'csv' | 'xlsx' | 'pdf'
  q?: string
  filter?: Record<string, string>
  conversation_ids?: string[]
  reason: string
  with_media?: boolean
  /** The file's headers, message type labels and cover: zh-CN (default) or en. */
  lang?: 'zh-CN' | 'en'
}

/** What a name picker looks up (GET /review/names). */
export type NameKind = 'employee' | 'contact' | 'room'

/** One suggestion: the id filters take and the name people know. */
export interface Suggestion {
  kind: NameKind
  id: string
  name: string
  /** Department, the contact's company, or the room's id. */
  detail?: string
}
