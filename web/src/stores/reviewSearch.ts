// The review workspace's search: filters, pages of hits (cursor paging),
// the total ("about N" when the server only estimated it) and the names of
// the senders. Kept in a store so the filters survive leaving the page.
import { defineStore } from 'pinia'
import { reactive, ref, shallowRef } from 'vue'
import { conversationsApi } from '@/api/conversations'
import type { Names, SearchFilters, SearchHit } from '@/types/conversations'

export function emptyFilters(): SearchFilters {
  return { q: '', employee: '', contact: '', room: '', msgtype: [], range: null, has_media: '', recalled: '', consent: '' }
}

export const useReviewSearchStore = defineStore('reviewSearch', () => {
  const filters = reactive<SearchFilters>(emptyFilters())
  const hits = shallowRef<SearchHit[]>([])
  const names = shallowRef<Names>({})
  const total = ref<number | undefined>()
  const totalExact = ref(true)
  const nextCursor = ref<string>()
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  /** The query and corp of the hits shown (what an export "of this result" exports). */
  const ran = ref<{ corp: string; filters: SearchFilters } | null>(null)
  let seq = 0

  async function load(corp: string, cursor?: string) {
    const mine = ++seq
    loading.value = true
    error.value = null
    const f: SearchFilters = cursor && ran.value ? ran.value.filters : { ...filters, msgtype: [...filters.msgtype] }
    try {
      const res = await conversationsApi.search(corp, f, cursor)
      if (mine !== seq) return
      hits.value = cursor ? [...hits.value, ...res.items] : res.items
      names.value = cursor ? { ...names.value, ...(res.names ?? {}) } : (res.names ?? {})
      nextCursor.value = res.next_cursor || undefined
      if (!cursor || res.total !== undefined) {
        total.value = res.total ?? hits.value.length
        totalExact.value = res.total_exact !== false
      }
      ran.value = { corp, filters: f }
    } catch (e) {
      if (mine === seq) error.value = e
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  /** A new search with the current filters (needs a query: the API searches text). */
  const run = (corp: string) => load(corp)
  const more = (corp: string) => (nextCursor.value ? load(corp, nextCursor.value) : Promise.resolve())

  function clear() {
    ++seq
    Object.assign(filters, emptyFilters())
    hits.value = []
    names.value = {}
    total.value = undefined
    totalExact.value = true
    nextCursor.value = undefined
    error.value = null
    loading.value = false
    ran.value = null
  }

  return { filters, hits, names, total, totalExact, nextCursor, loading, error, ran, run, more, clear }
})
