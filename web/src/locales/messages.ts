// The message trees of both languages: the shared files plus every part under
// ./parts, deep-merged so a part may add keys to an existing namespace.
import zhCNBase from './zh-CN'
import enBase from './en'
import type { LocalePart } from './part'

type Tree = Record<string, unknown>

function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function deepMerge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base }
  for (const [k, v] of Object.entries(extra)) {
    const cur = out[k]
    out[k] = isTree(cur) && isTree(v) ? deepMerge(cur, v) : v
  }
  return out
}

const parts = Object.values(import.meta.glob<LocalePart>(['./parts/*.ts', '!./parts/*.test.ts'], { eager: true, import: 'default' }))
  .filter((p): p is LocalePart => isTree(p) && 'en' in p && 'zh-CN' in p)

// Typed as the shared files so vue-i18n keeps its message schema; parts only add keys.
export const en = parts.reduce((acc, p) => deepMerge(acc, p.en), enBase as Tree) as typeof enBase
export const zhCN = parts.reduce((acc, p) => deepMerge(acc, p['zh-CN']), zhCNBase as Tree) as typeof zhCNBase
