// A window.matchMedia for tests that understands (max-width: Npx) and lets a
// test resize the "screen".
import { vi } from 'vitest'

export function fakeMatchMedia(width: number) {
  let w = width
  const lists: { query: string; fire: () => void }[] = []
  const matches = (q: string) => { const m = /max-width:\s*(\d+)px/.exec(q); return m ? w <= Number(m[1]) : false }
  vi.stubGlobal('matchMedia', (query: string) => {
    const listeners = new Set<(e: { matches: boolean }) => void>()
    const mq = {
      get matches() { return matches(query) }, media: query,
      addEventListener: (_: string, f: (e: { matches: boolean }) => void) => listeners.add(f),
      removeEventListener: (_: string, f: (e: { matches: boolean }) => void) => listeners.delete(f),
    }
    lists.push({ query, fire: () => listeners.forEach((f) => f({ matches: matches(query) })) })
    return mq
  })
  return { resize(nw: number) { w = nw; lists.forEach((l) => l.fire()) } }
}
