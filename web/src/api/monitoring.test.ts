import { afterEach, describe, expect, it, vi } from 'vitest'
import { alertQuery, alertsApi, documentType, docText, monitoringApi } from './monitoring'
import { mockFetch } from '@/test/fetch'

const params = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams)

describe('monitoring api', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('sends only the queue filters that are set', async () => {
    const { calls } = mockFetch({ '/api/v1/alerts': { body: { data: { items: [], next_cursor: '' } } } })
    await alertsApi.list({ corp: 'wwc', label: 'ae', state: '', employee: ' zhangwei ', overdue: true, qc: false, limit: 50 })
    expect(params(calls[0].url)).toEqual({ corp: 'wwc', label: 'ae', employee: 'zhangwei', overdue: 'true', limit: '50' })
    expect(alertQuery({ corp: 'c', department: '', product: '安立舒' })).toEqual({ corp: 'c', product: '安立舒' })
  })

  it('posts dispositions, approvals and the bulk false positive with the contract bodies', async () => {
    const { calls } = mockFetch({
      'POST /api/v1/alerts/7/disposition': { body: { data: { id: 7, state: 'in_review' } } },
      'POST /api/v1/alerts/7/approve': { body: { data: { id: 7, state: 'closed' } } },
      'POST /api/v1/alerts/bulk': { body: { data: { updated: 2 } } },
      'POST /api/v1/alerts/7/assign': { body: { data: { id: 7 } } },
    })
    await alertsApi.disposition(7, { disposition: 'ae_reported', case_number: 'PV-1', note: 'sent' })
    await alertsApi.approve(7, 'ok')
    await alertsApi.bulkFalsePositive([1, 2], 'greeting emoji')
    await alertsApi.assign(7, 'reviewer2')
    expect(calls.map((c) => c.body)).toEqual([
      { disposition: 'ae_reported', case_number: 'PV-1', note: 'sent' }, { note: 'ok' },
      { ids: [1, 2], disposition: 'false_positive', note: 'greeting emoji' }, { assignee: 'reviewer2' },
    ])
    expect(calls[0].headers['X-CSRF-Token']).toBeUndefined() // no session wired in this test
  })

  it('puts a catalog as the document itself, typed YAML or JSON', async () => {
    const { calls } = mockFetch({ 'PUT /api/v1/monitoring/products': { body: { data: {} } } })
    await monitoringApi.putProducts('wwc', 'products:\n  - name: 安立舒\n')
    await monitoringApi.putProducts('wwc', ' {"products": []}')
    expect(calls[0].url).toBe('/api/v1/monitoring/products?corp=wwc')
    expect(calls[0].headers['Content-Type']).toBe('application/yaml')
    expect(calls[0].body).toBe('products:\n  - name: 安立舒\n')
    expect(calls[1].headers['Content-Type']).toBe('application/json')
    expect(documentType('- a')).toBe('application/yaml')
  })

  it('reads a document as text whatever the answer shape', () => {
    expect(docText('a: 1')).toBe('a: 1')
    expect(docText({ text: 'b: 2' })).toBe('b: 2')
    expect(docText({ content: 'c: 3' })).toBe('c: 3')
    expect(docText({ products: [] } as never)).toBe('{\n  "products": []\n}')
    expect(docText(undefined)).toBe('')
  })

  it('tests a text against an unsaved policy', async () => {
    const { calls } = mockFetch({ 'POST /api/v1/monitoring/test': { body: { data: { labels: ['bribery'], hits: [], severity: 'medium' } } } })
    const r = await monitoringApi.test('wwc', '[红包]', 'lexicons: {}')
    expect(r.labels).toEqual(['bribery'])
    expect(calls[0].body).toEqual({ corp: 'wwc', text: '[红包]', policy: 'lexicons: {}' })
  })
})
