// Which renderer shows which msgtype, and the readable fields of the
// card-like types. Field names are WeCom's (internal/archive registry).
import type { MediaRef, ThreadMessage } from '@/types/conversations'

export type Family = 'text' | 'image' | 'voice' | 'call' | 'video' | 'file' | 'chatrecord' | 'card' | 'notice' | 'raw'

const FAMILY: Record<string, Family> = {
  text: 'text', markdown: 'text',
  image: 'image', emotion: 'image',
  voice: 'voice',
  meeting_voice_call: 'call', voiptext: 'call', voip_doc_share: 'call',
  video: 'video',
  file: 'file',
  chatrecord: 'chatrecord', mixed: 'chatrecord',
  revoke: 'notice', agree: 'notice', disagree: 'notice', '': 'notice',
}
for (const k of ['link', 'weapp', 'card', 'location', 'todo', 'vote', 'collect', 'redpacket', 'external_redpacket', 'meeting',
  'docmsg', 'news', 'calendar', 'sphfeed', 'qydiskfile']) FAMILY[k] = 'card'

/** The renderer family of a message; bodies that did not parse are shown raw. */
export function familyOf(m: Pick<ThreadMessage, 'msgtype' | 'parse_status' | 'action'>): Family {
  if (m.parse_status === 'unknown') return 'raw'
  if (m.action === 'switch') return 'notice'
  return FAMILY[m.msgtype] ?? 'raw'
}

/** WeCom sends some times in seconds and ours are milliseconds. */
export function toMs(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : NaN
  if (!Number.isFinite(n) || n <= 0) return undefined
  return n < 1e12 ? n * 1000 : n
}

export type FieldKind = 'text' | 'time' | 'url' | 'list' | 'money' | 'duration'
export interface CardField { key: string; kind?: FieldKind }
export interface CardSpec { title: string[]; fields: CardField[]; url?: string }

const f = (key: string, kind: FieldKind = 'text'): CardField => ({ key, kind })

/** Per card type: the fields that make its title (first non-empty), the rows, and the link. */
export const CARDS: Record<string, CardSpec> = {
  link: { title: ['title'], fields: [f('description'), f('link_url', 'url')], url: 'link_url' },
  weapp: { title: ['title', 'displayname'], fields: [f('description'), f('displayname')] },
  card: { title: ['corpname', 'userid'], fields: [f('corpname'), f('userid')] },
  location: { title: ['title', 'address'], fields: [f('address'), f('latitude'), f('longitude')] },
  todo: { title: ['title'], fields: [f('content')] },
  vote: { title: ['votetitle'], fields: [f('voteitem', 'list'), f('votetype')] },
  collect: { title: ['title'], fields: [f('room_name'), f('creator'), f('create_time'), f('details', 'list')] },
  redpacket: { title: ['wish'], fields: [f('totalcnt'), f('totalamount', 'money'), f('type')] },
  external_redpacket: { title: ['wish'], fields: [f('totalcnt'), f('totalamount', 'money'), f('type')] },
  meeting: { title: ['topic'], fields: [f('starttime', 'time'), f('endtime', 'time'), f('address'), f('remarks'), f('meetingid')] },
  docmsg: { title: ['title'], fields: [f('doc_creator'), f('link_url', 'url')], url: 'link_url' },
  news: { title: [], fields: [f('item', 'list')] },
  calendar: { title: ['title'], fields: [f('starttime', 'time'), f('endtime', 'time'), f('place'), f('creatorname'), f('attendeename', 'list'), f('remarks')] },
  sphfeed: { title: ['sph_name'], fields: [f('feed_desc'), f('feed_type')] },
  qydiskfile: { title: ['filename'], fields: [] },
}

/** A list field's entries as text: strings, vote options, news items or collect questions. */
export function listEntries(v: unknown): string[] {
  if (!Array.isArray(v)) return []
  return v.map((x) => {
    if (typeof x === 'string') return x
    if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>
      return String(o.title ?? o.ques ?? o.name ?? JSON.stringify(o)) + (o.description ? ` — ${o.description}` : '')
    }
    return String(x)
  }).filter(Boolean)
}

export function cardTitle(msgtype: string, meta: Record<string, unknown> = {}): string {
  for (const k of CARDS[msgtype]?.title ?? []) {
    const v = meta[k]
    if (typeof v === 'string' && v) return v
  }
  return ''
}

/** Nested chatrecord/mixed items: type, time and parsed body. */
export interface NestedItem { msgtype: string; msgtime?: number; meta: Record<string, unknown>; media?: MediaRef }

const MEDIA_KINDS = new Set(['image', 'voice', 'video', 'emotion', 'file'])

/** Reads chatrecord/mixed items and gives each media item its media row (rows come in item order per kind). */
export function nestedItems(meta: Record<string, unknown> | undefined, media: MediaRef[] = []): NestedItem[] {
  const items = Array.isArray(meta?.item) ? (meta!.item as Record<string, unknown>[]) : []
  const used = new Set<number>()
  return items.map((it) => {
    const msgtype = String(it.type ?? '').replace(/^ChatRecord/i, '').toLowerCase()
    let body: Record<string, unknown> = {}
    try {
      body = typeof it.content === 'string' ? JSON.parse(it.content) : ((it.content as Record<string, unknown>) ?? {})
    } catch {
      body = { content: String(it.content ?? '') }
    }
    let ref: MediaRef | undefined
    if (MEDIA_KINDS.has(msgtype)) {
      const i = media.findIndex((r, n) => !used.has(n) && r.kind === msgtype)
      if (i >= 0) { used.add(i); ref = media[i] }
    }
    return { msgtype, msgtime: toMs(it.msgtime), meta: body, media: ref }
  })
}

/** Whether a media file can be opened, and if not, why. */
export type MediaStatus = 'ok' | 'unscanned' | 'scanwait' | 'scanoff' | 'blocked' | 'pending' | 'failed'
export function mediaStatus(r: MediaRef | undefined): MediaStatus {
  if (!r) return 'pending'
  if (r.quarantined || r.scan_result === 'infected' || r.state === 'infected' || r.serve === 'blocked') return 'blocked'
  if (r.state === 'failed') return 'failed'
  if (['pending', 'downloading'].includes(r.state)) return 'pending'
  // The server's scan gate decides; the file says what opening it does.
  if (r.serve === 'scan_wait') return 'scanwait'
  if (r.serve === 'scan_off') return 'scanoff'
  if (r.serve === 'not_ready') return 'pending'
  if (r.scan_result === 'clean') return 'ok'
  return 'unscanned'
}
