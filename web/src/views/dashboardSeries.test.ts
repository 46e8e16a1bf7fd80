import { describe, expect, it } from 'vitest'
import { callbackState, consentShares, licenceUse, missingKeyVersions, percent, perDayOption, perDaySeries, syncHealth } from './dashboardSeries'
import type { CorpStatus } from '@/types/status'

const corp = (id: string, extra: Partial<CorpStatus> = {}): CorpStatus => ({ corp_id: id, ...extra })

describe('messages per day', () => {
  it('sums corps per day and type, fills missing days and orders types by volume', () => {
    const p = perDaySeries([
      corp('a', { messages_per_day: [{ day: '2026-11-20', counts: { text: 3, voice: 1 } }, { day: '2026-11-22', counts: { text: 1 } }] }),
      corp('b', { messages_per_day: [{ day: '2026-11-20', counts: { text: 2, image: 4 } }] }),
    ], 3)
    expect(p.days).toEqual(['2026-11-20', '2026-11-21', '2026-11-22'])
    expect(p.types).toEqual(['text', 'image', 'voice'])
    expect(p.counts).toEqual({ text: [5, 0, 1], image: [4, 0, 0], voice: [1, 0, 0] })
  })

  it('shows at least the last N days, ending today, when there is little or no data', () => {
    const p = perDaySeries([corp('a')], 14, '2026-11-24')
    expect(p.days).toHaveLength(14)
    expect(p.days[0]).toBe('2026-11-11')
    expect(p.days[13]).toBe('2026-11-24')
    expect(p.types).toEqual([])
  })

  it('ignores malformed rows from an older or broken server', () => {
    const bad = { messages_per_day: [null, { day: 'nope', counts: { text: 1 } }, { day: '2026-11-24', counts: { text: 'x' } }] } as unknown as Partial<CorpStatus>
    const p = perDaySeries([corp('a', bad)], 1)
    expect(p.days).toEqual(['2026-11-24'])
    expect(p.counts.text).toEqual([0])
  })

  it('stacks one series per type with translated names', () => {
    const o = perDayOption(perDaySeries([corp('a', { messages_per_day: [{ day: '2026-11-20', counts: { text: 2, voice: 1 } }] })], 2),
      (k) => `<${k}>`) as { xAxis: { data: string[] }; series: { name: string; stack: string; data: number[] }[] }
    expect(o.xAxis.data).toEqual(['11-19', '11-20'])
    expect(o.series.map((s) => [s.name, s.stack, s.data])).toEqual([['<text>', 'day', [0, 2]], ['<voice>', 'day', [0, 1]]])
  })
})

describe('coverage figures', () => {
  it('shares consent: unknown and none count as no consent on record', () => {
    const s = consentShares([corp('a', { consent: { agreed: 6, refused: 2 } }), corp('b', { consent: { none: 1, unknown: 1 } })])
    expect(s).toEqual({ agreed: 6, refused: 2, none: 2, total: 10 })
    expect(percent(s.agreed, s.total)).toBe(60)
    expect(percent(1, 0)).toBe(0)
  })

  it('measures licence use against the quota', () => {
    expect(licenceUse([corp('a', { licences: { quota: 5, licensed: 6, permitted: 4 } })])).toMatchObject({ used: 6, over: true, pct: 100 })
    expect(licenceUse([corp('a', { licences: { quota: 0, licensed: 3, permitted: 3 } })])).toMatchObject({ quota: 0, over: false, pct: 0 })
    expect(licenceUse([corp('a')]).used).toBe(0)
  })

  it('reports the worst callback state and sync health', () => {
    expect(callbackState([corp('a', { callbacks: { state: 'ok' } }), corp('b', { callbacks: { state: 'degraded' } })])).toBe('degraded')
    expect(callbackState([corp('a')])).toBe('unknown')
    expect(syncHealth('failed')).toBe('degraded')
    expect(syncHealth('none')).toBe('disabled')
    expect(syncHealth('applied')).toBe('ok')
  })

  it('groups quarantined records by key version', () => {
    const c = corp('a', { quarantine_by_key: [{ publickey_ver: 3, reason: 'missing_key', count: 2 }, { publickey_ver: 3, reason: 'decrypt', count: 1 },
      { publickey_ver: 1, reason: 'missing_key', count: 1 }] })
    expect(missingKeyVersions(c)).toEqual([{ version: 1, count: 1, reasons: ['missing_key'] }, { version: 3, count: 3, reasons: ['missing_key', 'decrypt'] }])
  })
})
