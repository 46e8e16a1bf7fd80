// Types of the portal's REST API (/api/v1). Shapes follow DESIGN.md; fields
// that later features add are optional so the UI tolerates older servers.

/** Error body of every failed call: {"error":{"code","message","details"}}. */
export interface ErrorBody {
  code: string
  message: string
  details?: Record<string, unknown>
}

/** A page of a list endpoint. Servers may also answer a bare array. */
export interface Page<T> {
  items: T[]
  next_cursor?: string
  total?: number
  total_exact?: boolean
}

export interface User {
  id: number | string
  username: string
  display_name: string
  /** "local" (password + TOTP, changed on the account page) or "oidc"; absent for a token. */
  account_kind?: string
}

export interface RoleGrant {
  role: string
  corp_id: string
  departments: string[]
}

/** Answer of POST /auth/login and GET /auth/me. */
export interface Session {
  user: User
  roles: RoleGrant[]
  permissions: string[]
  csrf_token: string
}

export interface AuthProvider {
  name: string
  display_name?: string
}

export interface Corp {
  corp_id: string
  key: string
  name: string
}
