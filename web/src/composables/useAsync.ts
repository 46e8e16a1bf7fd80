// Loading / error / data state of one API call, the three states every
// page designs for.
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'

export interface AsyncState<T> {
  data: ShallowRef<T | undefined>
  loading: Ref<boolean>
  error: ShallowRef<unknown>
  run: () => Promise<void>
}

export function useAsync<T>(fn: () => Promise<T>, opts: { immediate?: boolean } = {}): AsyncState<T> {
  const data = shallowRef<T>()
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  let seq = 0

  async function run() {
    const mine = ++seq
    loading.value = true
    error.value = null
    try {
      const v = await fn()
      if (mine === seq) data.value = v
    } catch (e) {
      if (mine === seq) error.value = e
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  if (opts.immediate !== false) void run()
  return { data, loading, error, run }
}
