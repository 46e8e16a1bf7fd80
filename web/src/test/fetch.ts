// A scripted fetch for tests: each route answers a status and a JSON body,
// and every call is recorded.
import { vi } from 'vitest'

export interface Call {
  url: string
  method: string
  headers: Record<string, string>
  body?: unknown
  credentials?: RequestCredentials
}

type Answer = { status?: number; body?: unknown; raw?: string }
type Handler = (call: Call) => Answer

export function mockFetch(routes: Record<string, Answer | Handler>) {
  const calls: Call[] = []
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input)
    const method = (init.method ?? 'GET').toUpperCase()
    const call: Call = {
      url, method, headers: (init.headers ?? {}) as Record<string, string>, credentials: init.credentials,
      body: typeof init.body === 'string' ? parseBody(init.body) : init.body,
    }
    calls.push(call)
    const path = url.split('?')[0]
    const r = routes[`${method} ${path}`] ?? routes[path]
    const a: Answer = typeof r === 'function' ? r(call) : r ?? { status: 404, body: { error: { code: 'not_found', message: 'no such endpoint' } } }
    const text = a.raw ?? (a.body === undefined ? '' : JSON.stringify(a.body))
    const status = a.status ?? 200
    return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fn)
  return { calls, fn }
}

/** JSON bodies parsed; a document sent as it is (YAML) kept as text. */
function parseBody(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    return s
  }
}

export const adminSession = {
  user: { id: 1, username: 'admin', kind: 'admin', account_kind: 'local', display_name: '管理员' },
  roles: [{ role: 'admin', corp_id: '', departments: [] }],
  permissions: ['status:read', 'corps:read', 'corps:write', 'employees:read', 'hrsync:run', 'contacts:read', 'messages:read',
    'exports:create', 'exports:approve', 'audit:read', 'admins:read', 'jobs:read', 'settings:write'],
  csrf_token: 'csrf-abc',
}

export const auditorSession = {
  user: { id: 2, username: 'audrey', kind: 'admin', account_kind: 'local', display_name: 'Audrey' },
  roles: [{ role: 'auditor', corp_id: '', departments: [] }],
  permissions: ['status:read', 'corps:read', 'audit:read', 'audit:export', 'admins:read', 'jobs:read'],
  csrf_token: 'csrf-aud',
}
