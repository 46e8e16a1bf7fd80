import { describe, expect, it } from 'vitest'
import { corpForm, corpInput, corpsFull, holdForm, holdInput, retentionProblem, splitIds, tokenState } from './forms'
import type { CorpView } from '@/types/admin'

const stored: CorpView = {
  corp_id: 'wwsim', key: 'main', name: '总部', base_url: 'http://127.0.0.1:9001', agent_id: 1000002,
  secrets: { contacts: 'set', app: 'set', archive: 'unset', customer_contact: 'unset' }, callback: 'set', archive_keys: [1, 2],
}

describe('corp form: secrets are write-only', () => {
  it('never prefills a secret, whatever the server says is stored', () => {
    const f = corpForm(stored)
    expect(f.secrets).toEqual({ contacts: '', app: '', archive: '', customer_contact: '' })
    expect([f.callback_token, f.callback_aes_key, f.archive_private_key]).toEqual(['', '', ''])
    expect(f).toMatchObject({ corp_id: 'wwsim', key: 'main', name: '总部', agent_id: 1000002 })
  })

  it('sends only the secrets typed in, so blank fields keep the stored values', () => {
    const f = corpForm(stored)
    expect(corpInput(f)).toEqual({ corp_id: 'wwsim', key: 'main', name: '总部', base_url: 'http://127.0.0.1:9001', agent_id: 1000002 })
    f.secrets.archive = ' s3cret '
    f.callback_token = 'tok' // half a callback pair is not sent
    f.archive_key_version = 3
    f.archive_private_key = '-----BEGIN PRIVATE KEY-----'
    const body = corpInput(f)
    expect(body.secrets).toEqual({ archive: 's3cret' })
    expect(body.callback).toBeUndefined()
    expect(body.archive_keys).toEqual([{ version: 3, private_key: '-----BEGIN PRIVATE KEY-----' }])
  })

  it('starts a new corp with the WeCom base URL', () => {
    expect(corpForm().base_url).toBe('https://qyapi.weixin.qq.com')
  })

  it('knows when the 5 corps are used', () => {
    expect(corpsFull([1, 2, 3, 4])).toBe(false)
    expect(corpsFull([1, 2, 3, 4, 5])).toBe(true)
  })
})

describe('retention floor', () => {
  it.each([
    [undefined, 'admin.retention.daysRequired'],
    [0, 'admin.retention.daysRequired'],
    [30, 'admin.retention.belowFloor'],
    [179, 'admin.retention.belowFloor'],
    [180, null],
    [3650, null],
  ])('%s days → %s', (days, want) => {
    expect(retentionProblem(days, 180)).toBe(want)
  })
})

describe('legal hold form', () => {
  it('splits custodians on Chinese and Latin separators and keeps an open range as 0', () => {
    expect(splitIds('zhangsan, lisi，wangwu；zhao\nqian、sun')).toEqual(['zhangsan', 'lisi', 'wangwu', 'zhao', 'qian', 'sun'])
    const f = holdForm()
    f.matter = ' 合同纠纷 2026-17 '
    f.custodians = 'zhangsan lisi'
    expect(holdInput('ww1', f)).toEqual({ corp_id: 'ww1', matter: '合同纠纷 2026-17', employees: ['zhangsan', 'lisi'], contacts: [], rooms: [], from: 0, to: 0 })
  })

  it('round-trips a stored hold', () => {
    const f = holdForm({ id: 1, corp_id: 'ww1', matter: 'M', employees: ['a'], contacts: ['wm1'], rooms: [], from: 1000, to: 2000, state: 'active' })
    expect(f.custodians).toBe('a')
    expect(holdInput('ww1', f)).toMatchObject({ from: 1000, to: 2000, contacts: ['wm1'] })
  })
})

describe('token state', () => {
  it('reads revoked, expired and active', () => {
    expect(tokenState({ revoked_at: 5 })).toBe('revoked')
    expect(tokenState({ expires_at: 10 }, 20)).toBe('expired')
    expect(tokenState({ expires_at: 0 }, 20)).toBe('active')
  })
})
