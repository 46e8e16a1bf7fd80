// Texts of live progress and "retry failed customers" (handover result,
// contacts tag filter, exports followed live).
import type { LocalePart } from '../part'

export default {
  en: {
    people: {
      handover: {
        live: 'Live',
        retryCustomers: 'Retry {n} failed customers',
        retriedCustomers: '{n} customers submitted again',
      },
      contacts: { allTags: 'All channel tags', tagCount: '{tag} ({n})' },
    },
  },
  'zh-CN': {
    people: {
      handover: {
        live: '实时',
        retryCustomers: '重试 {n} 个失败客户',
        retriedCustomers: '已重新提交 {n} 个客户',
      },
      contacts: { allTags: '全部渠道标签', tagCount: '{tag}（{n}）' },
    },
  },
} satisfies LocalePart
