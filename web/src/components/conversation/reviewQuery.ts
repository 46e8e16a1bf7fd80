// The review workspace's state in the URL query: the search (q and filters),
// the open conversation (c) and the message it is opened around (m), so a
// reload, Back or a link sent to a colleague opens the same view. The server
// checks permission and scope again on every call the link leads to.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { emptyFilters } from '@/stores/reviewSearch'
import type { SearchFilters } from '@/types/conversations'

export interface ReviewState {
  filters: SearchFilters
  c: string
  m: string
}

const yesNo = (v: string): '' | 'true' | 'false' => (v === 'true' || v === 'false' ? v : '')

function one(q: LocationQuery, k: string): string {
  const v = q[k]
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s : ''
}

/** The URL query for a state; empty fields are left out. */
export function toQuery(s: ReviewState): LocationQueryRaw {
  const f = s.filters
  const out: Record<string, string> = {}
  const set = (k: string, v: string) => { if (v.trim()) out[k] = v.trim() }
  set('q', f.q)
  set('employee', f.employee)
  set('contact', f.contact)
  set('room', f.room)
  set('msgtype', f.msgtype.join(','))
  if (f.range) {
    out.from = String(f.range[0].getTime())
    out.to = String(f.range[1].getTime())
  }
  set('has_media', f.has_media)
  set('recalled', f.recalled)
  set('consent', f.consent)
  set('c', s.c)
  set('m', s.m)
  return out
}

/** The state a URL query describes; unknown or malformed values are dropped. */
export function fromQuery(q: LocationQuery): ReviewState {
  const f = emptyFilters()
  f.q = one(q, 'q')
  f.employee = one(q, 'employee')
  f.contact = one(q, 'contact')
  f.room = one(q, 'room')
  f.msgtype = one(q, 'msgtype').split(',').map((s) => s.trim()).filter(Boolean)
  const from = Number(one(q, 'from'))
  const to = Number(one(q, 'to'))
  if (one(q, 'from') && one(q, 'to') && Number.isFinite(from) && Number.isFinite(to) && from <= to) f.range = [new Date(from), new Date(to)]
  f.has_media = yesNo(one(q, 'has_media'))
  f.recalled = yesNo(one(q, 'recalled'))
  f.consent = one(q, 'consent')
  return { filters: f, c: one(q, 'c'), m: one(q, 'm') }
}

/** A stable key for comparing two states (the URL we wrote with the one we are on). */
export const stateKey = (s: ReviewState) => JSON.stringify(toQuery(s))

/** Whether the filters ask the search API (text or a message filter); people filters alone narrow the lists. */
export function isMessageSearch(f: SearchFilters): boolean {
  return !!f.q.trim() || f.msgtype.length > 0 || !!f.range || f.has_media !== '' || f.recalled !== '' || f.consent !== ''
}
