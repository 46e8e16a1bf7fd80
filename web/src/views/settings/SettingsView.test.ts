import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import SettingsView from '../SettingsView.vue'
import { adminSession, mockFetch, type Call } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { useAuthStore } from '@/stores/auth'
import { useCorpStore } from '@/stores/corp'

const session = { ...adminSession, permissions: [...adminSession.permissions, 'retention:write', 'admins:write'] }
const corp = (n: number, secret: 'set' | 'unset' = 'set') => ({
  corp_id: `ww${n}`, key: `c${n}`, name: `企业${n}`, base_url: 'https://qyapi.weixin.qq.com', agent_id: 1, source: n === 1 ? 'config' : 'ui',
  secrets: { contacts: secret, app: secret, archive: 'set', customer_contact: 'unset' }, callback: secret, archive_keys: [1],
})

/** The <input> of an el-input, which puts data-test on the input itself. */
function input(id: string): HTMLInputElement {
  const el = document.querySelector<HTMLElement>(`[data-test="${id}"]`)!
  return (el.tagName === 'INPUT' ? el : el.querySelector('input')) as HTMLInputElement
}

async function mountAt(tab: string, routes: Parameters<typeof mockFetch>[0]) {
  const mocked = mockFetch({ '/api/v1/auth/me': { body: { data: session } }, ...routes })
  const m = await mountWithApp(SettingsView, { path: `/settings?tab=${tab}`, attachTo: document.body })
  useAuthStore(m.pinia).session = session
  const cs = useCorpStore(m.pinia)
  cs.corps = [{ corp_id: 'ww1', key: 'c1', name: '企业1' }]
  cs.select('ww1')
  await flushPromises()
  return { ...m, ...mocked }
}

// Mounting Element Plus tables and dialogs is slow on a busy machine.
vi.setConfig({ testTimeout: 30_000 })

describe('Settings: corps and secrets', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows each secret as set or not set, never its value, and opens the edit form with every secret field empty', async () => {
    const { wrapper } = await mountAt('corps', { '/api/v1/corps': { body: { data: [corp(1), corp(2, 'unset')] } } })
    expect(wrapper.find('[data-test="secret-state-c1-contacts"]').text()).toContain('已设置')
    expect(wrapper.find('[data-test="secret-state-c2-contacts"]').text()).toContain('未设置')
    // Every row action belongs to a row: none is rendered for the table's hidden column list (row {}),
    // which a fragment in the actions slot caused, hiding the first match from a browser's click.
    expect(wrapper.findAll('[data-test$="-undefined"]')).toHaveLength(0)
    expect(wrapper.findAll('[data-test^="corp-edit-"]').map((b) => b.attributes('data-test'))).toEqual(['corp-edit-c1', 'corp-edit-c2'])
    await wrapper.find('[data-test="corp-edit-c1"]').trigger('click')
    await flushPromises()
    const inputs = document.querySelectorAll<HTMLInputElement>('[data-test="corp-form"] input[type="password"]')
    expect(inputs.length).toBeGreaterThanOrEqual(6)
    for (const i of inputs) expect(i.value).toBe('')
    expect(input('secret-contacts').placeholder).toContain('留空则保留')
    expect(input('secret-customer_contact').placeholder).toBe('未设置')
    wrapper.unmount()
  })

  it('sends an edit without the secrets left blank', async () => {
    const { wrapper, calls } = await mountAt('corps', {
      '/api/v1/corps': { body: { data: [corp(1)] } },
      'PUT /api/v1/corps': { body: { data: corp(1) } },
    })
    await wrapper.find('[data-test="corp-edit-c1"]').trigger('click')
    await flushPromises()
    const archive = input('secret-archive')
    archive.value = 'new-archive-secret'
    archive.dispatchEvent(new Event('input'))
    document.querySelector<HTMLButtonElement>('[data-test="corp-save"]')!.click()
    await flushPromises()
    const put = calls.find((c: Call) => c.method === 'PUT')!
    expect(put.body).toMatchObject({ corp_id: 'ww1', secrets: { archive: 'new-archive-secret' } })
    expect(Object.keys((put.body as { secrets: object }).secrets)).toEqual(['archive'])
    wrapper.unmount()
  })

  it('refuses a sixth corp with the translated error', async () => {
    const { wrapper, calls } = await mountAt('corps', { '/api/v1/corps': { body: { data: [1, 2, 3, 4, 5].map((n) => corp(n)) } } })
    expect(wrapper.find('[data-test="corps-full"]').text()).toContain('最多服务 5 个企业')
    await wrapper.find('[data-test="corp-add"]').trigger('click')
    await flushPromises()
    expect(document.querySelector('.el-message')?.textContent).toContain('最多支持 5 个企业')
    expect(calls.filter((c: Call) => c.method === 'POST')).toHaveLength(0)
    wrapper.unmount()
  })

  it('shows the server refusal of a sixth corp in the user\'s language', async () => {
    const { wrapper } = await mountAt('corps', {
      '/api/v1/corps': { body: { data: [corp(1)] } },
      'POST /api/v1/corps': { status: 409, body: { error: { code: 'too_many_corps', message: 'a deployment serves at most 5 corps' } } },
    })
    await wrapper.find('[data-test="corp-add"]').trigger('click')
    await flushPromises()
    for (const [sel, v] of [['corp-id', 'ww6'], ['corp-key', 'six'], ['corp-name', '六']]) {
      const i = input(sel)
      i.value = v
      i.dispatchEvent(new Event('input'))
    }
    document.querySelector<HTMLButtonElement>('[data-test="corp-save"]')!.click()
    await flushPromises()
    await vi.waitFor(() => expect(document.querySelector('[data-test="corp-error"]')?.textContent).toContain('最多支持 5 个企业'), { timeout: 30_000 })
    wrapper.unmount()
  })
})

