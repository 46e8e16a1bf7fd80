// Search snippets arrive HTML-escaped with <mark> around the matches. They
// are never put into the page as HTML: they are split into text and mark
// segments, and everything that is not exactly <mark>…</mark> stays text.

export interface Segment {
  text: string
  mark: boolean
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

/** Decodes the HTML entities an escaper emits (named, decimal and hex). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : all
    }
    return ENTITIES[e.toLowerCase()] ?? all
  })
}

/** Splits a snippet into plain and highlighted segments; other tags are shown as text, never run. */
export function splitSnippet(snippet: string): Segment[] {
  const out: Segment[] = []
  let mark = false
  for (const part of snippet.split(/(<mark>|<\/mark>)/i)) {
    if (/^<mark>$/i.test(part)) mark = true
    else if (/^<\/mark>$/i.test(part)) mark = false
    else if (part) out.push({ text: decodeEntities(part), mark })
  }
  return out
}
