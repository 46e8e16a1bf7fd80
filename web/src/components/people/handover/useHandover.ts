// The handover wizard's state: pick the employee, the customers and groups,
// the successor, then submit and follow the per-customer results.
import { computed, reactive, ref } from 'vue'
import { transfersApi } from '@/api/transfers'
import type { TransferKind, TransferRequest } from '@/types/people'

export type SuccessorMode = 'person' | 'manager' | 'pool'

export interface HandoverState {
  kind: TransferKind
  from: string
  /** The handover member's WeCom status (user/get status; 0: not in WeCom); undefined when unknown. */
  fromStatus?: number
  customers: string[]
  groups: string[]
  mode: SuccessorMode
  to: string
  pool: string[]
  message: string
}

export function newHandover(init: Partial<HandoverState> = {}): HandoverState {
  return { kind: 'onjob', from: '', customers: [], groups: [], mode: 'person', to: '', pool: [], message: '', ...init }
}

/**
 * The inheritance WeCom allows for a member in this state: 在职继承 only
 * while the member is active (1), 离职继承 only once it is gone from the
 * directory (deleted, 0, or exited, 5; WeCom answers 40097 for anyone still
 * there). A disabled (2) or never activated (4) member allows neither: it
 * must be deleted first. An unknown state (a user ID typed by hand) offers
 * both and WeCom decides.
 */
export function allowedKinds(status: number | undefined): TransferKind[] {
  if (status === undefined || status === null) return ['onjob', 'resigned']
  if (status === 1) return ['onjob']
  if (status === 0 || status === 5) return ['resigned']
  return []
}

/** Sets the member and, when its state allows only one inheritance, that kind. */
export function pickFrom(s: HandoverState, userid: string, status: number | undefined) {
  s.from = userid
  s.fromStatus = status
  const kinds = allowedKinds(status)
  if (kinds.length && !kinds.includes(s.kind)) s.kind = kinds[0]
  if (s.kind !== 'resigned' && s.mode === 'manager') s.mode = 'person'
}

/** Whether the wizard may leave step `step` (0 employee, 1 customers and groups, 2 successor). */
export function stepReady(s: HandoverState, step: number): boolean {
  switch (step) {
    case 0:
      return s.from.trim() !== '' && allowedKinds(s.fromStatus).includes(s.kind)
    case 1:
      // The manager rule hands over everything, so it needs no selection.
      return s.customers.length + s.groups.length > 0
    case 2:
      if (s.mode === 'manager') return s.kind === 'resigned'
      if (s.mode === 'pool') return s.pool.filter((p) => p && p !== s.from).length > 0
      return s.to.trim() !== '' && s.to !== s.from
    default:
      return true
  }
}

/**
 * The transfer requests of a person or pool handover: one per successor,
 * the selection spread over the pool in turn. (The manager rule is one
 * server call: the server finds the manager and takes everything.)
 */
export function buildRequests(s: HandoverState, corpId: string): TransferRequest[] {
  const successors = s.mode === 'pool' ? [...new Set(s.pool.filter((p) => p && p !== s.from))] : [s.to]
  const reqs = new Map<string, TransferRequest>()
  const pick = (i: number) => {
    const to = successors[i % successors.length]
    if (!reqs.has(to)) {
      reqs.set(to, { corp_id: corpId, kind: s.kind, handover_userid: s.from, takeover_userid: to, external_userids: [], chat_ids: [],
        transfer_success_msg: s.message || undefined })
    }
    return reqs.get(to)!
  }
  s.customers.forEach((c, i) => pick(i).external_userids.push(c))
  s.groups.forEach((g, i) => pick(i).chat_ids.push(g))
  return [...reqs.values()]
}

/** How many WeCom calls of at most 100 items the selection takes. */
export const batches = (n: number, size = 100) => Math.ceil(n / size)

export function useHandover(corpId: () => string, init: Partial<HandoverState> = {}) {
  const state = reactive(newHandover(init))
  const step = ref(init.from ? 1 : 0)
  const transferIds = ref<number[]>([])
  const submitting = ref(false)
  const error = ref<unknown>(null)
  const ready = computed(() => stepReady(state, step.value))

  function next() {
    if (ready.value && step.value < 3) step.value++
  }
  function back() {
    if (step.value > 0 && step.value < 3) step.value--
  }

  async function submit() {
    submitting.value = true
    error.value = null
    try {
      if (state.mode === 'manager') {
        const ts = await transfersApi.leaver(corpId(), state.from, [])
        transferIds.value = ts.map((t) => t.id)
      } else {
        const ids: number[] = []
        for (const r of buildRequests(state, corpId())) ids.push((await transfersApi.create(r)).id)
        transferIds.value = ids
      }
      step.value = 3
    } catch (e) {
      error.value = e
    } finally {
      submitting.value = false
    }
  }

  function reset() {
    Object.assign(state, newHandover())
    step.value = 0
    transferIds.value = []
    error.value = null
  }

  return { state, step, ready, transferIds, submitting, error, next, back, submit, reset }
}
