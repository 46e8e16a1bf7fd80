// Who is who in a conversation: display names, initials and sides.
import type { Names, PartyName } from '@/types/conversations'

/** WeCom external userids start with wm (customers) or wo (WeChat users). */
export function isExternal(id: string, names?: Names): boolean {
  const n = names?.[id]
  if (n) return n.kind === 'contact'
  return /^w[mo][A-Za-z0-9_-]{16,}$/.test(id)
}

/** A readable name: the synced name, else a shortened id. */
export function displayName(id: string, names?: Names): string {
  const n: PartyName | undefined = names?.[id]
  if (n?.name) return n.name
  if (!id) return '—'
  return id.length > 18 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id
}

/** The company line of an external contact (e.g. a hospital), if known. */
export function corpOf(id: string, names?: Names): string {
  return names?.[id]?.corp_name ?? ''
}

/** One or two letters for an avatar: the last two Chinese characters, or Latin initials. */
export function initials(name: string): string {
  const s = name.replace(/[…\s]+/g, ' ').trim()
  if (!s) return '?'
  if (/[\u3400-\u9fff]/.test(s)) return [...s.replace(/[^\u3400-\u9fff]/g, '')].slice(-2).join('')
  const words = s.split(/[\s._-]+/).filter(Boolean)
  return (words.length > 1 ? words[0][0] + words[1][0] : s.slice(0, 2)).toUpperCase()
}

/** A stable colour per person, so the same sender keeps one avatar colour. */
export function avatarColor(id: string): string {
  let h = 0
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0
  return `hsl(${h % 360} 45% 48%)`
}
