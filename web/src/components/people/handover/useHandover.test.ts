import { afterEach, describe, expect, it, vi } from 'vitest'
import { allowedKinds, buildRequests, batches, newHandover, pickFrom, stepReady, useHandover } from './useHandover'
import { mockFetch } from '@/test/fetch'

describe('handover wizard steps', () => {
  it('only moves on with an employee, a selection and a different successor', () => {
    const s = newHandover()
    expect(stepReady(s, 0)).toBe(false)
    s.from = 'li.si'
    expect(stepReady(s, 0)).toBe(true)
    expect(stepReady(s, 1)).toBe(false)
    s.customers = ['wm1']
    expect(stepReady(s, 1)).toBe(true)
    expect(stepReady(s, 2)).toBe(false)
    s.to = 'li.si'
    expect(stepReady(s, 2)).toBe(false)
    s.to = 'wang.wu'
    expect(stepReady(s, 2)).toBe(true)
    s.mode = 'manager'
    expect(stepReady(s, 2)).toBe(false) // the manager rule is for leavers only
    s.kind = 'resigned'
    expect(stepReady(s, 2)).toBe(true)
    s.mode = 'pool'
    s.pool = ['li.si']
    expect(stepReady(s, 2)).toBe(false)
  })

  it('spreads a selection over a pool, one request per successor', () => {
    const s = newHandover({ from: 'li.si', customers: ['c1', 'c2', 'c3'], groups: ['g1'], mode: 'pool', pool: ['a', 'b', 'a', 'li.si'], message: '你好' })
    const reqs = buildRequests(s, 'ww1')
    expect(reqs).toEqual([
      { corp_id: 'ww1', kind: 'onjob', handover_userid: 'li.si', takeover_userid: 'a', external_userids: ['c1', 'c3'], chat_ids: ['g1'], transfer_success_msg: '你好' },
      { corp_id: 'ww1', kind: 'onjob', handover_userid: 'li.si', takeover_userid: 'b', external_userids: ['c2'], chat_ids: [], transfer_success_msg: '你好' },
    ])
    expect(batches(250)).toBe(3)
  })
})

describe('what WeCom allows for the member', () => {
  // 在职继承 only while active; 离职继承 only once gone from the directory
  // (40097 otherwise); a disabled member allows neither.
  const cases: { name: string; status: number | undefined; kinds: string[]; ready: Record<string, boolean> }[] = [
    { name: 'active member', status: 1, kinds: ['onjob'], ready: { onjob: true, resigned: false } },
    { name: 'disabled leaver', status: 2, kinds: [], ready: { onjob: false, resigned: false } },
    { name: 'never activated', status: 4, kinds: [], ready: { onjob: false, resigned: false } },
    { name: 'exited the corp', status: 5, kinds: ['resigned'], ready: { onjob: false, resigned: true } },
    { name: 'deleted (not in WeCom)', status: 0, kinds: ['resigned'], ready: { onjob: false, resigned: true } },
    { name: 'typed user ID, state unknown', status: undefined, kinds: ['onjob', 'resigned'], ready: { onjob: true, resigned: true } },
  ]
  for (const c of cases) {
    it(c.name, () => {
      expect(allowedKinds(c.status)).toEqual(c.kinds)
      for (const kind of ['onjob', 'resigned'] as const) {
        const s = newHandover({ kind })
        s.from = 'li.si'
        s.fromStatus = c.status
        expect(stepReady(s, 0)).toBe(c.ready[kind])
      }
    })
  }

  it('picking a deleted member switches to 离职继承, an active one back to 在职继承', () => {
    const s = newHandover()
    pickFrom(s, 'li.si', 0)
    expect(s.kind).toBe('resigned')
    s.mode = 'manager'
    pickFrom(s, 'wang.wu', 1)
    expect(s.kind).toBe('onjob')
    expect(s.mode).toBe('person') // the manager rule is 离职继承 only
    pickFrom(s, 'zhao.liu', 2)
    expect(stepReady(s, 0)).toBe(false)
  })
})

describe('handover submission', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('submits a person handover', async () => {
    let n = 40
    const { calls } = mockFetch({ 'POST /api/v1/transfers': () => ({ status: 201, body: { data: { id: ++n } } }) })
    const h = useHandover(() => 'ww1', { from: 'li.si' })
    expect(h.step.value).toBe(1)
    h.state.customers = ['wm1']
    h.next()
    h.state.to = 'wang.wu'
    await h.submit()
    expect(h.step.value).toBe(3)
    expect(h.transferIds.value).toEqual([41])
    expect(calls[0].body).toMatchObject({ corp_id: 'ww1', kind: 'onjob', handover_userid: 'li.si', takeover_userid: 'wang.wu', external_userids: ['wm1'] })
  })

  it('hands a leaver over to the manager in one server call', async () => {
    const { calls } = mockFetch({ 'POST /api/v1/transfers/leaver': { status: 201, body: { data: [{ id: 7 }, { id: 8 }] } } })
    const h = useHandover(() => 'ww1', { from: 'qian.qi', kind: 'resigned', customers: ['wm1'] })
    h.state.mode = 'manager'
    await h.submit()
    expect(calls[0].body).toEqual({ corp_id: 'ww1', leaver_userid: 'qian.qi', pool: [] })
    expect(h.transferIds.value).toEqual([7, 8])
  })

  it('keeps the wizard on the successor step when the server refuses', async () => {
    mockFetch({ 'POST /api/v1/transfers': { status: 422, body: { error: { code: 'validation_failed', message: 'same member (40130)' } } } })
    const h = useHandover(() => 'ww1', { from: 'li.si', customers: ['wm1'], to: 'zhao.liu' })
    h.step.value = 2
    await h.submit()
    expect(h.step.value).toBe(2)
    expect(h.error.value).toBeTruthy()
  })
})