describe('Settings: retention', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('states the floor, and explains the server refusal of a rule below it', async () => {
    const { wrapper, calls } = await mountAt('retention', {
      '/api/v1/retention': { body: { data: { items: [] } } },
      'PUT /api/v1/retention': { status: 422, body: { error: { code: 'validation_failed', message: 'retention of 30 days is shorter than the floor of 180 days' } } },
    })
    expect(wrapper.find('[data-test="retention-floor"]').text()).toContain('180')
    expect(wrapper.text()).toContain('暂无保留规则')
    await wrapper.find('[data-test="retention-add"]').trigger('click')
    await flushPromises()
    const days = document.querySelector<HTMLInputElement>('[data-test="retention-days"] input')!
    days.value = '30'
    days.dispatchEvent(new Event('input'))
    days.dispatchEvent(new Event('change'))
    await flushPromises()
    document.querySelector<HTMLButtonElement>('[data-test="retention-save"]')!.click()
    await flushPromises()
    expect(calls.find((c: Call) => c.method === 'PUT')?.body).toMatchObject({ corp_id: 'ww1', days: 30 })
    await vi.waitFor(() => expect(document.querySelector('[data-test="retention-error"]')?.textContent).toContain('至少 180 天'), { timeout: 30_000 })
    wrapper.unmount()
  })

  it('says plainly when the server has no dry-run preview', async () => {
    const { wrapper } = await mountAt('retention', { '/api/v1/retention': { body: { data: { items: [], floor_days: 365 } } } })
    expect(wrapper.find('[data-test="retention-floor"]').text()).toContain('365')
    await wrapper.find('[data-test="retention-preview"]').trigger('click')
    await flushPromises()
    expect(document.querySelector('[data-test="preview-unavailable"]')?.textContent).toContain('未删除任何内容')
    wrapper.unmount()
  })

  it('deletes a corp only once its name is typed, and shows why the server refuses', async () => {
    let refuse = true
    const { wrapper, calls } = await mountAt('corps', {
      '/api/v1/corps': { body: { data: [corp(1), corp(2)] } },
      'DELETE /api/v1/corps/c2': () => (refuse
        ? { status: 409, body: { error: { code: 'corp_has_data', message: 'has data', details: { messages: 12, employees: 3, contacts: 0, legal_holds: 1 } } } }
        : { body: { data: { deleted: 'c2' } } }),
    })
    // A corp from the config file is removed there, not here.
    expect(wrapper.find('[data-test="corp-delete-c1"]').attributes('disabled')).toBeDefined()
    await wrapper.find('[data-test="corp-delete-c2"]').trigger('click')
    await flushPromises()
    const confirm = () => document.querySelector<HTMLButtonElement>('[data-test="corp-delete-confirm"]')!
    expect(confirm().disabled).toBe(true)
    const name = input('corp-delete-name')
    name.value = 'c2' // the key is not the name
    name.dispatchEvent(new Event('input'))
    await flushPromises()
    expect(confirm().disabled).toBe(true)
    name.value = '企业2'
    name.dispatchEvent(new Event('input'))
    await flushPromises()
    expect(confirm().disabled).toBe(false)
    confirm().click()
    await vi.waitFor(() => expect(document.querySelector('[data-test="corp-delete-refused"]')?.textContent)
      .toContain('该企业仍有 12 条消息、3 名员工、0 位客户、1 项生效的法律保全，不能删除'))
    const del = calls.find((c: Call) => c.method === 'DELETE')!
    expect(del.body).toEqual({ confirm: '企业2' })
    refuse = false
    confirm().click()
    await vi.waitFor(() => expect(calls.filter((c: Call) => c.method === 'DELETE')).toHaveLength(2))
    await flushPromises()
    expect(calls.filter((c: Call) => c.method === 'GET' && c.url.includes('/api/v1/corps')).length).toBeGreaterThanOrEqual(2)
    wrapper.unmount()
  })
})
