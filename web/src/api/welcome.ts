import { http } from './client'
import type { WelcomeAttachment, WelcomeTemplate } from '@/types/people'

type Stored = Omit<WelcomeTemplate, 'attachments'> & { attachments: string | WelcomeAttachment[] | null }

/** The store keeps attachments as a JSON string in send_welcome_msg's format. */
export function parseAttachments(v: Stored['attachments']): WelcomeAttachment[] {
  if (Array.isArray(v)) return v
  if (!v) return []
  try {
    const a = JSON.parse(v)
    return Array.isArray(a) ? a : []
  } catch {
    return []
  }
}

export type WelcomeInput = Omit<WelcomeTemplate, 'id' | 'updated_at'> & { id?: number }

/** Welcome message templates per corp and department. */
export const welcomeApi = {
  list: async (corp?: string): Promise<WelcomeTemplate[]> => {
    const v = await http.get<{ items: Stored[] | null }>('/welcome-templates', { corp })
    return (v?.items ?? []).map((t) => ({ ...t, attachments: parseAttachments(t.attachments) }))
  },
  save: (t: WelcomeInput) => {
    const body = { ...t, department_path: t.department_path.trim() }
    return t.id ? http.put<{ id: number }>(`/welcome-templates/${t.id}`, body) : http.post<{ id: number }>('/welcome-templates', body)
  },
  remove: (corp: string, id: number) => http.del<{ deleted: number }>(`/welcome-templates/${id}`, { query: { corp } }),
}
