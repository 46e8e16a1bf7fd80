// Whether a CSS media query matches, kept up to date: layouts switch on it
// where CSS alone cannot (a drawer instead of the side menu, one pane at a
// time on a phone). False where the browser has no matchMedia (tests, SSR).
import { onScopeDispose, ref, type Ref } from 'vue'

/** Phone width: the side menu becomes a drawer and the review panes stack. */
export const NARROW = '(max-width: 768px)'

export function useMediaQuery(query: string): Ref<boolean> {
  const on = ref(false)
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return on
  const mq = window.matchMedia(query)
  on.value = mq.matches
  const change = (e: MediaQueryListEvent) => { on.value = e.matches }
  mq.addEventListener('change', change)
  onScopeDispose(() => mq.removeEventListener('change', change))
  return on
}
