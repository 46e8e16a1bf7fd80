import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { mockFetch, type Call } from '@/test/fetch'
import { POLL_MS, downloadable, shownState, toProgress, useExportsStore } from './exports'
import type { ExportRow } from '@/types/admin'

/** A read of the list itself (not of one export's progress). */
const isList = (c: Call) => c.url === '/api/v1/exports' || c.url.startsWith('/api/v1/exports?')
const row = (id: number, state: string, extra: Partial<ExportRow> = {}): ExportRow => ({ id, state, format: 'csv', created_at: id, ...extra })

describe('exports store', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    useExportsStore().stop()
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('lists newest first and reads a running export\'s job progress', async () => {
    mockFetch({
      '/api/v1/exports': { body: { data: { items: [row(1, 'done'), row(3, 'running', { job_id: 9 }), row(2, 'pending_approval')] } } },
      '/api/v1/exports/3/progress': { body: { data: { id: 9, kind: 'export', state: 'running', progress: { done: 30, total: 120 } } } },
    })
    const s = useExportsStore()
    await s.load('ww1')
    expect(s.items.map((e) => e.id)).toEqual([3, 2, 1])
    expect(s.progress[3]).toEqual({ done: 30, total: 120, pct: 25 })
    expect(s.active.map((e) => e.id)).toEqual([3])
    expect(s.pending.map((e) => e.id)).toEqual([2])
  })

  it('polls while an export is queued or running, and stops once all are settled', async () => {
    vi.useFakeTimers()
    let n = 0
    const { calls } = mockFetch({
      '/api/v1/exports': () => ({ body: { data: { items: [row(1, ++n < 3 ? 'queued' : 'done')] } } }),
    })
    const s = useExportsStore()
    await s.load('ww1')
    await vi.advanceTimersByTimeAsync(POLL_MS)
    await vi.advanceTimersByTimeAsync(POLL_MS)
    expect(s.items[0].state).toBe('done')
    await vi.advanceTimersByTimeAsync(POLL_MS * 3)
    expect(calls.filter(isList)).toHaveLength(3)
    expect(calls[0].url).toBe('/api/v1/exports?corp=ww1')
  })

  it('follows progress through the export, never the jobs API a reviewer may not read', async () => {
    const { calls } = mockFetch({
      '/api/v1/exports': { body: { data: { items: [row(5, 'running', { job_id: 7 })] } } },
      '/api/v1/exports/5/progress': { body: { data: { id: 7, kind: 'export', state: 'running', progress: { done: 1, total: 2 } } } },
    })
    const s = useExportsStore()
    await s.load('')
    expect(s.error).toBeNull()
    expect(s.progress[5]).toMatchObject({ pct: 50 })
    expect(calls.filter((c: Call) => c.url.startsWith('/api/v1/jobs'))).toHaveLength(0)
  })

  it('keeps working against a server without the progress route: the state alone shows progress', async () => {
    const { calls } = mockFetch({
      '/api/v1/exports': { body: { data: { items: [row(5, 'running', { job_id: 7 })] } } },
      '/api/v1/exports/5/progress': { status: 404, body: { error: { code: 'not_found', message: '' } } },
    })
    const s = useExportsStore()
    await s.load('')
    await s.load('')
    expect(s.error).toBeNull()
    expect(s.progress).toEqual({})
    expect(calls.filter((c: Call) => c.url.endsWith('/progress'))).toHaveLength(1)
  })

  it('approves and rejects with a note, then reloads', async () => {
    const { calls } = mockFetch({
      '/api/v1/exports': { body: { data: { items: [row(4, 'pending_approval')] } } },
      'POST /api/v1/exports/4/approve': { body: { data: row(4, 'queued') } },
      'POST /api/v1/exports/4/reject': { body: { data: row(4, 'rejected') } },
    })
    const s = useExportsStore()
    await s.load('ww1')
    await s.approve(4)
    await s.reject(4, '范围太大')
    const posts = calls.filter((c: Call) => c.method === 'POST')
    expect(posts.map((c) => [c.url, c.body])).toEqual([['/api/v1/exports/4/approve', { note: '' }], ['/api/v1/exports/4/reject', { note: '范围太大' }]])
  })

  it('keeps the error of a failed list and retries cleanly', async () => {
    let fail = true
    mockFetch({ '/api/v1/exports': () => (fail ? { status: 500, body: { error: { code: 'internal', message: '' } } } : { body: { data: [] } }) })
    const s = useExportsStore()
    await s.load('ww1')
    expect(s.error).toMatchObject({ code: 'internal' })
    fail = false
    await s.load()
    expect(s.error).toBeNull()
    expect(s.loaded).toBe(true)
  })
})

