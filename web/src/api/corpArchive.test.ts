import { afterEach, describe, expect, it, vi } from 'vitest'
import { corpArchiveApi, looksLikePEM, shortFingerprint } from './corpArchive'
import { mockFetch } from '@/test/fetch'

const view = { corp_id: 'ww2', key: 'c2', managed_by: 'ui', source: 'sim', url: 'http://127.0.0.1:9001', secret: 'set', keys: null, updated_at: 1 }

describe('corpArchiveApi', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('reads a corp\'s archive by its key, with an empty key list for null', async () => {
    const { calls } = mockFetch({ '/api/v1/corps/c%202/archive': { body: { data: view } } })
    const v = await corpArchiveApi.get('c 2')
    expect(calls[0].method).toBe('GET')
    expect(v.keys).toEqual([])
  })

  it('sends the secret only when one is typed, and no URL unless the source is the simulator', async () => {
    const { calls } = mockFetch({ 'PUT /api/v1/corps/c2/archive': { body: { data: view } } })
    await corpArchiveApi.save('c2', { source: 'sdk', url: 'http://left.over', secret: '  ' })
    await corpArchiveApi.save('c2', { source: 'sim', url: ' http://127.0.0.1:9001 ', secret: ' s3cret ' })
    expect(calls[0].body).toEqual({ source: 'sdk', url: '' })
    expect(calls[1].body).toEqual({ source: 'sim', url: 'http://127.0.0.1:9001', secret: 's3cret' })
  })

  it('adds a key with its version', async () => {
    const { calls } = mockFetch({ 'POST /api/v1/corps/c2/archive/keys': { status: 201, body: { data: { version: 3, fingerprint: 'ab', added_at: 5 } } } })
    const k = await corpArchiveApi.addKey('c2', { version: 3, private_key: '\n-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n\n' })
    expect(k.version).toBe(3)
    expect(calls[0].body).toEqual({ version: 3, private_key: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n' })
  })

  it('shortens fingerprints and recognises a PEM block', () => {
    expect(shortFingerprint('0123456789abcdef0123456789abcdef')).toBe('01234567…89abcdef')
    expect(shortFingerprint('')).toBe('')
    expect(looksLikePEM('-----BEGIN RSA PRIVATE KEY-----\nMII\n-----END RSA PRIVATE KEY-----')).toBe(true)
    expect(looksLikePEM('ssh-rsa AAAA')).toBe(false)
  })
})
