import { http, toPage, type Query } from './client'
import type { Page } from '@/types/api'
import type { ExternalContact, GroupChat } from '@/types/resources'

export interface ContactFilter {
  corp?: string
  q?: string
  employee?: string
  limit?: number
  cursor?: string
}

export const contactsApi = {
  list: async (f: ContactFilter) =>
    toPage(await http.get<Page<ExternalContact> | ExternalContact[]>('/contacts', f as Query)),
  groups: async (f: ContactFilter) =>
    toPage(await http.get<Page<GroupChat> | GroupChat[]>('/contacts/groups', f as Query)),
}
