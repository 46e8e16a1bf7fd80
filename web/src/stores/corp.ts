// The corps of this deployment (at most 5) and the one the user works in.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { corpsApi } from '@/api/corps'
import type { Corp } from '@/types/api'

export const CORP_KEY = 'wecomadmin.corp'
export const MAX_CORPS = 5

export const useCorpStore = defineStore('corp', () => {
  const corps = ref<Corp[]>([])
  const currentId = ref<string>(localStorage.getItem(CORP_KEY) ?? '')
  const loaded = ref(false)
  const error = ref<unknown>(null)

  const current = computed(() => corps.value.find((c) => c.corp_id === currentId.value) ?? null)

  async function load() {
    try {
      corps.value = ((await corpsApi.list()) ?? []).slice(0, MAX_CORPS)
      error.value = null
    } catch (e) {
      error.value = e
      corps.value = []
    } finally {
      loaded.value = true
    }
    if (!current.value) select(corps.value[0]?.corp_id ?? '')
  }

  function select(corpId: string) {
    currentId.value = corpId
    if (corpId) localStorage.setItem(CORP_KEY, corpId)
    else localStorage.removeItem(CORP_KEY)
  }

  function reset() {
    corps.value = []
    loaded.value = false
  }

  return { corps, currentId, current, loaded, error, load, select, reset }
})
