import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { installSession } from './session'
import { navigationGuard } from './guard'
import { http } from '@/api/client'
import { useAuthStore } from '@/stores/auth'
import { useReviewSearchStore } from '@/stores/reviewSearch'
import { adminSession, mockFetch } from '@/test/fetch'
import { stubRoutes } from '@/test/routes'

describe('session wiring', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('sends the CSRF token of the signed-in session', async () => {
    const { calls } = mockFetch({ 'POST /api/v1/auth/login': { body: { data: adminSession } }, 'POST /api/v1/things': { body: { data: 1 } } })
    const router = createRouter({ history: createMemoryHistory(), routes: stubRoutes })
    const auth = useAuthStore()
    installSession(router, auth)
    await auth.login({ username: 'admin', password: 'pw', totp: '123456' })
    await http.post('/things', {})
    expect(calls[1].headers['X-CSRF-Token']).toBe('csrf-abc')
  })

  it('on 401 mid-session: marks the session expired and goes to sign-in with the return path', async () => {
    mockFetch({
      '/api/v1/auth/me': { body: { data: adminSession } },
      '/api/v1/jobs': { status: 401, body: { error: { code: 'unauthenticated', message: 'sign-in required' } } },
    })
    const router = createRouter({ history: createMemoryHistory(), routes: stubRoutes })
    router.beforeEach(navigationGuard)
    const auth = useAuthStore()
    installSession(router, auth)
    await router.push('/jobs?state=failed')
    expect(router.currentRoute.value.name).toBe('jobs')
    await expect(http.get('/jobs')).rejects.toMatchObject({ code: 'unauthenticated' })
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'), { timeout: 30_000 })
    expect(router.currentRoute.value.query.redirect).toBe('/jobs?state=failed')
    expect(auth.expired).toBe(true)
    expect(auth.signedIn).toBe(false)
  })
})

describe('session expiry dialog', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('says the session expired once, then signs in with the return path', async () => {
    mockFetch({
      '/api/v1/auth/me': { body: { data: adminSession } },
      '/api/v1/jobs': { status: 401, body: { error: { code: 'session_expired', message: 'expired' } } },
    })
    const router = createRouter({ history: createMemoryHistory(), routes: stubRoutes })
    router.beforeEach(navigationGuard)
    const auth = useAuthStore()
    let acknowledge = () => {}
    const notice = vi.fn(() => new Promise<void>((resolve) => { acknowledge = resolve }))
    installSession(router, auth, notice)
    await router.push('/jobs?state=failed')
    await Promise.allSettled([http.get('/jobs'), http.get('/jobs')])
    expect(notice).toHaveBeenCalledTimes(1)
    expect(router.currentRoute.value.name).toBe('jobs')
    acknowledge()
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'), { timeout: 30_000 })
    expect(router.currentRoute.value.query.redirect).toBe('/jobs?state=failed')
  })

  it('clears the review search before the notice shows', async () => {
    mockFetch({
      '/api/v1/auth/me': { body: { data: adminSession } },
      '/api/v1/messages/search': { body: { data: { items: [{ msgid: 'm1', corp: 'wwc', msgtime: 1, msgtype: 'text', from: 'e0', conversation_id: 'e0|wm1', snippet: '不良反应' }] } } },
      '/api/v1/jobs': { status: 401, body: { error: { code: 'session_expired', message: 'expired' } } },
    })
    const router = createRouter({ history: createMemoryHistory(), routes: stubRoutes })
    router.beforeEach(navigationGuard)
    const auth = useAuthStore()
    const search = useReviewSearchStore()
    let seen: unknown[] = ['not called']
    installSession(router, auth, () => { seen = [...search.hits]; return Promise.resolve() })
    await router.push('/conversations')
    search.filters.q = '不良反应'
    await search.run('wwc')
    expect(search.hits).toHaveLength(1)
    await http.get('/jobs').catch(() => undefined)
    expect(seen).toEqual([])
    expect(search.filters.q).toBe('')
    expect(search.ran).toBeNull()
  })
})
