// Follows a long run live: server-sent events when the server streams it,
// polling when it does not or when the stream drops, and nothing once the
// run is final or the page is left. useProgress (jobs), the exports list
// and the handover result all build on it.
import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'

type ESClass = typeof EventSource

/** The browser's EventSource, or null where there is none (tests, old browsers). */
export function defaultEventSource(): ESClass | null {
  return typeof EventSource !== 'undefined' ? EventSource : null
}

export interface StreamHandlers {
  /** Named events ("job", "transfer", "run", "end"...), data already parsed as JSON. */
  [event: string]: (data: unknown) => void
}

/**
 * Opens one event stream and returns its close. onDrop is called once when
 * the connection fails or the server sends an "error" event; the stream is
 * closed by then (the caller falls back to polling, not to the browser's
 * blind reconnects).
 */
export function openStream(ES: ESClass, url: string, handlers: StreamHandlers, onDrop: () => void): () => void {
  const es = new ES(url, { withCredentials: true })
  let closed = false
  const close = () => {
    closed = true
    es.close()
  }
  const parse = (ev: MessageEvent) => {
    try {
      return JSON.parse(ev.data)
    } catch {
      return undefined
    }
  }
  for (const [name, fn] of Object.entries(handlers)) {
    if (name === 'message') continue
    es.addEventListener(name, ((ev: MessageEvent) => {
      if (closed) return
      const data = parse(ev)
      if (data !== undefined || name === 'end') fn(data)
    }) as EventListener)
  }
  if (handlers.message) es.onmessage = (ev) => !closed && handlers.message(parse(ev))
  es.onerror = () => {
    if (closed) return
    close()
    onDrop()
  }
  return close
}

export interface LiveOptions<T, K> {
  /** Reads the run once (the polling path, and the last word after "end"). */
  fetch: (key: K) => Promise<T>
  /** The run's event stream, or null/undefined for none. */
  url?: ((key: K) => string) | null
  /** Name of the event carrying the run (default "message"). */
  event?: string
  /** Maps an event's data to the run (default: as sent). */
  parse?: (data: unknown) => T
  /** True once the run can no longer change: following stops. */
  final: (value: T) => boolean
  pollMs?: number
  /** Inject for tests; defaults to window.EventSource when it exists. */
  eventSource?: ESClass | null
}

export function useLive<T, K>(key: Ref<K | null | undefined>, opts: LiveOptions<T, K>) {
  const value = shallowRef<T | null>(null)
  const error = shallowRef<unknown>(null)
  /** True while an event stream is open (false while polling). */
  const live = ref(false)
  const done = ref(false)
  const ES = opts.eventSource === undefined ? defaultEventSource() : opts.eventSource
  const parse = opts.parse ?? ((d: unknown) => d as T)
  let close: (() => void) | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let generation = 0 // a late answer of an earlier run is dropped

  function set(v: T) {
    value.value = v
    done.value = opts.final(v)
  }

  function stop() {
    generation++
    close?.()
    close = null
    if (timer) clearTimeout(timer)
    timer = null
    live.value = false
  }

  async function poll(k: K, gen: number) {
    try {
      const v = await opts.fetch(k)
      if (gen !== generation) return
      set(v)
      error.value = null
    } catch (e) {
      if (gen !== generation) return
      error.value = e
    }
    if (!done.value) timer = setTimeout(() => void poll(k, gen), opts.pollMs ?? 2000)
  }

  function follow(k: K) {
    const gen = generation
    const url = opts.url?.(k)
    if (!ES || !url) return void poll(k, gen)
    live.value = true
    const toPolling = () => {
      close = null
      live.value = false
      if (gen === generation) void poll(k, gen)
    }
    close = openStream(ES, url, {
      [opts.event ?? 'message']: (data) => {
        set(parse(data))
        if (done.value) {
          close?.()
          close = null
          live.value = false
        }
      },
      end: () => {
        close?.()
        toPolling() // one last read, so the final state is certain
      },
    }, toPolling)
  }

  /** Starts following again (after a retry reopened the run). */
  function restart() {
    const k = key.value
    stop()
    done.value = false
    if (k !== null && k !== undefined) follow(k)
  }

  watch(key, (k) => {
    stop()
    value.value = null
    done.value = false
    if (k !== null && k !== undefined) follow(k)
  }, { immediate: true })
  onScopeDispose(stop)

  return { value, error, live, done, stop, restart, set }
}
