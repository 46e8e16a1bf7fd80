import { http, toPage, type Query } from './client'
import type { Page } from '@/types/api'
import type { ContactRelation, GroupChat } from '@/types/resources'
import type { ContactDetail, GroupDetail } from '@/types/people'

/** Filters of GET /contacts (follow relations) and /contacts/groups; `corp` is the corp id and is required. */
export interface ContactFilter {
  corp?: string
  q?: string
  employee?: string
  /** Group owner (groups only). */
  owner?: string
  /** Relationship states, comma-separated (active, deleted_by_customer, ...). */
  state?: string
  /** Channel tag (the contact way's state), filtered on the server. */
  tag?: string
  limit?: number
  cursor?: string
}

type Row = Record<string, unknown>

// The contacts API may answer snake_case or Go's field names; read either.
function field<T>(r: Row, snake: string, go: string): T | undefined {
  return (r[snake] ?? r[go]) as T | undefined
}

export function toRelation(r: Row): ContactRelation {
  return {
    id: field(r, 'id', 'ID') ?? 0,
    userid: field(r, 'userid', 'UserID') ?? '',
    external_userid: field(r, 'external_userid', 'ExternalUserID') ?? '',
    contact_name: field(r, 'contact_name', 'ContactName') ?? field(r, 'name', 'Name') ?? '',
    contact_type: field(r, 'contact_type', 'ContactType'),
    state: field(r, 'state', 'State'),
    remark: field(r, 'remark', 'Remark'),
    added_at: field(r, 'added_at', 'AddedAt'),
    state_tag: field(r, 'state_tag', 'StateTag') || undefined,
    description: field(r, 'description', 'Description') || undefined,
  }
}

export function toGroup(r: Row): GroupChat {
  return {
    chat_id: field(r, 'chat_id', 'ChatID') ?? '',
    name: field(r, 'name', 'Name') ?? '',
    owner: field(r, 'owner', 'Owner'),
    member_count: field(r, 'member_count', 'MemberCount'),
    created_at: field(r, 'created_time', 'CreatedTime'),
    status: field(r, 'status', 'Status'),
  }
}

const mapPage = <T>(p: Page<Row>, fn: (r: Row) => T): Page<T> => ({ ...p, items: p.items.map(fn) })

export const contactsApi = {
  list: async (f: ContactFilter) =>
    mapPage(toPage(await http.get<Page<Row> | Row[]>('/contacts', f as Query)), toRelation),
  groups: async (f: ContactFilter) =>
    mapPage(toPage(await http.get<Page<Row> | Row[]>('/contacts/groups', f as Query)), toGroup),
  /** A customer with every relationship and its state history; `corp` is the corp id. */
  get: (corp: string, externalUserId: string) =>
    http.get<ContactDetail>(`/contacts/${encodeURIComponent(externalUserId)}`, { corp }),
  group: (corp: string, chatId: string) => http.get<GroupDetail>(`/contacts/groups/${encodeURIComponent(chatId)}`, { corp }),
  /** Channel tags in use in the corp, most used first, with their counts. */
  tags: async (corp: string) => (await http.get<{ items: { tag: string; count: number }[] | null }>('/contacts/tags', { corp }))?.items ?? [],
  /** Compares WeCom's lists with ours and repairs both ways. */
  reconcile: (corp: string) => http.post<{ repaired: number; relations_seen: number }>('/contacts/reconcile', undefined, { query: { corp } }),
}
