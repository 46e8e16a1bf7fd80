import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import { appRoutes } from './routes'
import { stubRoutes as routes } from '@/test/routes'
import { navigationGuard, safeRedirect } from './guard'
import { menuItems } from './menu'
import { adminSession, auditorSession, mockFetch } from '@/test/fetch'

function makeRouter() {
  const r = createRouter({ history: createMemoryHistory(), routes })
  r.beforeEach(navigationGuard)
  return r
}

describe('side menu from route meta', () => {
  it('shows an admin every page', () => {
    const names = menuItems(appRoutes, new Set(adminSession.permissions)).map((m) => m.name)
    expect(names).toEqual(['dashboard', 'employees', 'contacts', 'welcome', 'conversations', 'exports', 'audit', 'jobs', 'settings'])
  })

  it('shows an auditor no conversation content', () => {
    const items = menuItems(appRoutes, new Set(auditorSession.permissions))
    expect(items.map((m) => m.name)).toEqual(['dashboard', 'audit', 'jobs', 'settings'])
    expect(items[1]).toEqual({ name: 'audit', path: '/audit', title: 'nav.audit', icon: 'Stamp' })
  })

  it('shows nothing to someone with no permission', () => {
    expect(menuItems(appRoutes, new Set())).toEqual([])
  })
})

describe('navigation guard', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('sends a visitor to sign-in with the return path', async () => {
    mockFetch({ '/api/v1/auth/me': { status: 401, body: { error: { code: 'unauthenticated', message: '' } } } })
    const r = makeRouter()
    await r.push('/audit?actor=bob')
    expect(r.currentRoute.value.name).toBe('login')
    expect(r.currentRoute.value.query.redirect).toBe('/audit?actor=bob')
  })

  it('lets a permitted user in and refuses a page outside the role', async () => {
    mockFetch({ '/api/v1/auth/me': { body: { data: auditorSession } } })
    const r = makeRouter()
    await r.push('/audit')
    expect(r.currentRoute.value.name).toBe('audit')
    await r.push('/conversations')
    expect(r.currentRoute.value.name).toBe('forbidden')
  })

  it('sends a signed-in user away from the sign-in page', async () => {
    mockFetch({ '/api/v1/auth/me': { body: { data: adminSession } } })
    const r = makeRouter()
    await r.push('/login?redirect=/jobs')
    expect(r.currentRoute.value.name).toBe('jobs')
  })

  it('shows the 500 page when the session probe fails', async () => {
    mockFetch({ '/api/v1/auth/me': { status: 500, body: { error: { code: 'internal', message: '' } } } })
    const r = makeRouter()
    await r.push('/jobs')
    expect(r.currentRoute.value.name).toBe('server-error')
  })

  it('answers unknown paths with the 404 page', async () => {
    mockFetch({ '/api/v1/auth/me': { body: { data: adminSession } } })
    const r = makeRouter()
    await r.push('/no/such/page')
    expect(r.currentRoute.value.name).toBe('not-found')
  })

  it.each([
    ['/jobs', '/jobs'],
    ['//evil.example', '/'],
    ['https://evil.example', '/'],
    ['/login', '/'],
    [undefined, '/'],
  ])('redirect target %s becomes %s', (v, want) => {
    expect(safeRedirect(v)).toBe(want)
  })
})
