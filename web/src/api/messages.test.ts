import { describe, expect, it } from 'vitest'
import { toConversation } from './messages'

describe('toConversation', () => {
  it('titles a 1:1 chat with its participants and a group with its room', () => {
    expect(toConversation({ conversation_id: 'a|wm1', kind: 'single', participants: ['zhang.san', 'wm1'], message_count: 3 }))
      .toMatchObject({ id: 'a|wm1', title: 'zhang.san ↔ wm1', message_count: 3 })
    expect(toConversation({ conversation_id: 'wr1', kind: 'group', roomid: 'wr1', participants: ['a', 'b'] }).title).toBe('wr1')
  })
  it('keeps rows already in the list shape', () => {
    expect(toConversation({ id: 'x', kind: 'single', title: 'T' }).title).toBe('T')
  })
})
