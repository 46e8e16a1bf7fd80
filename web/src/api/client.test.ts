import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, buildURL, configureClient, http, toPage } from './client'
import { mockFetch } from '@/test/fetch'

describe('request client', () => {
  const onUnauthorized = vi.fn()
  beforeEach(() => {
    onUnauthorized.mockReset()
    configureClient({ csrfToken: () => 'tok-1', onUnauthorized })
  })
  afterEach(() => vi.unstubAllGlobals())

  it('unwraps the data envelope and sends cookies same-origin', async () => {
    const { calls } = mockFetch({ '/api/v1/status': { body: { data: { version: 'v1', corps: [] } } } })
    await expect(http.get('/status')).resolves.toEqual({ version: 'v1', corps: [] })
    expect(calls[0].credentials).toBe('same-origin')
  })

  it('sends X-CSRF-Token on state-changing calls only', async () => {
    const { calls } = mockFetch({ 'GET /api/v1/x': { body: { data: 1 } }, 'POST /api/v1/x': { body: { data: 2 } },
      'DELETE /api/v1/x': { status: 204 } })
    await http.get('/x')
    await http.post('/x', { a: 1 })
    await http.del('/x')
    expect(calls[0].headers['X-CSRF-Token']).toBeUndefined()
    expect(calls[1].headers['X-CSRF-Token']).toBe('tok-1')
    expect(calls[1].headers['Content-Type']).toBe('application/json')
    expect(calls[1].body).toEqual({ a: 1 })
    expect(calls[2].headers['X-CSRF-Token']).toBe('tok-1')
  })

  it('turns the error envelope into a typed ApiError', async () => {
    mockFetch({ 'POST /api/v1/auth/login': { status: 423,
      body: { error: { code: 'account_locked', message: 'locked', details: { retry_after_seconds: 300 } } } } })
    const err = await http.post('/auth/login', {}, { redirectOn401: false }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 423, code: 'account_locked', message: 'locked', details: { retry_after_seconds: 300 } })
  })

  it.each([
    [401, 'unauthenticated'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [502, 'internal'],
    [418, 'unexpected_response'],
  ])('gives a stable code to a non-envelope %i answer', async (status, code) => {
    mockFetch({ '/api/v1/y': { status, raw: '<html>proxy</html>' } })
    await expect(http.get('/y', undefined, { redirectOn401: false })).rejects.toMatchObject({ status, code })
  })

  it('reports 401 to the session hook unless the caller opts out', async () => {
    mockFetch({ '/api/v1/z': { status: 401, body: { error: { code: 'unauthenticated', message: 'sign-in required' } } } })
    await expect(http.get('/z')).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    await expect(http.get('/z', undefined, { redirectOn401: false })).rejects.toBeInstanceOf(ApiError)
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })

  it('maps a failed connection to the network code', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch') }))
    await expect(http.get('/w')).rejects.toMatchObject({ status: 0, code: 'network' })
  })

  it('builds query strings without empty values', () => {
    expect(buildURL('/employees', { q: '张三', status: '', corp: undefined, limit: 50 }))
      .toBe('/api/v1/employees?q=%E5%BC%A0%E4%B8%89&limit=50')
  })

  it('accepts a page or a bare array for lists', () => {
    expect(toPage([1, 2])).toEqual({ items: [1, 2], total: 2, total_exact: true })
    expect(toPage({ items: [3], next_cursor: 'c' })).toEqual({ items: [3], next_cursor: 'c' })
    expect(toPage(null).items).toEqual([])
  })
})
