// The archive settings and private keys of a corp (by its key).
import { http } from './client'
import type { ArchiveInput, ArchiveKeyInput, ArchiveKeyView, ArchiveView } from '@/types/corpArchive'

const base = (corp: string) => `/corps/${encodeURIComponent(corp)}/archive`

export const corpArchiveApi = {
  get: async (corp: string): Promise<ArchiveView> => {
    const v = await http.get<ArchiveView>(base(corp))
    return { ...v, keys: v.keys ?? [] }
  },
  /** Only a secret typed in is sent, so a blank field keeps the stored one. */
  save: (corp: string, input: ArchiveInput) => {
    const body: ArchiveInput = { source: input.source, url: input.source === 'sim' ? input.url.trim() : '' }
    if (input.secret?.trim()) body.secret = input.secret.trim()
    return http.put<ArchiveView>(base(corp), body)
  },
  addKey: (corp: string, k: ArchiveKeyInput) =>
    http.post<ArchiveKeyView>(`${base(corp)}/keys`, { version: k.version, private_key: k.private_key.trim() + '\n' }),
}

/** A fingerprint shortened for a table cell: the first and last 8 hex digits. */
export function shortFingerprint(fp: string): string {
  if (!fp) return ''
  return fp.length <= 20 ? fp : `${fp.slice(0, 8)}…${fp.slice(-8)}`
}

/** True when the text looks like one PEM private key block (the server checks it properly). */
export function looksLikePEM(text: string): boolean {
  return /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----/.test(text)
}
