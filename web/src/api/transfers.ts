import { http } from './client'
import type { Transfer, TransferDetail, TransferRequest } from '@/types/people'

/** WeCom takes at most 100 customers per transfer call; the server batches bigger handovers. */
export const TRANSFER_BATCH = 100

/** Item states the customer or WeCom has settled; the rest are still moving. */
export const FINAL_ITEM_STATES = ['accepted', 'refused', 'over_limit', 'no_record', 'failed']
/** Item states worth submitting again in a new handover. */
export const RETRYABLE_ITEM_STATES = ['over_limit', 'no_record', 'failed', 'refused']

/** Customer handovers (在职继承 / 离职继承) and their per-customer results. */
export const transfersApi = {
  list: async (corp?: string) => (await http.get<{ items: Transfer[] | null }>('/transfers', { corp, limit: 50 }))?.items ?? [],
  get: (id: number) => http.get<TransferDetail>(`/transfers/${id}`),
  create: (req: TransferRequest) => http.post<Transfer>('/transfers', req),
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
