import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { mount } from '@vue/test-utils'
import { percentOf, useProgress } from './useProgress'
import { mockFetch } from '@/test/fetch'

function harness(id: number | null, opts: Parameters<typeof useProgress>[1]) {
  let api!: ReturnType<typeof useProgress>
  const jobId = ref<number | null>(id)
  mount(defineComponent({ setup() { api = useProgress(jobId, opts); return () => h('div') } }))
  return { api: () => api, jobId }
}

class FakeES {
  static last: FakeES
  onmessage: ((e: MessageEvent) => void) | null = null
  onerror: (() => void) | null = null
  listeners: Record<string, (e: MessageEvent) => void> = {}
  closed = false
  constructor(public url: string) { FakeES.last = this }
  addEventListener(name: string, fn: (e: MessageEvent) => void) { this.listeners[name] = fn }
  close() { this.closed = true }
  // The jobs API sends named "job" events.
  emit(data: unknown) { this.listeners.job?.(new MessageEvent('job', { data: JSON.stringify(data) })) }
}

describe('useProgress', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('computes percent from progress and total', () => {
    expect(percentOf({ progress: { done: 3, total: 4, note: '' }, state: 'running' })).toBe(75)
    expect(percentOf({ progress: { done: 0, total: 0, note: '' }, state: 'queued' })).toBe(0)
    expect(percentOf({ state: 'succeeded' })).toBe(100)
    expect(percentOf(null)).toBe(0)
  })

  it('follows server-sent events until the job ends', async () => {
    const { api } = harness(7, { eventSource: FakeES as unknown as typeof EventSource })
    expect(FakeES.last.url).toBe('/api/v1/jobs/7/events')
    FakeES.last.emit({ id: 7, kind: 'hr_sync', state: 'running', progress: { done: 1, total: 4, note: '' } })
    expect(api().percent.value).toBe(25)
    expect(api().done.value).toBe(false)
    FakeES.last.emit({ id: 7, kind: 'hr_sync', state: 'succeeded', progress: { done: 4, total: 4, note: '' } })
    expect(api().percent.value).toBe(100)
    expect(api().done.value).toBe(true)
    expect(FakeES.last.closed).toBe(true)
  })

  it('falls back to polling when there is no event stream', async () => {
    vi.useFakeTimers()
    let n = 0
    mockFetch({ '/api/v1/jobs/9': () => ({ body: { data: { id: 9, kind: 'export', state: ++n < 2 ? 'running' : 'dead', progress: 50, last_error: 'disk full' } } }) })
    const { api } = harness(9, { eventSource: null, pollMs: 1000 })
    await vi.waitFor(() => expect(api().job.value?.state).toBe('running'), { timeout: 30_000 })
    await vi.advanceTimersByTimeAsync(1000)
    await nextTick()
    expect(api().failed.value).toBe(true)
    expect(api().job.value?.last_error).toBe('disk full')
  })
})
