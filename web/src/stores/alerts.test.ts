import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { mockFetch } from '@/test/fetch'
import { useAlertsStore, useQCStore } from './alerts'

const alert = (id: number, extra = {}) => ({ id, corp: 'wwc', msgid: `m${id}`, conversation_id: 'e|wm', labels: ['ae'], severity: 'high',
  state: 'open', created_at: 1, hits: [], ...extra })

describe('alerts store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('loads with the filter, pages by cursor and counts overdue open alerts', async () => {
    const { calls } = mockFetch({
      '/api/v1/alerts': (c) => (c.url.includes('cursor=n1')
        ? { body: { data: { items: [alert(3, { overdue: true, state: 'closed' })] } } }
        : { body: { data: { items: [alert(1, { overdue: true }), alert(2)], next_cursor: 'n1' } } }),
    })
    const s = useAlertsStore()
    s.filter.label = 'ae'
    await s.load('wwc')
    expect(s.items.map((a) => a.id)).toEqual([1, 2])
    expect(new URL(calls[0].url, 'http://x').searchParams.get('label')).toBe('ae')
    await s.load('wwc', s.nextCursor)
    expect(s.items.map((a) => a.id)).toEqual([1, 2, 3])
    expect(s.overdueCount).toBe(1) // the closed overdue one does not count
  })

  it('keeps the QC sample apart from the queue', async () => {
    mockFetch({ '/api/v1/alerts': (c) => ({ body: { data: { items: c.url.includes('qc=true') ? [alert(9, { qc_sample: true })] : [alert(1)] } } }) })
    await useAlertsStore().load('wwc')
    await useQCStore().load('wwc', undefined, { qc: true })
    expect(useAlertsStore().items.map((a) => a.id)).toEqual([1])
    expect(useQCStore().items.map((a) => a.id)).toEqual([9])
  })

  it('refuses an AE report without a case number before asking the server', async () => {
    const { calls } = mockFetch({})
    const s = useAlertsStore()
    await expect(s.dispose(1, { disposition: 'ae_reported', case_number: ' ' })).rejects.toThrow('case_number_required')
    expect(calls).toHaveLength(0)
  })

  it('replaces a row with the server\'s answer after an action', async () => {
    mockFetch({
      '/api/v1/alerts': { body: { data: { items: [alert(1), alert(2)] } } },
      'POST /api/v1/alerts/2/disposition': { body: { data: alert(2, { state: 'in_review', disposition: 'ae_reported' }) } },
    })
    const s = useAlertsStore()
    await s.load('wwc')
    await s.dispose(2, { disposition: 'ae_reported', case_number: 'PV-2026-1' })
    expect(s.items[1]).toMatchObject({ state: 'in_review', disposition: 'ae_reported' })
    expect(s.items[0].state).toBe('open')
  })

  it('closes the selected alerts as false positives in one call', async () => {
    const { calls } = mockFetch({
      '/api/v1/alerts': { body: { data: { items: [alert(1), alert(2), alert(3)] } } },
      'POST /api/v1/alerts/bulk': { body: { data: { updated: 2 } } },
    })
    const s = useAlertsStore()
    await s.load('wwc')
    s.selected = [1, 3]
    expect(await s.bulkFalsePositive('emoji')).toBe(2)
    expect(calls[1].body).toEqual({ ids: [1, 3], disposition: 'false_positive', note: 'emoji' })
    expect(s.items.map((a) => a.state)).toEqual(['closed', 'open', 'closed'])
    expect(s.selected).toEqual([])
  })

  it('keeps the rows when the server refuses, and says why', async () => {
    mockFetch({
      '/api/v1/alerts': { body: { data: { items: [alert(1)] } } },
      'POST /api/v1/alerts/bulk': { status: 403, body: { error: { code: 'forbidden', message: 'no' } } },
    })
    const s = useAlertsStore()
    await s.load('wwc')
    s.selected = [1]
    await expect(s.bulkFalsePositive('')).rejects.toMatchObject({ code: 'forbidden' })
    expect(s.items[0].state).toBe('open')
  })
})
