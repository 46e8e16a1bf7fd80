// A cursor-paged list: first page on reload(), more with loadMore().
import { ref, shallowRef } from 'vue'
import type { Page } from '@/types/api'

export function usePagedList<T>(fetchPage: (cursor?: string) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([])
  const total = ref<number | undefined>()
  const nextCursor = ref<string | undefined>()
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  const loaded = ref(false)
  let seq = 0

  async function load(cursor?: string) {
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const page = await fetchPage(cursor)
      if (mine !== seq) return
      items.value = cursor ? [...items.value, ...page.items] : page.items
      total.value = page.total
      nextCursor.value = page.next_cursor || undefined
      loaded.value = true
    } catch (e) {
      if (mine === seq) error.value = e
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  return {
    items, total, nextCursor, loading, error, loaded,
    reload: () => load(),
    loadMore: () => (nextCursor.value ? load(nextCursor.value) : Promise.resolve()),
  }
}