describe('export helpers', () => {
  it('offers the download only while the file is ready and not expired', () => {
    expect(downloadable(row(1, 'done', { expires_at: 200 }), 100)).toBe(true)
    expect(downloadable(row(1, 'done', { expires_at: 200 }), 300)).toBe(false)
    expect(downloadable(row(1, 'running'), 100)).toBe(false)
    expect(shownState(row(1, 'done', { expires_at: 200 }), 300)).toBe('expired')
    expect(shownState(row(1, 'pending_approval'), 300)).toBe('pending_approval')
  })

  it('reads job progress', () => {
    expect(toProgress({ done: 1, total: 4 })).toEqual({ done: 1, total: 4, pct: 25 })
    expect(toProgress({ done: 3, total: 0 })).toEqual({ done: 3, total: 0, pct: null })
    expect(toProgress(undefined)).toBeNull()
  })

  describe('with an event stream', () => {
    class FakeES {
      static all: FakeES[] = []
      onmessage: ((e: MessageEvent) => void) | null = null
      onerror: (() => void) | null = null
      listeners: Record<string, (e: MessageEvent) => void> = {}
      closed = false
      constructor(public url: string) { FakeES.all.push(this) }
      addEventListener(name: string, fn: (e: MessageEvent) => void) { this.listeners[name] = fn }
      close() { this.closed = true }
      emit(name: string, data: unknown) { this.listeners[name]?.(new MessageEvent(name, { data: JSON.stringify(data) })) }
    }
    beforeEach(() => {
      FakeES.all = []
      vi.stubGlobal('EventSource', FakeES)
    })

    it('follows a running export live to 100% without polling, then reads the row once', async () => {
      vi.useFakeTimers()
      let state = 'running'
      const { calls } = mockFetch({ '/api/v1/exports': () => ({ body: { data: { items: [row(3, state, { job_id: 9 }), row(1, 'done', { job_id: 2 })] } } }) })
      const s = useExportsStore()
      await s.load('ww1')
      expect(FakeES.all.map((e) => e.url)).toEqual(['/api/v1/exports/3/events'])
      expect(s.live).toBe(true)
      FakeES.all[0].emit('job', { id: 9, kind: 'export', state: 'running', progress: { done: 60, total: 120 } })
      expect(s.progress[3]).toMatchObject({ pct: 50 })
      await vi.advanceTimersByTimeAsync(POLL_MS * 3)
      expect(calls.filter(isList)).toHaveLength(1) // followed, not polled
      state = 'done'
      FakeES.all[0].emit('job', { id: 9, kind: 'export', state: 'succeeded', progress: { done: 120, total: 120 } })
      FakeES.all[0].emit('end', { state: 'succeeded' })
      await vi.waitFor(() => expect(s.items[0].state).toBe('done'))
      expect(s.progress[3]).toMatchObject({ pct: 100 })
      expect(FakeES.all[0].closed).toBe(true)
      expect(FakeES.all).toHaveLength(1)
      s.stop()
      expect(s.progress).toEqual({})
    })

    it('falls back to polling when the stream drops, and follows a requested export even when done', async () => {
      vi.useFakeTimers()
      const { calls } = mockFetch({
        '/api/v1/exports': { body: { data: { items: [row(3, 'running', { job_id: 9 }), row(1, 'done', { job_id: 2 })] } } },
        '/api/v1/exports/3/progress': { body: { data: { id: 9, kind: 'export', state: 'running', progress: { done: 1, total: 4 } } } },
      })
      const s = useExportsStore()
      await s.load('ww1')
      FakeES.all[0].onerror?.()
      await vi.advanceTimersByTimeAsync(POLL_MS)
      expect(calls.filter(isList)).toHaveLength(2)
      expect(s.progress[3]).toMatchObject({ pct: 25 })
      s.watchExport(1)
      expect(FakeES.all.map((e) => e.url)).toEqual(['/api/v1/exports/3/events', '/api/v1/exports/1/events'])
      FakeES.all[1].emit('job', { id: 2, kind: 'export', state: 'succeeded', progress: { done: 7, total: 7 } })
      expect(s.progress[1]).toMatchObject({ pct: 100 })
    })
  })
})
