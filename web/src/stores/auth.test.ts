import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useAuthStore } from './auth'
import { adminSession, mockFetch } from '@/test/fetch'

describe('auth store', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => vi.unstubAllGlobals())

  it('signs in and exposes user, permissions and CSRF token', async () => {
    const { calls } = mockFetch({ 'POST /api/v1/auth/login': { body: { data: adminSession } } })
    const auth = useAuthStore()
    await auth.login({ username: 'admin', password: 'pw', totp: '123456' })
    expect(calls[0].body).toEqual({ username: 'admin', password: 'pw', totp: '123456' })
    expect(auth.signedIn).toBe(true)
    expect(auth.user?.username).toBe('admin')
    expect(auth.csrfToken).toBe('csrf-abc')
    expect(auth.can('audit:read')).toBe(true)
    expect(auth.can('retention:write')).toBe(false)
    expect(auth.can(['retention:write', 'jobs:read'])).toBe(true)
    expect(auth.can()).toBe(true)
  })

  it('keeps the session out on a failed sign-in', async () => {
    mockFetch({ 'POST /api/v1/auth/login': { status: 401, body: { error: { code: 'invalid_credentials', message: 'no' } } } })
    const auth = useAuthStore()
    await expect(auth.login({ username: 'a', password: 'b', totp: '000000' })).rejects.toMatchObject({ code: 'invalid_credentials' })
    expect(auth.signedIn).toBe(false)
  })

  it('probes the session once with /auth/me', async () => {
    const { fn } = mockFetch({ '/api/v1/auth/me': { body: { data: adminSession } } })
    const auth = useAuthStore()
    expect(await auth.ensure()).toBe(true)
    expect(await auth.ensure()).toBe(true)
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('treats 401 (and 404) from /auth/me as signed out, other failures as errors', async () => {
    mockFetch({ '/api/v1/auth/me': { status: 401, body: { error: { code: 'unauthenticated', message: 'x' } } } })
    expect(await useAuthStore().ensure()).toBe(false)
    setActivePinia(createPinia())
    mockFetch({ '/api/v1/auth/me': { status: 404, body: { error: { code: 'not_found', message: 'no such endpoint' } } } })
    expect(await useAuthStore().ensure()).toBe(false)
    setActivePinia(createPinia())
    mockFetch({ '/api/v1/auth/me': { status: 500, body: { error: { code: 'internal', message: 'x' } } } })
    await expect(useAuthStore().ensure()).rejects.toMatchObject({ code: 'internal' })
  })

  it('signs out and marks an expired session', async () => {
    const { calls } = mockFetch({ 'POST /api/v1/auth/login': { body: { data: adminSession } }, 'POST /api/v1/auth/logout': { status: 204 } })
    const auth = useAuthStore()
    await auth.login({ username: 'admin', password: 'pw', totp: '123456' })
    auth.expire()
    expect(auth.signedIn).toBe(false)
    expect(auth.expired).toBe(true)
    await auth.login({ username: 'admin', password: 'pw', totp: '123456' })
    expect(auth.expired).toBe(false)
    await auth.logout()
    expect(calls[2].headers['X-CSRF-Token']).toBeUndefined() // client not wired to the store in this test
    expect(auth.signedIn).toBe(false)
  })
})
