import { http, toPage, type Query } from './client'
import type { Page } from '@/types/api'
import type { Conversation, Message } from '@/types/resources'

export interface SearchFilter {
  q?: string
  corp?: string
  employee?: string
  contact?: string
  room?: string
  msgtype?: string
  from?: number
  to?: number
  limit?: number
  cursor?: string
}

/** The server's conversation row (GET /conversations). */
interface ConversationRow {
  conversation_id: string
  kind: string
  roomid?: string
  participants?: string[]
  last_msgtime?: number
  message_count?: number
}

/** Maps a server row to the list's Conversation: a group shows its room, a 1:1 chat its two participants. */
export function toConversation(r: ConversationRow | Conversation): Conversation {
  if ('id' in r) return r
  const title = r.kind === 'group' && r.roomid ? r.roomid : (r.participants ?? []).join(' ↔ ')
  return {
    id: r.conversation_id,
    kind: r.kind,
    title: title || r.conversation_id,
    last_msgtime: r.last_msgtime,
    message_count: r.message_count,
  }
}

export const messagesApi = {
  search: async (f: SearchFilter) =>
    toPage(await http.get<Page<Message> | Message[]>('/messages/search', f as Query)),
  conversations: async (f: { corp?: string; q?: string; cursor?: string }) => {
    const page = toPage(await http.get<Page<ConversationRow> | ConversationRow[]>('/conversations', f as Query))
    return { ...page, items: page.items.map(toConversation) }
  },
  thread: async (id: string, f: { cursor?: string; around?: string }) =>
    toPage(await http.get<Page<Message> | Message[]>(`/conversations/${encodeURIComponent(id)}/messages`, f as Query)),
}
