// The windowed list: arithmetic, and a 50,000-message thread keeping only
// a screenful in the DOM.
import { describe, expect, test } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import VirtualList from './VirtualList.vue'
import { indexAt, offsetsOf, windowOf } from './virtual'

describe('virtual list arithmetic', () => {
  test('offsets use measured heights and the estimate elsewhere', () => {
    const o = offsetsOf(['a', 'b', 'c'], new Map([['b', 200]]), 50)
    expect([...o]).toEqual([0, 50, 250, 300])
    expect(indexAt(o, 0)).toBe(0)
    expect(indexAt(o, 249)).toBe(1)
    expect(indexAt(o, 250)).toBe(2)
    expect(indexAt(o, 10_000)).toBe(2)
  })
  test('window with overscan stays inside the list', () => {
    const o = offsetsOf(Array.from({ length: 100 }, (_, i) => String(i)), new Map(), 10)
    expect(windowOf(o, 0, 50, 2)).toEqual([0, 8])
    expect(windowOf(o, 500, 50, 2)).toEqual([48, 58])
    expect(windowOf(o, 990, 50, 2)).toEqual([97, 100])
    expect(windowOf(offsetsOf([], new Map(), 10), 0, 50, 2)).toEqual([0, 0])
  })
})

describe('VirtualList', () => {
  const items = Array.from({ length: 50_000 }, (_, i) => ({ id: `m${i}`, text: `消息 ${i}` }))
  const mountList = () => mount(VirtualList, {
    props: { items, itemKey: (x: unknown) => (x as { id: string }).id, estimate: 80, overscan: 5 },
    slots: { default: `<template #default="{ item }"><p class="row">{{ item.text }}</p></template>` },
  })

  test('renders a window of a 50,000-item list, not the list', async () => {
    const w = mountList()
    const rows = w.findAll('.row')
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBeLessThan(30)
    expect(w.find('.vlist-inner').attributes('style')).toContain(`height: ${50_000 * 80}px`)
  })

  test('scrolling and scrollToKey move the window; edges ask for pages', async () => {
    const w = mountList()
    const el = w.find('[data-test="vlist"]').element as HTMLElement
    el.scrollTop = 80 * 25_000
    await w.find('[data-test="vlist"]').trigger('scroll')
    await nextTick()
    expect(w.text()).toContain('消息 25000')
    expect(w.text()).not.toContain('消息 0')
    ;(w.vm as unknown as { scrollToKey: (k: string) => boolean }).scrollToKey('m49999')
    await nextTick()
    expect(w.text()).toContain('消息 49999')
    await w.find('[data-test="vlist"]').trigger('scroll')
    expect(w.emitted('bottom')).toBeTruthy()
    el.scrollTop = 0
    await w.find('[data-test="vlist"]').trigger('scroll')
    expect(w.emitted('top')).toBeTruthy()
  })
})
