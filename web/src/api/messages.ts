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

export const messagesApi = {
  search: async (f: SearchFilter) =>
    toPage(await http.get<Page<Message> | Message[]>('/messages/search', f as Query)),
  conversations: async (f: { corp?: string; q?: string; cursor?: string }) =>
    toPage(await http.get<Page<Conversation> | Conversation[]>('/conversations', f as Query)),
  thread: async (id: string, f: { cursor?: string; around?: string }) =>
    toPage(await http.get<Page<Message> | Message[]>(`/conversations/${encodeURIComponent(id)}/messages`, f as Query)),
}
