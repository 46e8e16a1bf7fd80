import { afterEach, describe, expect, test, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises } from '@vue/test-utils'
import NamePicker from './NamePicker.vue'
import { CORP_KEY } from '@/stores/corp'
import { mockFetch } from '@/test/fetch'
import { mountWithApp } from '@/test/mount'

describe('name picker', () => {
  afterEach(() => { vi.unstubAllGlobals(); localStorage.clear() })

  test('suggests by Chinese name from the server and picks the id', async () => {
    localStorage.setItem(CORP_KEY, 'wwc')
    const { calls } = mockFetch({
      '/api/v1/review/names': { body: { data: { items: [
        { kind: 'employee', id: 'zhangsan', name: '张三', detail: '总部/医学部' },
        { kind: 'employee', id: 'zhangwei', name: '张伟', detail: '总部/销售部' },
      ] } } },
    })
    const picked = ref('')
    const Host = defineComponent({ setup: () => () => h(NamePicker, { kind: 'employee', modelValue: picked.value,
      'onUpdate:modelValue': (v: string | string[]) => { picked.value = v as string } }) })
    const { wrapper } = await mountWithApp(Host, { attachTo: document.body })
    const select = wrapper.findComponent({ name: 'ElSelect' })
    await (select.props('remoteMethod') as (q: string) => Promise<void>)('张')
    await flushPromises()
    const q = new URL(calls[0].url, 'http://x').searchParams
    expect(Object.fromEntries(q)).toMatchObject({ corp: 'wwc', kind: 'employee', q: '张' })
    const opts = wrapper.findAllComponents({ name: 'ElOption' })
    expect(opts.map((o) => o.props('label'))).toEqual(['张三 (zhangsan)', '张伟 (zhangwei)'])
    select.vm.$emit('update:modelValue', 'zhangsan')
    await flushPromises()
    expect(picked.value).toBe('zhangsan')
    // The suggestions change; the picked id keeps its name.
    await (select.props('remoteMethod') as (q: string) => Promise<void>)('')
    await flushPromises()
    expect(wrapper.findAllComponents({ name: 'ElOption' }).map((o) => o.props('label'))).toEqual(['张三 (zhangsan)'])
    wrapper.unmount()
  })
})
