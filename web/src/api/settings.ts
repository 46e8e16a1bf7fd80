// Settings APIs: corps and their write-only secrets, retention and legal
// holds, API tokens and administrators.
import { http, toPage, type Query } from './client'
import type { Page } from '@/types/api'
import type { AccountsSettings, CorpSettings } from '@/types/corpSettings'
import type {
  AdminCreated, AdminUser, ApiToken, CorpInput, CorpView, EnrolmentLink, LegalHold, RetentionList, RetentionPreview, RetentionRule, RoleGrant, TokenCreated,
} from '@/types/admin'

export const corpAdminApi = {
  list: async () => (await http.get<CorpView[] | null>('/corps')) ?? [],
  create: (c: CorpInput) => http.post<CorpView>('/corps', c),
  update: (c: CorpInput) => http.put<CorpView>('/corps', c),
  /** Deletes a corp without data; confirm repeats its name. */
  remove: (key: string, confirm: string) => http.del<{ deleted: string }>(`/corps/${encodeURIComponent(key)}`, { body: { confirm } }),
}

export const retentionApi = {
  list: async (corp: string): Promise<RetentionList> => {
    const v = await http.get<RetentionList | RetentionRule[] | null>('/retention', { corp })
    if (Array.isArray(v)) return { items: v }
    return { ...v, items: v?.items ?? [] }
  },
  save: (r: Omit<RetentionRule, 'id'> & { id?: number }) => http.put<RetentionRule>('/retention', r),
  remove: (corp: string, id: number) => http.del<void>(`/retention/${id}`, { query: { corp } }),
  /** What the sweep would delete now. Only a server that offers it answers; never falls back to a real run. */
  preview: (corp: string) => http.get<RetentionPreview>('/retention/preview', { corp }),
}

export const holdsApi = {
  list: async (corp: string) => toPage(await http.get<Page<LegalHold> | LegalHold[]>('/holds', { corp } as Query)).items,
  create: (h: Omit<LegalHold, 'id' | 'state'>) => http.post<LegalHold>('/holds', h),
  update: (h: LegalHold) => http.put<LegalHold>(`/holds/${h.id}`, h),
  release: (corp: string, id: number, reason: string) => http.post<LegalHold>(`/holds/${id}/release`, { reason }, { query: { corp } }),
}

export const tokensApi = {
  list: async () => toPage(await http.get<Page<ApiToken> | ApiToken[]>('/tokens')).items,
  create: (t: { name: string; role: string; corp_id: string; departments: string[]; expires: string }) => http.post<TokenCreated>('/tokens', t),
  revoke: (id: number) => http.del<{ revoked: boolean }>(`/tokens/${id}`),
}

export const adminUsersApi = {
  list: async () => toPage(await http.get<Page<AdminUser> | AdminUser[]>('/admins')).items,
  /** Without a password a local admin gets a one-time enrolment link. */
  create: (a: { username: string; display_name: string; email: string; kind: string; password?: string; roles: RoleGrant[] }) =>
    http.post<AdminCreated>('/admins', a),
  /** Reset: a new one-time link; earlier ones stop working. */
  enrol: (id: number) => http.post<EnrolmentLink>(`/admins/${id}/enrolment`),
  update: (id: number, patch: { roles?: RoleGrant[]; disabled?: boolean }) => http.patch<AdminUser>(`/admins/${id}`, patch),
}

const corpPath = (key: string, tail: string) => `/corps/${encodeURIComponent(key)}/${tail}`

export const corpSettingsApi = {
  get: (key: string) => http.get<CorpSettings>(corpPath(key, 'settings')),
  save: (key: string, s: CorpSettings) => http.put<CorpSettings>(corpPath(key, 'settings'), s),
  /** The whole accounts settings object: save it back with only the edited fields changed. */
  accounts: (key: string) => http.get<AccountsSettings>(corpPath(key, 'accounts-settings')),
  saveAccounts: (key: string, s: AccountsSettings) => http.put<AccountsSettings>(corpPath(key, 'accounts-settings'), s),
}
