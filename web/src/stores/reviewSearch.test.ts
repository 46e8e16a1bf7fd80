import { beforeEach, describe, expect, test } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { mockFetch } from '@/test/fetch'
import { useReviewSearchStore } from './reviewSearch'

const hit = (n: number) => ({ msgid: `m${n}`, corp: 'wwc', msgtime: n, msgtype: 'text', from: 'e0', conversation_id: 'e0|wm1', snippet: `<mark>医生</mark>${n}` })

describe('review search store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  test('runs a search with the filters, then pages by cursor with the same query', async () => {
    const { calls } = mockFetch({
      '/api/v1/messages/search': (c) => (c.url.includes('cursor=c1')
        ? { body: { data: { items: [hit(3)], next_cursor: '', total: 3, total_exact: true, names: { e1: { kind: 'employee', name: '李四' } } } } }
        : { body: { data: { items: [hit(1), hit(2)], next_cursor: 'c1', total: 12000, total_exact: false, names: { e0: { kind: 'employee', name: '张三' } } } } }),
    })
    const s = useReviewSearchStore()
    s.filters.q = '医生'
    s.filters.msgtype = ['text', 'voice']
    s.filters.has_media = 'false'
    s.filters.range = [new Date(1000), new Date(2000)]
    await s.run('wwc')
    const q = new URL(calls[0].url, 'http://x').searchParams
    expect(Object.fromEntries(q)).toMatchObject({ corp: 'wwc', q: '医生', msgtype: 'text,voice', has_media: 'false', from: '1000', to: '2000' })
    expect(s.hits).toHaveLength(2)
    expect(s.total).toBe(12000)
    expect(s.totalExact).toBe(false)
    s.filters.q = 'changed meanwhile'
    await s.more('wwc')
    expect(new URL(calls[1].url, 'http://x').searchParams.get('q')).toBe('医生')
    expect(s.hits.map((h) => h.msgid)).toEqual(['m1', 'm2', 'm3'])
    expect(s.names).toMatchObject({ e0: { name: '张三' }, e1: { name: '李四' } })
    expect(s.nextCursor).toBeUndefined()
  })

  test('keeps the error and clears everything on clear()', async () => {
    mockFetch({ '/api/v1/messages/search': { status: 400, body: { error: { code: 'invalid', message: 'q needs a term' } } } })
    const s = useReviewSearchStore()
    s.filters.q = '-x'
    await s.run('wwc')
    expect(s.error).toBeTruthy()
    expect(s.hits).toEqual([])
    s.clear()
    expect(s.error).toBeNull()
    expect(s.filters.q).toBe('')
  })
})
