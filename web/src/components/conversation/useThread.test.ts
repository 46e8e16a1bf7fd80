import { describe, expect, test } from 'vitest'
import { mockFetch } from '@/test/fetch'
import { PAGE, useThread } from './useThread'

const m = (i: number) => ({ msgid: `m${i}`, msgtime: i, msgtype: 'text', from: 'e0' })
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => m(a + i))

describe('useThread', () => {
  test('opens around a message, then pages older and newer without duplicates', async () => {
    const { calls } = mockFetch({
      '/api/v1/conversations/e0%7Cwm1/messages': (c) => {
        const q = new URL(c.url, 'http://x').searchParams
        if (q.get('around')) return { body: { data: { items: range(1000 - PAGE / 2, 1000 + PAGE / 2), prev_cursor: '950', next_cursor: '1049', names: { e0: { kind: 'employee', name: '张三' } } } } }
        if (q.get('before')) return { body: { data: { items: range(900, 950), prev_cursor: '900', next_cursor: '949' } } }
        return { body: { data: { items: range(1049, 1060), prev_cursor: '1049', next_cursor: '1059' } } }
      },
    })
    const th = useThread()
    await th.open('wwc', 'e0|wm1', 'm1000')
    expect(th.items.value).toHaveLength(PAGE)
    expect(th.hasOlder.value).toBe(true)
    expect(th.hasNewer.value).toBe(true)
    expect(th.names.value.e0.name).toBe('张三')
    await th.older()
    expect(th.items.value[0].msgid).toBe('m900')
    expect(th.hasOlder.value).toBe(false) // a short page: the start of the conversation
    await th.newer()
    expect(th.items.value.at(-1)!.msgid).toBe('m1059')
    expect(new Set(th.items.value.map((x) => x.msgid)).size).toBe(th.items.value.length)
    expect(th.hasNewer.value).toBe(false)
    expect(calls.map((c) => new URL(c.url, 'http://x').searchParams.get('corp'))).toEqual(['wwc', 'wwc', 'wwc'])
  })

  test('a short conversation opened around a message has nothing more to page', async () => {
    mockFetch({ '/api/v1/conversations/c/messages': { body: { data: { items: range(0, 3), prev_cursor: '0', next_cursor: '2' } } } })
    const th = useThread()
    await th.open('wwc', 'c', 'm1')
    expect(th.hasOlder.value).toBe(false)
    expect(th.hasNewer.value).toBe(false)
  })
})
