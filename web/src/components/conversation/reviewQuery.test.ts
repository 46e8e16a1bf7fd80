import { describe, expect, test } from 'vitest'
import { emptyFilters } from '@/stores/reviewSearch'
import { fromQuery, stateKey, toQuery } from './reviewQuery'

describe('review state in the URL', () => {
  test('round-trips the search, the conversation and the message', () => {
    const filters = { ...emptyFilters(), q: '超说明书 OR 不良反应', employee: 'zhangsan', msgtype: ['text', 'voice'],
      range: [new Date(1000), new Date(2000)] as [Date, Date], recalled: 'true' as const, consent: 'agreed' }
    const q = toQuery({ filters, c: 'zhangsan|wmABC', m: 'msg9' })
    expect(q).toEqual({ q: '超说明书 OR 不良反应', employee: 'zhangsan', msgtype: 'text,voice', from: '1000', to: '2000',
      recalled: 'true', consent: 'agreed', c: 'zhangsan|wmABC', m: 'msg9' })
    const back = fromQuery(q as Record<string, string>)
    expect(back.filters).toEqual(filters)
    expect(back.c).toBe('zhangsan|wmABC')
    expect(back.m).toBe('msg9')
  })

  test('drops malformed values instead of failing', () => {
    const s = fromQuery({ has_media: 'maybe', from: 'x', to: '5', msgtype: ',,', q: ['a', 'b'] })
    expect(s.filters).toEqual({ ...emptyFilters(), q: 'a' })
    expect(stateKey(s)).toBe(JSON.stringify({ q: 'a' }))
  })
})
