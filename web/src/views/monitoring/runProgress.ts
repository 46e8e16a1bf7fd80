// Reading a retroactive run's progress: how far, whether it has ended,
// and what it did.
import type { RunProgress } from '@/types/monitoring'

/** States after which the run's progress no longer changes. */
export const finishedStates = ['succeeded', 'dead', 'cancelled']

export function runFinished(p: RunProgress | null | undefined): boolean {
  return !!p && finishedStates.includes(p.state)
}

/** Percent done, 0–100; a finished run is 100, an uncounted one 0. */
export function runPercent(p: RunProgress | null | undefined): number {
  if (!p) return 0
  if (p.state === 'succeeded') return 100
  if (!p.total || p.total <= 0) return 0
  return Math.min(100, Math.max(0, Math.floor((100 * p.done) / p.total)))
}

/** The run's result once finished ({messages, created}), else null. */
export function runResult(p: RunProgress | null | undefined): { messages: number; created: number } | null {
  if (!p?.result) return null
  try {
    const r = JSON.parse(p.result) as { messages?: number; created?: number }
    return { messages: Number(r.messages ?? 0), created: Number(r.created ?? 0) }
  } catch {
    return null
  }
}
