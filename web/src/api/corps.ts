import { http } from './client'
import type { Corp } from '@/types/api'

export const corpsApi = {
  list: () => http.get<Corp[] | null>('/corps'),
}
