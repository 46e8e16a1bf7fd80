import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import CorpArchiveDialog from './CorpArchiveDialog.vue'
import { adminSession, auditorSession, mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'
import { useAuthStore } from '@/stores/auth'

const fp = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90'
const view = (over: Record<string, unknown> = {}) => ({
  corp_id: 'ww2', key: 'c2', managed_by: 'ui', source: 'sim', url: 'http://127.0.0.1:9001', secret: 'set',
  keys: [{ version: 1, fingerprint: fp, added_at: Date.UTC(2026, 10, 1, 8, 0) }], updated_at: 1, ...over,
})
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'

function el(id: string): HTMLElement {
  return document.querySelector<HTMLElement>(`[data-test="${id}"]`)!
}
function field(id: string): HTMLInputElement | HTMLTextAreaElement {
  const e = el(id)
  return (e.tagName === 'INPUT' || e.tagName === 'TEXTAREA' ? e : e.querySelector('input, textarea')) as HTMLInputElement
}

async function mountDialog(routes: Parameters<typeof mockFetch>[0], session = adminSession) {
  const mocked = mockFetch(routes)
  const m = await mountWithApp(CorpArchiveDialog, { props: { open: true, corp: 'c2', name: '企业2' }, attachTo: document.body })
  useAuthStore(m.pinia).session = session
  await flushPromises()
  return { ...m, ...mocked }
}

vi.setConfig({ testTimeout: 60_000 })

describe('Settings → corps → archive', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lists keys by version with fingerprint and date, never a key, and leaves the secret field empty', async () => {
    const { wrapper } = await mountDialog({ '/api/v1/corps/c2/archive': { body: { data: view() } } })
    const table = el('archive-keys').textContent ?? ''
    expect(table).toContain('v1')
    expect(el('archive-key-fp-1').textContent).toBe('a1b2c3d4…6d7e8f90')
    expect(table).toContain('2026')
    expect(el('archive-secret-state').textContent).toContain('已设置')
    expect(field('archive-secret').value).toBe('')
    expect((field('archive-secret') as HTMLInputElement).placeholder).toContain('留空则保留')
    expect(field('archive-url').value).toBe('http://127.0.0.1:9001')
    wrapper.unmount()
  })

  it('adds a key for the next version and reloads the table; a refused key shows the server\'s reason', async () => {
    let added = false
    const { wrapper, calls } = await mountDialog({
      '/api/v1/corps/c2/archive': () => ({ body: { data: view(added ? { keys: [...view().keys, { version: 2, fingerprint: 'ff', added_at: 9 }] } : {}) } }),
      'POST /api/v1/corps/c2/archive/keys': (c) => {
        if (!String((c.body as { private_key: string }).private_key).includes('MIIE')) {
          return { status: 400, body: { error: { code: 'bad_archive_key', message: 'private_key is not an RSA private key (PKCS#1 or PKCS#8)' } } }
        }
        added = true
        return { status: 201, body: { data: { version: 2, fingerprint: 'ff', added_at: 9 } } }
      },
    })
    el('archive-key-add').click()
    await flushPromises()
    expect(field('archive-key-version').value).toBe('2')
    const pem = field('archive-key-pem')
    pem.value = '-----BEGIN RSA PRIVATE KEY-----\nnope\n-----END RSA PRIVATE KEY-----'
    pem.dispatchEvent(new Event('input'))
    el('archive-key-save').click()
    await flushPromises()
    expect(el('archive-key-error').textContent).toContain('PKCS#1')
    pem.value = PEM
    pem.dispatchEvent(new Event('input'))
    el('archive-key-save').click()
    await flushPromises()
    const post = calls.filter((c) => c.method === 'POST')
    expect(post.at(-1)!.body).toEqual({ version: 2, private_key: PEM + '\n' })
    expect(el('archive-keys').textContent).toContain('v2')
    wrapper.unmount()
  })

  it('refuses a version already held before asking the server', async () => {
    const { wrapper, calls } = await mountDialog({ '/api/v1/corps/c2/archive': { body: { data: view() } } })
    el('archive-key-add').click()
    await flushPromises()
    const v = field('archive-key-version')
    v.value = '1'
    v.dispatchEvent(new Event('input'))
    v.dispatchEvent(new Event('change'))
    const pem = field('archive-key-pem')
    pem.value = PEM
    pem.dispatchEvent(new Event('input'))
    el('archive-key-save').click()
    await flushPromises()
    expect(el('archive-key-error').textContent).toContain('版本 1 已有私钥')
    expect(calls.some((c) => c.method === 'POST')).toBe(false)
    wrapper.unmount()
  })

  it('saves source and secret, sending the secret only when typed', async () => {
    const { wrapper, calls } = await mountDialog({
      '/api/v1/corps/c2/archive': { body: { data: view({ source: '', url: '', secret: 'unset' }) } },
      'PUT /api/v1/corps/c2/archive': (c) => ({ body: { data: view({ ...(c.body as object), secret: 'set' }) } }),
    })
    el('archive-source').querySelectorAll('input')[1].click() // Finance SDK
    await flushPromises()
    const s = field('archive-secret')
    s.value = 'typed-secret'
    s.dispatchEvent(new Event('input'))
    el('archive-save').click()
    await flushPromises()
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ source: 'sdk', url: '', secret: 'typed-secret' })
    expect(field('archive-secret').value).toBe('')
    expect(el('archive-secret-state').textContent).toContain('已设置')
    wrapper.unmount()
  })

  it('shows a config-file corp read-only', async () => {
    const { wrapper } = await mountDialog({ '/api/v1/corps/c2/archive': { body: { data: view({ managed_by: 'config', keys: [{ version: 1, fingerprint: fp, added_at: 0 }] }) } } }, auditorSession)
    expect(el('archive-config-note')).toBeTruthy()
    expect(document.querySelector('[data-test="archive-save"]')).toBeNull()
    expect(document.querySelector('[data-test="archive-key-add"]')).toBeNull()
    expect(el('archive-keys').textContent).toContain('配置文件')
    wrapper.unmount()
  })
})
