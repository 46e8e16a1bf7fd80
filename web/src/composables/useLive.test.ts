import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { mount } from '@vue/test-utils'
import { useLive, type LiveOptions } from './useLive'

// EventSource is mocked here only: the e2e run uses the browser's own.
class FakeES {
  static all: FakeES[] = []
  onmessage: ((e: MessageEvent) => void) | null = null
  onerror: (() => void) | null = null
  listeners: Record<string, (e: MessageEvent) => void> = {}
  closed = false
  constructor(public url: string) { FakeES.all.push(this) }
  static get last() { return FakeES.all[FakeES.all.length - 1] }
  addEventListener(name: string, fn: (e: MessageEvent) => void) { this.listeners[name] = fn }
  close() { this.closed = true }
  emit(name: string, data: unknown) { this.listeners[name]?.(new MessageEvent(name, { data: JSON.stringify(data) })) }
  drop() { this.onerror?.() }
}

interface Run { id: number; state: string; done: number }

function harness(opts: Partial<LiveOptions<Run, number>>, id: number | null = 5) {
  let api!: ReturnType<typeof useLive<Run, number>>
  const key = ref<number | null>(id)
  const fetch = vi.fn(async (k: number): Promise<Run> => ({ id: k, state: 'running', done: 1 }))
  const wrapper = mount(defineComponent({
    setup() {
      api = useLive<Run, number>(key, { fetch, url: (k) => `/api/v1/runs/${k}/events`, event: 'run', final: (r) => r.state === 'done',
        eventSource: FakeES as unknown as typeof EventSource, pollMs: 1000, ...opts })
      return () => h('div')
    },
  }))
  return { api: () => api, key, fetch, wrapper }
}

describe('useLive', () => {
  afterEach(() => {
    vi.useRealTimers()
    FakeES.all = []
  })

  it('follows the stream until the run is final, without polling', () => {
    const { api, fetch } = harness({})
    expect(FakeES.last.url).toBe('/api/v1/runs/5/events')
    expect(api().live.value).toBe(true)
    FakeES.last.emit('run', { id: 5, state: 'running', done: 40 })
    expect(api().value.value?.done).toBe(40)
    FakeES.last.emit('run', { id: 5, state: 'done', done: 100 })
    expect(api().done.value).toBe(true)
    expect(FakeES.last.closed).toBe(true)
    expect(api().live.value).toBe(false)
    expect(fetch).not.toHaveBeenCalled()
  })

  it('falls back to polling when the stream drops, until the run is final', async () => {
    vi.useFakeTimers()
    let n = 0
    const fetch = vi.fn(async (k: number): Promise<Run> => ({ id: k, state: ++n < 3 ? 'running' : 'done', done: n * 10 }))
    const { api } = harness({ fetch })
    FakeES.last.emit('run', { id: 5, state: 'running', done: 5 })
    FakeES.last.drop()
    expect(FakeES.last.closed).toBe(true)
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1))
    expect(api().live.value).toBe(false)
    await vi.advanceTimersByTimeAsync(1000)
    await vi.advanceTimersByTimeAsync(1000)
    expect(api().done.value).toBe(true)
    expect(api().value.value?.done).toBe(30)
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetch).toHaveBeenCalledTimes(3)
    expect(FakeES.all).toHaveLength(1) // no blind reconnect
  })

  it('reads the run once more after "end"', async () => {
    const fetch = vi.fn(async (k: number): Promise<Run> => ({ id: k, state: 'done', done: 100 }))
    const { api } = harness({ fetch })
    FakeES.last.listeners.end(new MessageEvent('end', { data: '{}' }))
    await vi.waitFor(() => expect(api().done.value).toBe(true))
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(FakeES.last.closed).toBe(true)
  })

  it('polls when there is no stream at all', async () => {
    const { api, fetch } = harness({ eventSource: null })
    await vi.waitFor(() => expect(api().value.value?.state).toBe('running'))
    expect(fetch).toHaveBeenCalledWith(5)
    expect(FakeES.all).toHaveLength(0)
  })

  it('stops cleanly when the page is left', async () => {
    vi.useFakeTimers()
    const { fetch, wrapper } = harness({})
    const es = FakeES.last
    es.drop() // now polling
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1))
    wrapper.unmount()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(es.closed).toBe(true)
  })

  it('follows again after a restart, and drops a change of run', async () => {
    const { api, key } = harness({})
    FakeES.last.emit('run', { id: 5, state: 'done', done: 100 })
    expect(api().done.value).toBe(true)
    api().restart()
    expect(FakeES.all).toHaveLength(2)
    expect(api().done.value).toBe(false)
    key.value = 6
    await nextTick()
    expect(FakeES.all[1].closed).toBe(true)
    expect(FakeES.last.url).toBe('/api/v1/runs/6/events')
    expect(api().value.value).toBeNull()
  })
})
