import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { CORP_KEY, useCorpStore } from './corp'
import { mockFetch } from '@/test/fetch'

const corps = Array.from({ length: 6 }, (_, i) => ({ corp_id: `ww${i}`, key: `k${i}`, name: `企业${i}` }))

describe('corp store', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
  })
  afterEach(() => vi.unstubAllGlobals())

  it('loads at most 5 corps and selects the first', async () => {
    mockFetch({ '/api/v1/corps': { body: { data: corps } } })
    const s = useCorpStore()
    await s.load()
    expect(s.corps).toHaveLength(5)
    expect(s.currentId).toBe('ww0')
    expect(s.current?.name).toBe('企业0')
    expect(localStorage.getItem(CORP_KEY)).toBe('ww0')
  })

  it('keeps a remembered corp that still exists, and persists a switch', async () => {
    localStorage.setItem(CORP_KEY, 'ww2')
    mockFetch({ '/api/v1/corps': { body: { data: corps } } })
    const s = useCorpStore()
    await s.load()
    expect(s.currentId).toBe('ww2')
    s.select('ww3')
    expect(localStorage.getItem(CORP_KEY)).toBe('ww3')
  })

  it('forgets a remembered corp that is gone, and copes with no corps', async () => {
    localStorage.setItem(CORP_KEY, 'gone')
    mockFetch({ '/api/v1/corps': { body: { data: null } } })
    const s = useCorpStore()
    await s.load()
    expect(s.corps).toEqual([])
    expect(s.currentId).toBe('')
    expect(localStorage.getItem(CORP_KEY)).toBeNull()
  })

  it('keeps the error for the page to show', async () => {
    mockFetch({ '/api/v1/corps': { status: 500, body: { error: { code: 'internal', message: 'x' } } } })
    const s = useCorpStore()
    await s.load()
    expect(s.loaded).toBe(true)
    expect(s.error).toMatchObject({ code: 'internal' })
  })
})
