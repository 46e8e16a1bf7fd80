import { afterEach, describe, expect, test, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import ExportDialog from './ExportDialog.vue'
import { emptyFilters } from '@/stores/reviewSearch'
import { i18n } from '@/locales'
import { mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'

describe('export dialog', () => {
  afterEach(() => { vi.unstubAllGlobals(); i18n.global.locale.value = 'zh-CN' })

  test.each([['zh-CN', 'zh-CN'], ['en', 'en']] as const)('in the %s UI asks for a %s file with the search that produced it', async (ui, lang) => {
    i18n.global.locale.value = ui
    const { calls } = mockFetch({ 'POST /api/v1/exports': { status: 202, body: { data: { id: 5, state: 'queued' } } } })
    const { wrapper } = await mountWithApp(ExportDialog, {
      props: { modelValue: false, corp: 'wwc', search: { ...emptyFilters(), q: '皮疹', msgtype: ['voice'] } }, attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true }) // opening picks "this search" when no conversation is open
    await flushPromises()
    const reason = document.querySelector('input[data-test="export-reason"]') as HTMLInputElement
    reason.value = '药物警戒调查'
    reason.dispatchEvent(new Event('input'))
    await flushPromises()
    ;(document.querySelector('[data-test="export-go"]') as HTMLButtonElement).click()
    await flushPromises()
    const post = calls.find((c) => c.method === 'POST')
    expect(post?.body).toMatchObject({ corp: 'wwc', q: '皮疹', filter: { msgtype: 'voice' }, lang })
    wrapper.unmount()
  })
})
