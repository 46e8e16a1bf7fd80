import { afterEach, describe, expect, it, vi } from 'vitest'
import { mockFetch } from '@/test/fetch'
import { employeesApi, licencesApi } from './employees'
import { contactsApi } from './contacts'
import { transfersApi, transferSettled } from './transfers'
import { parseAttachments, welcomeApi } from './welcome'

describe('people API modules', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('pages employees by offset with search and filters', async () => {
    const { calls } = mockFetch({ '/api/v1/employees': { body: { data: { items: [{ id: 1, userid: 'a', name: 'A' }], total: 41, limit: 20, offset: 20 } } } })
    const p = await employeesApi.list({ corp: 'main', q: '张', status: 'leaver', limit: 20, cursor: '20' })
    expect(calls[0].url).toBe('/api/v1/employees?corp=main&q=%E5%BC%A0&status=leaver&limit=20&offset=20')
    expect(p).toMatchObject({ total: 41, next_cursor: '21' })
  })

  it('reads history, held leavers and licences', async () => {
    const { calls } = mockFetch({
      '/api/v1/employees/5/history': { body: { data: { employee: { id: 5 }, steps: [{ run_id: 2, seq: 1 }] } } },
      '/api/v1/employees/held-leavers': { body: { data: { items: null } } },
      '/api/v1/licences': { body: { data: [{ corp_id: 'ww1', key: 'main', quota: 10 }] } },
    })
    expect((await employeesApi.history(5)).steps).toHaveLength(1)
    expect(await employeesApi.heldLeavers('main')).toEqual([])
    expect(calls[1].url).toBe('/api/v1/employees/held-leavers?corp=main')
    expect((await licencesApi.list())[0].quota).toBe(10)
  })

  it('reads a contact, a group and filters relations by state', async () => {
    const { calls } = mockFetch({
      '/api/v1/contacts': { body: { data: { items: [{ id: 1, userid: 'u', external_userid: 'wm1', state: 'active', state_tag: 'qr_1' }], next_cursor: '' } } },
      '/api/v1/contacts/wm%2F1': { body: { data: { contact: { name: '胡' }, relations: [], history: [] } } },
      '/api/v1/contacts/groups/wr1': { body: { data: { group: { chat_id: 'wr1' }, members: [] } } },
      'POST /api/v1/contacts/reconcile': { body: { data: { repaired: 3, relations_seen: 9 } } },
    })
    const page = await contactsApi.list({ corp: 'ww1', state: 'active,transferred' })
    expect(calls[0].url).toBe('/api/v1/contacts?corp=ww1&state=active%2Ctransferred')
    expect(page.items[0].state_tag).toBe('qr_1')
    expect((await contactsApi.get('ww1', 'wm/1')).contact.name).toBe('胡')
    expect((await contactsApi.group('ww1', 'wr1')).group.chat_id).toBe('wr1')
    expect((await contactsApi.reconcile('ww1')).repaired).toBe(3)
    expect(calls[3].url).toBe('/api/v1/contacts/reconcile?corp=ww1')
  })

  it('creates transfers and tells when their items are settled', async () => {
    const { calls } = mockFetch({ 'POST /api/v1/transfers': { status: 201, body: { data: { id: 3 } } } })
    await transfersApi.create({ corp_id: 'ww1', kind: 'onjob', handover_userid: 'a', takeover_userid: 'b', external_userids: ['wm1'], chat_ids: [] })
    expect(calls[0].headers['Content-Type']).toBe('application/json')
    const item = (status: string) => ({ id: 1, transfer_id: 3, corp_id: 'ww1', item_kind: 'customer', target_id: 'wm1', status, err_code: 0, attempts: 1, takeover_time: 0, last_error: '', updated_at: 1 })
    const base = { id: 3, corp_id: 'ww1', kind: 'onjob', handover_userid: 'a', takeover_userid: 'b', message: '', state: 'running', requested_by: 'admin', rule: '', counts: null, created_at: 1, updated_at: 1, finished_at: 0 }
    expect(transferSettled({ ...base, items: [item('waiting')] })).toBe(false)
    expect(transferSettled({ ...base, items: [item('accepted'), item('refused')] })).toBe(true)
    expect(transferSettled({ ...base, state: 'done', items: [] })).toBe(true)
    expect(transferSettled(null)).toBe(false)
  })

  it('stores welcome attachments as JSON and edits by id', async () => {
    const { calls } = mockFetch({
      '/api/v1/welcome-templates': { body: { data: { items: [{ id: 1, corp_id: 'ww1', name: 'n', text: 't', department_path: '', enabled: true,
        attachments: '[{"msgtype":"link","link":{"url":"https://x.example"}}]' }] } } },
      'PUT /api/v1/welcome-templates/1': { body: { data: { id: 1 } } },
      'DELETE /api/v1/welcome-templates/1': { body: { data: { deleted: 1 } } },
    })
    const [tmpl] = await welcomeApi.list('ww1')
    expect(tmpl.attachments[0].link?.url).toBe('https://x.example')
    await welcomeApi.save({ ...tmpl, department_path: ' 总部/医学部 ' })
    expect(calls[1].method).toBe('PUT')
    expect(calls[1].body).toMatchObject({ department_path: '总部/医学部', attachments: [{ msgtype: 'link' }] })
    await welcomeApi.remove('ww1', 1)
    expect(calls[2].url).toBe('/api/v1/welcome-templates/1?corp=ww1')
    expect(parseAttachments('not json')).toEqual([])
    expect(parseAttachments(null)).toEqual([])
  })
})
