import { describe, expect, it } from 'vitest'
import { segments, segmentLabels } from './highlight'
import { dashData } from './summary'
import { isOverdue, toMs } from './util'

const hit = (label: string, start: number, end: number) => ({ label, rule: `${label}.r`, start, end, text: '' })

describe('highlight segments', () => {
  it('marks hits by code point, so an emoji before a hit does not shift it', () => {
    const s = segments('👍病人吃了安立舒后黑便', [hit('ae', 8, 10), hit('offlabel', 5, 8)])
    expect(s.map((x) => [x.text, segmentLabels(x)])).toEqual([
      ['👍病人吃了', []], ['安立舒', ['offlabel']], ['后黑', ['ae']], ['便', []],
    ])
  })

  it('splits overlapping hits and ignores spans outside the text', () => {
    const s = segments('abcdef', [hit('ae', 1, 4), hit('pii', 3, 5), hit('x', 10, 12), hit('y', 3, 3)])
    expect(s.map((x) => [x.text, segmentLabels(x)])).toEqual([['a', []], ['bc', ['ae']], ['d', ['ae', 'pii']], ['e', ['pii']], ['f', []]])
    expect(segments('', [])).toEqual([])
  })
})

describe('monitoring helpers', () => {
  it('reads times as ms, seconds or RFC 3339', () => {
    expect(toMs(1764000000)).toBe(1764000000000)
    expect(toMs(1764000000000)).toBe(1764000000000)
    expect(toMs('2026-12-07T10:00:00Z')).toBe(Date.UTC(2026, 11, 7, 10))
    expect(toMs(null)).toBeUndefined()
  })

  it('is overdue by the server\'s flag or a past due date, never when closed', () => {
    expect(isOverdue({ overdue: true, state: 'open' })).toBe(true)
    expect(isOverdue({ due_at: 1764000000000, state: 'open' }, 1764000001000)).toBe(true)
    expect(isOverdue({ due_at: 1764000002000, state: 'in_review' }, 1764000001000)).toBe(false)
    expect(isOverdue({ overdue: true, state: 'closed' })).toBe(false)
  })

  it('normalises the summary for the tiles, lists or maps alike', () => {
    const a = dashData({ per_thousand: { ae: 1.5 }, open: 3, overdue: 1, median_disposition_seconds: 7200,
      fp_rate_by_rule: [{ rule: 'b.emoji', rate: 0.1 }, { rule: 'a.cash', rate: 0.5 }],
      series: [{ day: '2026-12-02', label: 'ae', count: 2 }, { day: '2026-12-01', label: 'pii', count: 1 }] })
    expect(a.perThousand.find((p) => p.label === 'ae')?.value).toBe(1.5)
    expect(a.fpByRule.map((r) => r.rule)).toEqual(['a.cash', 'b.emoji'])
    expect(a.days).toEqual(['2026-12-01', '2026-12-02'])
    expect(a.perDay.find((s) => s.label === 'ae')?.counts).toEqual([0, 2])
    const c = dashData({ per_1000_messages: { pii: 2 }, median_time_to_disposition_ms: 90_000, open: 4, in_review: 2, awaiting_approval: 1,
      false_positive_rate_by_rule: [{ rule: 'bribery.emoji', label: 'bribery', decided: 4, false_positives: 1, rate: 0.25 }],
      series: [{ day: '2026-12-01', labels: { ae: 3, pii: 1 }, qc: 2 }] })
    expect(c.perThousand.find((p) => p.label === 'pii')?.value).toBe(2)
    expect(c.medianSeconds).toBe(90)
    expect([c.open, c.inReview, c.awaiting]).toEqual([4, 2, 1])
    expect(c.fpByRule).toEqual([{ rule: 'bribery.emoji', rate: 0.25 }])
    expect(c.perDay.find((s) => s.label === 'ae')?.counts).toEqual([3])
    const b = dashData({ fp_rate_by_rule: { r1: 0.2 }, series: { '2026-12-01': { bribery: 4 } } })
    expect(b.fpByRule).toEqual([{ rule: 'r1', rate: 0.2 }])
    expect(b.perDay.find((s) => s.label === 'bribery')?.counts).toEqual([4])
    expect(dashData(undefined).medianSeconds).toBeNull()
  })
})
