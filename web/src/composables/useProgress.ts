// Live progress of a long job (import, sync, export, handover, re-ingest).
// Listens to the job's server-sent events (GET /jobs/{id}/events: "job"
// events carrying the job, "end" when it finished); when there is no stream
// it polls instead. Other long runs (HR import runs) plug in their own
// fetcher and no stream.
import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { jobsApi } from '@/api/jobs'
import type { Job } from '@/types/resources'

export const SUCCESS_STATES = new Set(['succeeded', 'done', 'completed'])
export const FAILURE_STATES = new Set(['failed', 'dead', 'cancelled', 'refused'])
export const TERMINAL_STATES = new Set([...SUCCESS_STATES, ...FAILURE_STATES])

type JobId = Job['id']

export interface ProgressOptions {
  pollMs?: number
  /** Inject for tests; defaults to window.EventSource when it exists. */
  eventSource?: typeof EventSource | null
  /** Reads the run once (default GET /jobs/{id}). */
  fetch?: (id: JobId) => Promise<Job>
  /** URL of the run's event stream, or null for none (default /jobs/{id}/events). */
  eventsURL?: ((id: JobId) => string) | null
}

/** Done and total of a job, whichever form its progress takes. */
export function progressOf(job: Pick<Job, 'progress' | 'progress_total'> | null): { done: number; total: number } {
  const p = job?.progress
  if (p && typeof p === 'object') return { done: p.done ?? 0, total: p.total ?? 0 }
  return { done: Number(p ?? 0), total: job?.progress_total ?? 0 }
}

export function percentOf(job: Pick<Job, 'progress' | 'progress_total' | 'state'> | null): number {
  if (!job) return 0
  if (job.state && SUCCESS_STATES.has(job.state)) return 100
  const { done, total } = progressOf(job)
  if (total > 0) return Math.min(100, Math.round((done / total) * 100))
  // A bare number without total is a percentage; an object without total says nothing yet.
  return typeof job.progress === 'number' ? Math.min(100, Math.max(0, Math.round(done))) : 0
}

export function useProgress(jobId: Ref<JobId | null | undefined>, opts: ProgressOptions = {}) {
  const job = ref<Job | null>(null)
  const error = ref<unknown>(null)
  const live = ref(false)
  let es: EventSource | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  const ES = opts.eventSource === undefined ? (typeof EventSource !== 'undefined' ? EventSource : null) : opts.eventSource
  const fetchRun = opts.fetch ?? jobsApi.get
  const streamURL = opts.eventsURL === undefined ? jobsApi.eventsURL : opts.eventsURL

  const percent = computed(() => percentOf(job.value))
  const done = computed(() => !!job.value && TERMINAL_STATES.has(job.value.state))
  const failed = computed(() => !!job.value && FAILURE_STATES.has(job.value.state))

  function stop() {
    es?.close()
    es = null
    if (timer) clearTimeout(timer)
    timer = null
    live.value = false
  }

  async function poll(id: JobId) {
    try {
      job.value = await fetchRun(id)
      error.value = null
    } catch (e) {
      error.value = e
    }
    if (!done.value) timer = setTimeout(() => void poll(id), opts.pollMs ?? 2000)
  }

  function onJob(ev: MessageEvent) {
    try {
      job.value = JSON.parse(ev.data) as Job
    } catch {
      return
    }
    if (done.value) stop()
  }

  function start(id: JobId) {
    stop()
    job.value = null
    if (!ES || !streamURL) return void poll(id)
    es = new ES(streamURL(id), { withCredentials: true })
    live.value = true
    es.addEventListener('job', onJob as EventListener)
    es.onmessage = onJob // servers that send unnamed events
    es.addEventListener('end', () => {
      stop()
      void poll(id) // one last read, so the final state is certain
    })
    es.onerror = () => {
      // The stream is gone (older server, proxy, finished): fall back to polling.
      stop()
      void poll(id)
    }
  }

  watch(jobId, (id) => (id !== null && id !== undefined ? start(id) : stop()), { immediate: true })
  onBeforeUnmount(stop)

  return { job, percent, done, failed, error, live, stop }
}
