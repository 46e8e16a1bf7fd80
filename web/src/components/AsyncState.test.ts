import { describe, expect, it } from 'vitest'
import AsyncState from './AsyncState.vue'
import { ApiError } from '@/api/client'
import { mountWithApp } from '@/test/mount'

describe('AsyncState', () => {
  it.each([
    [{ loading: true }, 'loading'],
    [{ error: new ApiError(500, { code: 'internal', message: 'x' }) }, 'error'],
    [{ error: new ApiError(404, { code: 'not_found', message: 'no such endpoint' }) }, 'unavailable'],
    [{ empty: true, emptyTitle: '空空如也' }, 'empty'],
  ])('shows a designed state for %o', async (props, state) => {
    const { wrapper } = await mountWithApp(AsyncState, { props, slots: { default: '<p data-test="content">ok</p>' } })
    expect(wrapper.find(`[data-test="${state}"]`).exists()).toBe(true)
    expect(wrapper.find('[data-test="content"]').exists()).toBe(false)
  })

  it('shows the translated error and offers a retry', async () => {
    const { wrapper } = await mountWithApp(AsyncState, { props: { error: new ApiError(500, { code: 'internal', message: 'x' }) } })
    expect(wrapper.text()).toContain('服务器内部错误')
    await wrapper.find('button').trigger('click')
    expect(wrapper.emitted('retry')).toHaveLength(1)
  })

  it('shows its content when there is data', async () => {
    const { wrapper } = await mountWithApp(AsyncState, { slots: { default: '<p data-test="content">ok</p>' } })
    expect(wrapper.find('[data-test="content"]').exists()).toBe(true)
  })
})
