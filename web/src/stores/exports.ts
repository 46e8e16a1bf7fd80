// The exports list with live progress: each queued or running export's job
// is followed over the export's event stream (GET /exports/{id}/events, open
// to the export's requester without jobs:read), and the list is read again
// when one ends. Without a stream (no EventSource, a dropped connection) the
// list is polled and a running export's progress read once per poll from
// GET /exports/{id}/progress instead.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { exportsApi } from '@/api/exports'
import { defaultEventSource, openStream } from '@/composables/useLive'
import { SUCCESS_STATES, progressOf } from '@/composables/useProgress'
import type { ExportRow } from '@/types/admin'
import type { Job, JobProgress } from '@/types/resources'

export const ACTIVE_STATES = new Set(['queued', 'running'])
export const POLL_MS = 3000

export interface Progress {
  done: number
  total: number
  /** 0-100, or null when the total is unknown. */
  pct: number | null
}

/** Whether the file can be fetched now: generated and not past its expiry. */
export function downloadable(e: ExportRow, now = Date.now()): boolean {
  return (e.state === 'done' || e.state === 'ready') && !(e.expires_at && e.expires_at <= now)
}

/** The state to show: a done export past its expiry reads as expired even before the sweep marks it. */
export function shownState(e: ExportRow, now = Date.now()): string {
  if ((e.state === 'done' || e.state === 'ready') && e.expires_at && e.expires_at <= now) return 'expired'
  return e.state
}

export function toProgress(p: Pick<JobProgress, 'done' | 'total'> | undefined): Progress | null {
  if (!p) return null
  const total = p.total || 0
  const done = p.done || 0
  return { done, total, pct: total > 0 ? Math.min(100, Math.round((done / total) * 100)) : null }
}

export const useExportsStore = defineStore('exports', () => {
  const items = shallowRef<ExportRow[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const error = shallowRef<unknown>(null)
  /** Progress read by polling (when there is no stream). */
  const polled = ref<Record<number, Progress>>({})
  /** Progress followed live over the job's event stream; kept at 100% once done while the page is open. */
  const streamed = ref<Record<number, Progress & { state: string }>>({})
  const progress = computed<Record<number, Progress>>(() => ({ ...streamed.value, ...polled.value })) // a fresh poll wins
  const corp = ref('')
  let timer: ReturnType<typeof setTimeout> | null = null
  let progressReadable = true
  const streams = new Map<number, () => void>() // export id → close of its job stream
  const ended = new Set<number>() // streams that ran to their end: not reopened
  const dropped = new Set<number>() // streams that failed: this export is polled
  const wanted = new Set<number>() // exports the user asked to follow (?follow=), even if already done

  const active = computed(() => items.value.filter((e) => ACTIVE_STATES.has(e.state)))
  const pending = computed(() => items.value.filter((e) => e.state === 'pending_approval'))
  /** True while at least one export is followed over a live stream. */
  const live = ref(false)

  async function load(corpId = corp.value) {
    corp.value = corpId
    loading.value = true
    try {
      const page = await exportsApi.list({ corp: corpId || undefined })
      items.value = [...page.items].sort((a, b) => b.id - a.id)
      error.value = null
      followActive()
      await readProgress()
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
      loaded.value = true
      schedule()
    }
  }

  /** Opens a job stream for each active (or wanted) export not followed yet. */
  function followActive() {
    const ES = defaultEventSource()
    if (!ES) return
    for (const e of items.value) {
      if (!e.job_id || streams.has(e.id) || ended.has(e.id) || dropped.has(e.id)) continue
      if (ACTIVE_STATES.has(e.state) || wanted.has(e.id)) follow(ES, e.id)
    }
    live.value = streams.size > 0
  }

  function follow(ES: typeof EventSource, id: number) {
    const show = (j: Job) => {
      const p = SUCCESS_STATES.has(j.state) ? { ...progressOf(j), pct: 100 } : toProgress(j.progress)
      streamed.value = { ...streamed.value, [id]: { ...(p ?? { done: 0, total: 0, pct: null }), state: j.state } }
    }
    const close = openStream(ES, exportsApi.eventsURL(id), {
      job: (data) => show(data as Job),
      end: () => {
        streams.get(id)?.()
        streams.delete(id)
        ended.add(id)
        live.value = streams.size > 0
        void load() // the export row itself: done, rows, size, hash
      },
    }, () => {
      // The stream is gone (proxy, restart): this export is polled.
      streams.delete(id)
      dropped.add(id)
      live.value = streams.size > 0
      // One read of the job keeps the bar of a followed export that is already done.
      exportsApi.progress(id).then(show, () => undefined)
      schedule()
    })
    streams.set(id, close)
  }

  async function readProgress() {
    if (!progressReadable) return
    const next: Record<number, Progress> = {}
    for (const e of items.value.filter((x) => x.state === 'running' && x.job_id && !streams.has(x.id) && !ended.has(x.id))) {
      try {
        const j = await exportsApi.progress(e.id)
        const p = toProgress(j.progress)
        if (p) next[e.id] = p
      } catch {
        progressReadable = false // an older server without the route: the state alone shows progress
        break
      }
    }
    polled.value = next
  }

  /** Polls the list while an active export is not followed live. */
  function schedule() {
    clearTimer()
    if (active.value.some((e) => !streams.has(e.id))) timer = setTimeout(() => void load(), POLL_MS)
  }

  function clearTimer() {
    if (timer) clearTimeout(timer)
    timer = null
  }

  /** Follows one export's job to its end, even one already done (the bar then reads 100%). */
  function watchExport(id: number) {
    wanted.add(id)
    if (loaded.value) followActive()
  }

  /** Leaving the page: no timer, no stream, nothing remembered. */
  function stop() {
    clearTimer()
    for (const close of streams.values()) close()
    streams.clear()
    ended.clear()
    dropped.clear()
    wanted.clear()
    streamed.value = {}
    live.value = false
  }

  function replace(row: ExportRow) {
    items.value = items.value.map((e) => (e.id === row.id ? { ...e, ...row } : e))
  }

  async function approve(id: number, note = '') {
    replace(await exportsApi.approve(id, note))
    wanted.add(id) // the approver sees it run
    await load()
  }

  async function reject(id: number, note = '') {
    replace(await exportsApi.reject(id, note))
    await load()
  }

  return { items, loading, loaded, error, progress, active, pending, live, load, stop, watchExport, approve, reject }
})
