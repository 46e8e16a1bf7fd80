import { http } from './client'
import type { Status } from '@/types/status'

export const statusApi = {
  get: () => http.get<Status>('/status'),
}
