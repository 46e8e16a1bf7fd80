import { http } from './client'
import type { Transfer, TransferDetail, TransferItem, TransferRequest } from '@/types/people'

/** WeCom takes at most 100 customers per transfer call; the server batches bigger handovers. */
export const TRANSFER_BATCH = 100

/** Item states the customer or WeCom has settled; the rest are still moving. */
export const FINAL_ITEM_STATES = ['accepted', 'refused', 'over_limit', 'no_record', 'failed']
/**
 * Customer states a retry submits again (POST /transfers/{id}/retry). A
 * refusal is the customer's choice and stays; waiting and accepted customers
 * are never sent twice.
 */
export const RETRYABLE_ITEM_STATES = ['over_limit', 'no_record', 'failed']
/** WeCom's "two transfers per customer in 90 days" (40128): a retry would fail again. */
export const TRANSFER_TOO_OFTEN = 40128

/** The customers of a transfer that "retry failed customers" would resubmit. */
export function retryableCustomers(t: TransferDetail | null | undefined): TransferItem[] {
  return (t?.items ?? []).filter((i) => i.item_kind === 'customer' && RETRYABLE_ITEM_STATES.includes(i.status) && i.err_code !== TRANSFER_TOO_OFTEN)
}

/** Customer handovers (在职继承 / 离职继承) and their per-customer results. */
export const transfersApi = {
  list: async (corp?: string) => (await http.get<{ items: Transfer[] | null }>('/transfers', { corp, limit: 50 }))?.items ?? [],
  get: (id: number) => http.get<TransferDetail>(`/transfers/${id}`),
  create: (req: TransferRequest) => http.post<Transfer>('/transfers', req),
  /** Resubmits only the failed customers of this transfer (same transfer, same successor). */
  retry: (id: number) => http.post<TransferDetail & { resubmitted: string[]; skipped: string[] }>(`/transfers/${id}/retry`),
  /** Server-sent events of one transfer ("transfer" events with its items, then "end"). */
  eventsURL: (id: number) => `/api/v1/transfers/${id}/events`,
  /** A leaver's customers and groups to the manager (empty pool) or spread over a pool. */
  leaver: (corp: string, leaver: string, pool: string[]) =>
    http.post<Transfer[]>('/transfers/leaver', { corp_id: corp, leaver_userid: leaver, pool }),
}

/** True once no item of the transfer can still change without a new submission. */
export function transferSettled(t: TransferDetail | null | undefined): boolean {
  if (!t) return false
  const items = t.items ?? []
  return t.state === 'done' || (items.length > 0 && items.every((i) => FINAL_ITEM_STATES.includes(i.status)))
}
