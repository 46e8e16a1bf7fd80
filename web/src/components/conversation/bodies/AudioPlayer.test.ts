// A transcribed voice message shows its transcript under the player without
// a click; one not yet transcribed offers the button.
import { afterEach, describe, expect, test, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { mountWithApp } from '@/test/mount'
import { conversationsApi } from '@/api/conversations'
import AudioPlayer from './AudioPlayer.vue'
import type { MediaRef } from '@/types/conversations'

const voice = (o: Partial<MediaRef>): MediaRef => ({ id: 41, msgid: 'v1', kind: 'voice', filename: '', state: 'converted', scan_result: 'unscanned', playable: true, ...o })

afterEach(() => vi.restoreAllMocks())

describe('voice transcript', () => {
  test('a transcribed voice shows its words under the player at once', async () => {
    const get = vi.spyOn(conversationsApi, 'transcript').mockResolvedValue({ text: '样品周五前到科室，是冷链运输。', engine: 'azure', language: 'zh-CN', confidence: 0.91 })
    const { wrapper } = await mountWithApp(AudioPlayer, { props: { r: voice({ id: 42, state: 'transcribed' }) } })
    await flushPromises()
    expect(get).toHaveBeenCalledWith(42)
    expect(wrapper.find('[data-test="transcript-text"]').text()).toBe('样品周五前到科室，是冷链运输。')
    expect(wrapper.find('[data-test="transcript"]').text()).toContain('91')
  })

  test('the player fetches nothing until it is played (a thread opened is not a play)', async () => {
    vi.spyOn(conversationsApi, 'transcript')
    const { wrapper } = await mountWithApp(AudioPlayer, { props: { r: voice({ id: 44 }) } })
    expect(wrapper.find('[data-test="audio-player"]').attributes('preload')).toBe('none')
  })

  test('a voice not transcribed yet waits for a click', async () => {
    const get = vi.spyOn(conversationsApi, 'transcript')
    const { wrapper } = await mountWithApp(AudioPlayer, { props: { r: voice({ id: 43 }) } })
    await flushPromises()
    expect(get).not.toHaveBeenCalled()
    expect(wrapper.find('[data-test="transcript"]').exists()).toBe(false)
    expect(wrapper.find('button').exists()).toBe(true)
  })
})
