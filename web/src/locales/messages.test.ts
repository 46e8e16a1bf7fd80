import { describe, expect, it } from 'vitest'
import { deepMerge } from './messages'

describe('locale parts', () => {
  it('deep-merges a part into an existing namespace', () => {
    expect(deepMerge({ a: { b: 1 }, c: 2 }, { a: { d: 3 } })).toEqual({ a: { b: 1, d: 3 }, c: 2 })
  })
})
