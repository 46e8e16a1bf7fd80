// The one request client. Every call goes through request(): it unwraps the
// {"data":…} envelope, turns {"error":{…}} into a typed ApiError, sends the
// CSRF token on state-changing calls and reports an expired session.
import type { ErrorBody, Page } from '@/types/api'

export const API_BASE = '/api/v1'

/** A failed API call. `code` is the server's stable code (translated by the UI). */
export class ApiError extends Error {
  readonly code: string
  readonly status: number
  readonly details?: Record<string, unknown>

  constructor(status: number, body: ErrorBody) {
    super(body.message || body.code)
    this.name = 'ApiError'
    this.status = status
    this.code = body.code
    this.details = body.details
  }
}

export interface ClientHooks {
  /** The CSRF token of the current session, if any. */
  csrfToken: () => string | undefined
  /** Called once per 401 answer of a call that did not opt out. */
  onUnauthorized: (err: ApiError) => void
}

const hooks: ClientHooks = { csrfToken: () => undefined, onUnauthorized: () => {} }

/** Wires the client to the auth store and router (done once in main.ts). */
export function configureClient(h: Partial<ClientHooks>): void {
  Object.assign(hooks, h)
}

export type Query = Record<string, string | number | boolean | undefined | null>

export interface RequestOptions {
  query?: Query
  body?: unknown
  signal?: AbortSignal
  /** When false, a 401 is returned to the caller without leaving the page (sign-in, session probe). */
  redirectOn401?: boolean
  /** Send a string body as it is, with this Content-Type. */
  contentType?: string
}

export function buildURL(path: string, query?: Query): string {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v))
  }
  const s = qs.toString()
  return API_BASE + path + (s ? `?${s}` : '')
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: BodyInit | undefined
  if (opts.body instanceof FormData) {
    body = opts.body
  } else if (opts.contentType && typeof opts.body === 'string') {
    // A document sent as it is (a YAML or JSON catalog), not JSON-encoded.
    headers['Content-Type'] = opts.contentType
    body = opts.body
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  if (!SAFE_METHODS.has(method)) {
    const token = hooks.csrfToken()
    if (token) headers['X-CSRF-Token'] = token
  }
  let res: Response
  try {
    res = await fetch(buildURL(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, { code: 'network', message: e instanceof Error ? e.message : String(e) })
  }
  const payload = await readJSON(res)
  if (!res.ok) {
    const err = new ApiError(res.status, errorBodyOf(res.status, payload))
    if (res.status === 401 && opts.redirectOn401 !== false) hooks.onUnauthorized(err)
    throw err
  }
  if (payload && typeof payload === 'object' && 'data' in payload) {
    return (payload as { data: T }).data
  }
  return undefined as T
}

async function readJSON(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined
  const text = await res.text()
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function errorBodyOf(status: number, payload: unknown): ErrorBody {
  const e = (payload as { error?: ErrorBody } | undefined)?.error
  if (e && typeof e.code === 'string') return e
  // Not our envelope (a proxy's error page): keep a stable code per status.
  const code = status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : status === 404 ? 'not_found'
    : status >= 500 ? 'internal' : 'unexpected_response'
  return { code, message: `HTTP ${status}` }
}

/** Accepts a Page or a bare array, so list pages work with either answer. */
export function toPage<T>(v: Page<T> | T[] | null | undefined): Page<T> {
  if (Array.isArray(v)) return { items: v, total: v.length, total_exact: true }
  if (v && Array.isArray(v.items)) return v
  return { items: [], total: 0, total_exact: true }
}

export const http = {
  get: <T>(path: string, query?: Query, opts: RequestOptions = {}) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts: RequestOptions = {}) => request<T>('PATCH', path, { ...opts, body }),
  del: <T>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts),
}
