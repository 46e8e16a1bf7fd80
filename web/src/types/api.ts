// Types of the portal's REST API (/api/v1). Shapes follow DESIGN.md; fields
// that later features add are optional so the UI tolerates older servers.
import type { Schema } from './schema'

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

export type User = Schema<'UserJSON'>

export type RoleGrant = Schema<'RoleJSON'>

/** Answer of POST /auth/login and GET /auth/me. */
export type Session = Schema<'MeJSON'>

export type AuthProvider = Schema<'AuthProviderInfo'>

export interface Corp {
  corp_id: string
  key: string
  name: string
}
