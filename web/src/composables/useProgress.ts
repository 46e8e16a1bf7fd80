// Live progress of a long job (import, sync, export, handover, re-ingest).
// Listens to the job's server-sent events; when the stream is unavailable
// it polls GET /jobs/{id} instead.
import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { jobsApi } from '@/api/jobs'
import type { Job } from '@/types/resources'

export const TERMINAL_STATES = new Set(['succeeded', 'done', 'completed', 'failed', 'cancelled', 'dead'])

export interface ProgressOptions {
  pollMs?: number
  /** Inject for tests; defaults to window.EventSource when it exists. */
  eventSource?: typeof EventSource | null
}

export function percentOf(job: Pick<Job, 'progress' | 'progress_total' | 'state'> | null): number {
  if (!job) return 0
  if (job.state && ['succeeded', 'done', 'completed'].includes(job.state)) return 100
  const total = job.progress_total ?? 0
  const p = job.progress ?? 0
  if (total > 0) return Math.min(100, Math.round((p / total) * 100))
  return Math.min(100, Math.max(0, Math.round(p)))
}

export function useProgress(jobId: Ref<Job['id'] | null | undefined>, opts: ProgressOptions = {}) {
  const job = ref<Job | null>(null)
  const error = ref<unknown>(null)
  const live = ref(false)
  let es: EventSource | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  const ES = opts.eventSource === undefined ? (typeof EventSource !== 'undefined' ? EventSource : null) : opts.eventSource

  const percent = computed(() => percentOf(job.value))
  const done = computed(() => !!job.value && TERMINAL_STATES.has(job.value.state))
  const failed = computed(() => !!job.value && ['failed', 'dead', 'cancelled'].includes(job.value.state))

  function stop() {
    es?.close()
    es = null
    if (timer) clearTimeout(timer)
    timer = null
    live.value = false
  }

  async function poll(id: Job['id']) {
    try {
      job.value = await jobsApi.get(id)
      error.value = null
    } catch (e) {
      error.value = e
    }
    if (!done.value) timer = setTimeout(() => void poll(id), opts.pollMs ?? 2000)
  }

  function start(id: Job['id']) {
    stop()
    if (!ES) return void poll(id)
    es = new ES(jobsApi.eventsURL(id), { withCredentials: true })
    live.value = true
    es.onmessage = (ev) => {
      try {
        job.value = JSON.parse(ev.data) as Job
      } catch {
        return
      }
      if (done.value) stop()
    }
    es.onerror = () => {
      // The stream is gone (older server, proxy): fall back to polling.
      stop()
      void poll(id)
    }
  }

  watch(jobId, (id) => (id !== null && id !== undefined ? start(id) : stop()), { immediate: true })
  onBeforeUnmount(stop)

  return { job, percent, done, failed, error, live, stop }
}
