import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import CorpSettingsDialog from './CorpSettingsDialog.vue'
import { adminSession, auditorSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { useAuthStore } from '@/stores/auth'

// Accounts settings with every field the HR sync page edits: the dialog must send them back untouched.
const accounts = () => ({
  sync: { userid_rule: { mode: 'pinyin', suffix: '' }, leaver_grace_days: 14, removed_policy: 'leaver', threshold: { max_disable: 5, max_percent: 10 } },
  licence_quota: 120, ww_verify: { code: 'abc123', content: 'tok' }, transcribe_all_audio: true,
})
const corpSettings = () => ({ export_approval: false, time_zone: '', export_ttl_days: 0 })

function el(id: string): HTMLElement {
  return document.querySelector<HTMLElement>(`[data-test="${id}"]`)!
}
function input(id: string): HTMLInputElement {
  const e = el(id)
  return (e.tagName === 'INPUT' ? e : e.querySelector('input')) as HTMLInputElement
}
async function type(id: string, v: string) {
  const i = input(id)
  i.value = v
  i.dispatchEvent(new Event('input'))
  i.dispatchEvent(new Event('change'))
  await flushPromises()
}

/** Picks an employee through the name picker as a user would: a search, then a choice. */
async function pick(wrapper: VueWrapper, id: string) {
  const select = wrapper.findComponent({ name: 'ElSelect' })
  if (id) await (select.props('remoteMethod') as (q: string) => Promise<void>)(id)
  select.vm.$emit('update:modelValue', id)
  await flushPromises()
}

async function mountDialog(routes: Parameters<typeof mockFetch>[0], session = adminSession) {
  const mocked = mockFetch(routes)
  const m = await mountWithApp(CorpSettingsDialog, { props: { open: true, corp: 'c2', corpId: 'ww2', name: '企业2' }, attachTo: document.body })
  useAuthStore(m.pinia).session = session
  await flushPromises()
  return { ...m, ...mocked }
}

vi.setConfig({ testTimeout: 60_000 })

describe('Settings → corps → settings', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('loads both settings and saves both, keeping every other accounts field as read', async () => {
    const { wrapper, calls } = await mountDialog({
      '/api/v1/corps/c2/settings': { body: { data: { export_approval: false, time_zone: 'Asia/Shanghai', export_ttl_days: 7 } } },
      '/api/v1/corps/c2/accounts-settings': { body: { data: { ...accounts(), sync: { ...accounts().sync, handover_to: 'zhangsan' } } } },
      'PUT /api/v1/corps/c2/settings': (c) => ({ body: { data: c.body } }),
      'PUT /api/v1/corps/c2/accounts-settings': (c) => ({ body: { data: c.body } }),
      '/api/v1/review/names': { body: { data: { items: [{ kind: 'employee', id: 'lisi', name: '李四' }] } } },
    })
    expect(input('corp-settings-tz').value).toBe('Asia/Shanghai')
    expect(input('corp-settings-ttl').value).toBe('7')
    expect(document.body.textContent).toContain('另一位管理员批准')
    el('corp-settings-approval').click()
    await type('corp-settings-tz', 'Europe/Berlin')
    await type('corp-settings-ttl', '30')
    await pick(wrapper, 'lisi')
    el('corp-settings-save').click()
    await flushPromises()
    // The successor is searched in the dialog's corp, not the one picked in the header.
    expect(calls.find((c) => c.url.includes('/review/names'))!.url).toContain('corp=ww2')
    const puts = calls.filter((c) => c.method === 'PUT')
    expect(puts.find((c) => c.url.includes('/settings') && !c.url.includes('accounts'))!.body).toEqual({ export_approval: true, time_zone: 'Europe/Berlin', export_ttl_days: 30 })
    expect(puts.find((c) => c.url.includes('accounts-settings'))!.body).toEqual({ ...accounts(), sync: { ...accounts().sync, handover_to: 'lisi' } })
    wrapper.unmount()
  })

  it('shows the server\'s refusal on the time zone field and saves nothing else', async () => {
    const { wrapper, calls } = await mountDialog({
      '/api/v1/corps/c2/settings': { body: { data: corpSettings() } },
      '/api/v1/corps/c2/accounts-settings': { body: { data: accounts() } },
      'PUT /api/v1/corps/c2/settings': {
        status: 422, body: { error: { code: 'validation_failed', message: 'time_zone "Mars/Base" is not an IANA time zone such as Asia/Shanghai' } },
      },
      'PUT /api/v1/corps/c2/accounts-settings': (c) => ({ body: { data: c.body } }),
    })
    await type('corp-settings-tz', 'Mars/Base')
    await pick(wrapper, 'lisi')
    el('corp-settings-save').click()
    await flushPromises()
    // Element Plus shows a form item's error after a short debounce: wait for it.
    await vi.waitFor(() => expect(document.querySelector('.el-form-item.is-error .el-form-item__error')?.textContent).toContain('Mars/Base'))
    expect(document.querySelector('.el-form-item.is-error .el-form-item__label')?.textContent).toBe('时区')
    expect(calls.some((c) => c.method === 'PUT' && c.url.includes('accounts-settings'))).toBe(false)
    wrapper.unmount()
  })

  it('saves only what changed: clearing the successor drops handover_to and leaves corp settings alone', async () => {
    const { wrapper, calls } = await mountDialog({
      '/api/v1/corps/c2/settings': { body: { data: corpSettings() } },
      '/api/v1/corps/c2/accounts-settings': { body: { data: { ...accounts(), sync: { ...accounts().sync, handover_to: 'zhangsan' } } } },
      'PUT /api/v1/corps/c2/accounts-settings': (c) => ({ body: { data: c.body } }),
    })
    await pick(wrapper, '')
    el('corp-settings-save').click()
    await flushPromises()
    const puts = calls.filter((c) => c.method === 'PUT')
    expect(puts).toHaveLength(1)
    expect(puts[0].body).toEqual(accounts())
    wrapper.unmount()
  })

  it('has no Save button without settings:write', async () => {
    const { wrapper } = await mountDialog({
      '/api/v1/corps/c2/settings': { body: { data: corpSettings() } },
      '/api/v1/corps/c2/accounts-settings': { body: { data: accounts() } },
    }, auditorSession)
    expect(el('corp-settings-form')).toBeTruthy()
    expect(el('corp-settings-readonly')).toBeTruthy()
    expect(document.querySelector('[data-test="corp-settings-save"]')).toBeNull()
    wrapper.unmount()
  })
})
