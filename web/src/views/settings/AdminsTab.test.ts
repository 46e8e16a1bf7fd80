import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AdminsTab from './AdminsTab.vue'
import { adminSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { useAuthStore } from '@/stores/auth'

const session = { ...adminSession, permissions: [...adminSession.permissions, 'admins:write'] }
const carol = { id: 7, username: 'carol', display_name: 'Carol', kind: 'local', roles: [{ role: 'reviewer', corp_id: '', departments: [] }] }
const link = { url: 'https://portal.example/enrol#tok', token: 'tok', expires_at: Date.UTC(2026, 11, 10) }

vi.setConfig({ testTimeout: 30_000 })

async function mountTab(routes: Parameters<typeof mockFetch>[0]) {
  const mocked = mockFetch({ '/api/v1/admins': { body: { data: { items: [carol] } } }, ...routes })
  const m = await mountWithApp(AdminsTab, { path: '/settings', attachTo: document.body })
  useAuthStore(m.pinia).session = session
  await flushPromises()
  return { ...m, ...mocked }
}

describe('AdminsTab', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('creates a local admin without a password field and shows the one-time link to copy', async () => {
    const { wrapper, calls } = await mountTab({
      'POST /api/v1/admins': { status: 201, body: { data: { admin: carol, totp_secret: '', enrolment: link } } },
    })
    await wrapper.find('.toolbar button').trigger('click')
    await flushPromises()
    expect(document.querySelector('.el-dialog input[type="password"]')).toBeNull()
    const username = document.querySelector<HTMLInputElement>('.el-dialog input')!
    username.value = 'carol'
    username.dispatchEvent(new Event('input'))
    await flushPromises()
    const save = [...document.querySelectorAll<HTMLButtonElement>('.el-dialog__footer button')].at(-1)!
    save.click()
    await flushPromises()
    const body = calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>
    expect(body.username).toBe('carol')
    expect('password' in body).toBe(false)
    expect(document.querySelector('[data-test="enrol-link"]')?.textContent).toBe(link.url)
    const write = vi.fn(async () => {})
    vi.stubGlobal('navigator', { clipboard: { writeText: write } })
    document.querySelector<HTMLButtonElement>('[data-test="copy-link"]')!.click()
    await flushPromises()
    expect(write).toHaveBeenCalledWith(link.url)
  })
})
