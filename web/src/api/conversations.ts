// The review workspace's API: search, conversation lists, threads, media
// and exports from a search or a conversation.
import { API_BASE, http, type Query } from './client'
import type { ExportJob } from '@/types/resources'
import type { ConversationPage, ExportRequest, NameKind, SearchFilters, SearchResult, Suggestion, Thread, Transcript } from '@/types/conversations'

/** The search API's query parameters for the pane's filters (empty ones left out). */
export function filterParams(f: SearchFilters): Record<string, string> {
  const p: Record<string, string> = {}
  const set = (k: string, v: string | undefined) => { if (v) p[k] = v.trim() }
  set('employee', f.employee)
  set('contact', f.contact)
  set('room', f.room)
  set('msgtype', f.msgtype.join(','))
  if (f.range) {
    p.from = String(f.range[0].getTime())
    p.to = String(f.range[1].getTime())
  }
  set('has_media', f.has_media)
  set('recalled', f.recalled)
  set('consent', f.consent)
  return p
}

export const conversationsApi = {
  search: (corp: string, f: SearchFilters, cursor?: string, limit = 50) =>
    http.get<SearchResult>('/messages/search', { corp, q: f.q.trim(), ...filterParams(f), cursor, limit }),
  list: (q: { corp: string; kind?: string; employee?: string; contact?: string; room?: string; cursor?: string; limit?: number }) =>
    http.get<ConversationPage>('/conversations', q as Query),
  thread: (corp: string, id: string, q: { around?: string; before?: string; after?: string; limit?: number }) =>
    http.get<Thread>(`/conversations/${encodeURIComponent(id)}/messages`, { corp, ...q }),
  transcript: (mediaId: number) => http.get<Transcript>(`/media/${mediaId}/transcript`),
  createExport: (r: ExportRequest) => http.post<ExportJob>('/exports', r),
  getExport: (id: ExportJob['id']) => http.get<ExportJob>(`/exports/${id}`),
  /** Employees, contacts or rooms whose name contains q (or whose id starts with it), inside the caller's scope. */
  names: async (corp: string, kind: NameKind, q: string, limit = 20) =>
    (await http.get<{ items: Suggestion[] | null }>('/review/names', { corp, kind, q, limit }))?.items ?? [],
}

/** URLs the browser fetches itself (img, audio, video, downloads); the session cookie authorises them. */
export const mediaURL = {
  file: (id: number) => `${API_BASE}/media/${id}`,
  playable: (id: number) => `${API_BASE}/media/${id}/playable`,
  thumbnail: (id: number) => `${API_BASE}/media/${id}/thumbnail`,
  exportDownload: (id: ExportJob['id']) => `${API_BASE}/exports/${id}/download`,
}
