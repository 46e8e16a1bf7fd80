// One open conversation, paged both ways: its newest page, or the page
// around a message (a search hit), then older pages when scrolled to the
// top and newer ones at the bottom. Names of every page are merged.
import { ref, shallowRef } from 'vue'
import { conversationsApi } from '@/api/conversations'
import type { Names, Thread, ThreadMessage } from '@/types/conversations'

export const PAGE = 100

export function useThread() {
  const corp = ref('')
  const id = ref('')
  const items = shallowRef<ThreadMessage[]>([])
  const names = shallowRef<Names>({})
  const roomName = ref('')
  const roomMembers = shallowRef<string[]>([])
  const prev = ref<string>()
  const next = ref<string>()
  const hasOlder = ref(false)
  const hasNewer = ref(false)
  const loading = ref(false)
  const paging = ref<'' | 'older' | 'newer'>('')
  const error = shallowRef<unknown>(null)
  let seq = 0

  function take(t: Thread) {
    names.value = { ...names.value, ...(t.names ?? {}) }
    if (t.room_name) roomName.value = t.room_name
    if (t.room_members?.length) roomMembers.value = t.room_members
  }

  /** Opens a conversation: around msgid when given, else its newest page. */
  async function open(corpId: string, conversationId: string, around?: string) {
    const mine = ++seq
    corp.value = corpId
    id.value = conversationId
    items.value = []
    names.value = {}
    roomName.value = ''
    roomMembers.value = []
    loading.value = true
    error.value = null
    try {
      const t = await conversationsApi.thread(corpId, conversationId, { around, limit: PAGE })
      if (mine !== seq) return
      take(t)
      items.value = t.items
      prev.value = t.prev_cursor || undefined
      next.value = t.next_cursor || undefined
      // Around a message the server returns up to PAGE/2 older (with it) and the rest newer:
      // a short side means that end of the conversation is reached.
      const at = around ? t.items.findIndex((m) => m.msgid === around) : -1
      hasOlder.value = around ? at + 1 > Math.floor(PAGE / 2) : t.items.length >= PAGE
      hasNewer.value = around ? t.items.length - at - 1 >= PAGE - (at + 1) : false
    } catch (e) {
      if (mine === seq) error.value = e
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  async function page(dir: 'older' | 'newer') {
    if (paging.value || loading.value || !(dir === 'older' ? hasOlder.value : hasNewer.value)) return
    const cursor = dir === 'older' ? prev.value : next.value
    if (!cursor) return
    const mine = seq
    paging.value = dir
    try {
      const t = await conversationsApi.thread(corp.value, id.value, dir === 'older' ? { before: cursor, limit: PAGE } : { after: cursor, limit: PAGE })
      if (mine !== seq) return
      take(t)
      const have = new Set(items.value.map((m) => m.msgid))
      const fresh = t.items.filter((m) => !have.has(m.msgid))
      if (dir === 'older') {
        items.value = [...fresh, ...items.value]
        if (t.prev_cursor) prev.value = t.prev_cursor
        hasOlder.value = t.items.length >= PAGE
      } else {
        items.value = [...items.value, ...fresh]
        if (t.next_cursor) next.value = t.next_cursor
        hasNewer.value = t.items.length >= PAGE
      }
    } catch (e) {
      if (mine === seq) error.value = e
    } finally {
      if (mine === seq) paging.value = ''
    }
  }

  function close() {
    ++seq
    id.value = ''
    items.value = []
  }

  return {
    corp, id, items, names, roomName, roomMembers, hasOlder, hasNewer, loading, paging, error,
    open, close, older: () => page('older'), newer: () => page('newer'),
  }
}
