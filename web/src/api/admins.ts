import { http, toPage } from './client'
import type { Page } from '@/types/api'
import type { Admin } from '@/types/resources'

export const adminsApi = {
  list: async () => toPage(await http.get<Page<Admin> | Admin[]>('/admins')),
}
