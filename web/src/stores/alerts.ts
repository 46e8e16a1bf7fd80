// The review queue: the filter, the loaded page of alerts, the selection
// for bulk actions, and the actions that change an alert (the row is
// replaced with the server's answer, so the queue never shows stale state).
import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef } from 'vue'
import { alertsApi } from '@/api/monitoring'
import type { Alert, AlertFilter, DispositionRequest } from '@/types/monitoring'

export type QueueFilter = Omit<AlertFilter, 'corp' | 'cursor' | 'limit'>

export function emptyFilter(): QueueFilter {
  return { label: '', severity: '', state: '', assignee: '', employee: '', department: '', product: '', overdue: false, qc: false }
}

/** A queue store; the review queue and the QC sample each have their own. */
const makeAlertsStore = (id: string) => defineStore(id, () => {
  const filter = reactive<QueueFilter>(emptyFilter())
  const items = shallowRef<Alert[]>([])
  const nextCursor = ref<string | undefined>()
  const loading = ref(false)
  const loaded = ref(false)
  const error = shallowRef<unknown>(null)
  const selected = ref<Alert['id'][]>([])
  let seq = 0

  async function load(corp: string, cursor?: string, extra: Partial<AlertFilter> = {}) {
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const page = await alertsApi.list({ ...filter, ...extra, corp, cursor, limit: 50 })
      if (mine !== seq) return
      const got = page?.items ?? []
      items.value = cursor ? [...items.value, ...got] : got
      nextCursor.value = page?.next_cursor || undefined
      loaded.value = true
      if (!cursor) selected.value = []
    } catch (e) {
      if (mine === seq) error.value = e
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function resetFilter() {
    Object.assign(filter, emptyFilter())
  }

  /** Puts the server's answer in place of the row (answers without an id leave the row as it was). */
  function replace(a: Partial<Alert> | undefined, id: Alert['id']) {
    items.value = items.value.map((x) => (String(x.id) === String(id) ? { ...x, ...(a && a.id !== undefined ? a : {}) } : x))
  }

  async function assign(id: Alert['id'], assignee: string) {
    replace(await alertsApi.assign(id, assignee), id)
  }

  async function dispose(id: Alert['id'], d: DispositionRequest) {
    if (d.disposition === 'ae_reported' && !d.case_number?.trim()) throw new Error('case_number_required')
    replace(await alertsApi.disposition(id, d), id)
  }

  async function approve(id: Alert['id'], note: string) {
    replace(await alertsApi.approve(id, note), id)
  }

  /** Marks the selected alerts as false positives; they leave the open queue. */
  async function bulkFalsePositive(note: string) {
    const ids = [...selected.value]
    if (!ids.length) return 0
    await alertsApi.bulkFalsePositive(ids, note)
    const gone = new Set(ids.map(String))
    items.value = items.value.map((x) => (gone.has(String(x.id)) ? { ...x, state: 'closed', disposition: 'false_positive' } : x))
    selected.value = []
    return ids.length
  }

  const overdueCount = computed(() => items.value.filter((a) => a.overdue && a.state !== 'closed').length)

  return { filter, items, nextCursor, loading, loaded, error, selected, overdueCount, load, resetFilter, assign, dispose, approve, bulkFalsePositive }
})

export const useAlertsStore = makeAlertsStore('alerts')
export const useQCStore = makeAlertsStore('alerts-qc')
