// Server codes shown in the user's language: a row problem (issue code), a
// refusal and a plan reason (rule.action). A code the locale lacks, and the
// English UI, show the server's message, which carries the specifics.
import type { HRImport, HRValidationIssue } from '@/types/resources'

type T = (key: string, params?: Record<string, unknown>) => string
type TE = (key: string) => boolean

function byCode(t: T, te: TE, locale: string, key: string, message: string | undefined, params?: Record<string, unknown>): string {
  if (locale.startsWith('en') && message) return message
  return te(key) ? t(key, params) : message ?? ''
}

export function issueText(t: T, te: TE, locale: string, i: HRValidationIssue): string {
  return byCode(t, te, locale, `hr.issue.${i.code}`, i.reason)
}

export function reasonText(t: T, te: TE, locale: string, code: string | undefined, message: string | undefined, params?: Record<string, unknown>): string {
  return code ? byCode(t, te, locale, `hr.reason.${code}`, message, params) : message ?? ''
}

/** The refusal in the user's language; the removal guard's numbers come from the plan. */
export function refusalText(t: T, te: TE, locale: string, run: HRImport): string {
  const r = run.report
  const g = run.plan?.removal_guard
  const params = { message: r.refuse_reason ?? '', removals: g?.removals ?? 0, active: g?.active ?? 0, limit: g?.limit_percent ?? 10 }
  return r.refuse_code ? byCode(t, te, locale, `hr.refuse.${r.refuse_code}`, r.refuse_reason, params) : r.refuse_reason ?? ''
}
