// A flagged message says so in the thread and links to its alerts.
import { describe, expect, test } from 'vitest'
import { mountWithApp } from '@/test/mount'
import MessageBubble from './MessageBubble.vue'
import type { ThreadMessage } from '@/types/conversations'

const msg = (o: Partial<ThreadMessage>): ThreadMessage => ({ msgid: 'm1', msgtime: 1_795_400_000_000, msgtype: 'text', from: 'wmCustomer',
  meta: { content: '病人吃了以后黑便' }, media: [], ...o })

describe('message bubble', () => {
  test('marks a flagged message with a link to each alert', async () => {
    const { wrapper } = await mountWithApp(MessageBubble, { props: { m: msg({ alerts: [{ id: 42, labels: ['ae', 'pii'] }] }) } })
    const links = wrapper.findAll('[data-test="message-alert-link"]')
    expect(links).toHaveLength(1)
    expect(links[0].attributes('href')).toBe('/monitoring/alerts/42')
    expect(links[0].text()).toContain('不良事件 · 患者隐私')
    expect(wrapper.find('.bubble').classes()).toContain('flagged')
  })

  test('an unflagged message has no mark', async () => {
    const { wrapper } = await mountWithApp(MessageBubble, { props: { m: msg({}) } })
    expect(wrapper.find('[data-test="message-alerts"]').exists()).toBe(false)
    expect(wrapper.find('.bubble').classes()).not.toContain('flagged')
  })
})
