// Splits an alert's text into plain and highlighted segments by its hits.
// Hit offsets count Unicode code points (the detector's runes), so the text
// is split with Array.from, not by UTF-16 index: an emoji before a hit must
// not shift the mark.
import type { Hit } from '@/types/monitoring'

export interface Segment {
  text: string
  hits: Hit[] // the hits covering this segment (empty: plain text)
}

export function segments(text: string, hits: Hit[]): Segment[] {
  const chars = Array.from(text ?? '')
  const valid = (hits ?? []).filter((h) => h.start >= 0 && h.end > h.start && h.start < chars.length)
  const cuts = new Set<number>([0, chars.length])
  for (const h of valid) {
    cuts.add(h.start)
    cuts.add(Math.min(h.end, chars.length))
  }
  const points = [...cuts].sort((a, b) => a - b)
  const out: Segment[] = []
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]]
    const covering = valid.filter((h) => h.start <= a && Math.min(h.end, chars.length) >= b)
    const piece = chars.slice(a, b).join('')
    const last = out[out.length - 1]
    if (last && !last.hits.length && !covering.length) last.text += piece
    else out.push({ text: piece, hits: covering })
  }
  return out
}

/** The labels of a segment's hits, for its CSS class. */
export function segmentLabels(s: Segment): string[] {
  return [...new Set(s.hits.map((h) => h.label))]
}
