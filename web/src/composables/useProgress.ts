// Live progress of a long job (import, sync, export, handover, re-ingest).
// Listens to the job's server-sent events (GET /jobs/{id}/events: "job"
// events carrying the job, "end" when it finished); when there is no stream,
// or it drops, it polls instead (useLive). Other long runs (HR sync runs)
// plug in their own fetcher, stream and event mapping.
import { computed, type Ref } from 'vue'
import { useLive } from './useLive'
import { jobsApi } from '@/api/jobs'
import type { ProgressRun as Job } from '@/types/resources'

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
  /** Name of the stream's event carrying the run (default "job"). */
  event?: string
  /** Maps an event's data to a job (runs that are not jobs: HR sync). */
  parse?: (data: unknown) => Job
}

/** Done and total of a job, whichever form its progress takes. */
export function progressOf(job: Partial<Pick<Job, 'progress'>> | null): { done: number; total: number } {
  return { done: job?.progress?.done ?? 0, total: job?.progress?.total ?? 0 }
}

export function percentOf(job: Partial<Pick<Job, 'progress' | 'state'>> | null): number {
  if (!job) return 0
  if (job.state && SUCCESS_STATES.has(job.state)) return 100
  const { done, total } = progressOf(job)
  // Without a total the job has said nothing about its progress yet.
  return total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0
}

export function useProgress(jobId: Ref<JobId | null | undefined>, opts: ProgressOptions = {}) {
  const streamURL = opts.eventsURL === undefined ? jobsApi.eventsURL : opts.eventsURL
  const { value: job, error, live, stop } = useLive<Job, JobId>(jobId, {
    fetch: opts.fetch ?? jobsApi.get,
    url: streamURL,
    event: opts.event ?? 'job',
    parse: opts.parse,
    final: (j) => TERMINAL_STATES.has(j.state),
    pollMs: opts.pollMs,
    eventSource: opts.eventSource,
  })
  const percent = computed(() => percentOf(job.value))
  const done = computed(() => !!job.value && TERMINAL_STATES.has(job.value.state))
  const failed = computed(() => !!job.value && FAILURE_STATES.has(job.value.state))
  return { job, percent, done, failed, error, live, stop }
}
