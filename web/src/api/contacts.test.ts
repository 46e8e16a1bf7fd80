import { describe, expect, it } from 'vitest'
import { toGroup, toRelation } from './contacts'

describe('contacts API rows', () => {
  it('reads snake_case and Go field names alike', () => {
    const a = toRelation({ ID: 5, UserID: 'zhangwei', ExternalUserID: 'wmABC', ContactName: '王总', ContactType: 1, State: 'active', AddedAt: 1 })
    const b = toRelation({ id: 5, userid: 'zhangwei', external_userid: 'wmABC', contact_name: '王总', contact_type: 1, state: 'active', added_at: 1 })
    expect(a).toEqual(b)
    expect(toGroup({ ChatID: 'wr1', Name: '客户群', Owner: 'lina', MemberCount: 12, CreatedTime: 9 }))
      .toEqual({ chat_id: 'wr1', name: '客户群', owner: 'lina', member_count: 12, created_at: 9, status: undefined })
  })
})
