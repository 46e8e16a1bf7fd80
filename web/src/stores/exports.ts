// The exports list with live progress: while any export is queued or
// running the list is polled, and a running export's job progress is read
// from the jobs API (when the user may read jobs).
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { exportsApi } from '@/api/exports'
import { jobsApi } from '@/api/jobs'
import type { ExportRow } from '@/types/admin'
import type { JobProgress } from '@/types/resources'

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

export function toProgress(p: JobProgress | number | undefined): Progress | null {
  if (p === undefined || p === null) return null
  if (typeof p === 'number') return { done: p, total: 100, pct: Math.max(0, Math.min(100, Math.round(p))) }
  const total = Number(p.total) || 0
  const done = Number(p.done) || 0
  return { done, total, pct: total > 0 ? Math.min(100, Math.round((done / total) * 100)) : null }
}

export const useExportsStore = defineStore('exports', () => {
  const items = shallowRef<ExportRow[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const error = shallowRef<unknown>(null)
  const progress = ref<Record<number, Progress>>({})
  const corp = ref('')
  let timer: ReturnType<typeof setTimeout> | null = null
  let jobsReadable = true

  const active = computed(() => items.value.filter((e) => ACTIVE_STATES.has(e.state)))
  const pending = computed(() => items.value.filter((e) => e.state === 'pending_approval'))

  async function load(corpId = corp.value) {
    corp.value = corpId
    loading.value = true
    try {
      const page = await exportsApi.list({ corp: corpId || undefined })
      items.value = [...page.items].sort((a, b) => b.id - a.id)
      error.value = null
      await readProgress()
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
      loaded.value = true
      schedule()
    }
  }

  async function readProgress() {
    if (!jobsReadable) return
    const next: Record<number, Progress> = {}
    for (const e of items.value.filter((x) => x.state === 'running' && x.job_id)) {
      try {
        const p = toProgress((await jobsApi.get(e.job_id!)).progress)
        if (p) next[e.id] = p
      } catch {
        jobsReadable = false // no jobs:read: the state alone shows progress
        break
      }
    }
    progress.value = next
  }

  function schedule() {
    stop()
    if (active.value.length) timer = setTimeout(() => void load(), POLL_MS)
  }

  function stop() {
    if (timer) clearTimeout(timer)
    timer = null
  }

  function replace(row: ExportRow) {
    items.value = items.value.map((e) => (e.id === row.id ? { ...e, ...row } : e))
  }

  async function approve(id: number, note = '') {
    replace(await exportsApi.approve(id, note))
    await load()
  }

  async function reject(id: number, note = '') {
    replace(await exportsApi.reject(id, note))
    await load()
  }

  return { items, loading, loaded, error, progress, active, pending, load, stop, approve, reject }
})
