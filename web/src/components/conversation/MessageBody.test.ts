// One case per renderer family: the right component, the fields people read,
// and media that is blocked, flagged or playable.
import { describe, expect, test } from 'vitest'
import { mountWithApp } from '@/test/mount'
import MessageBody from './MessageBody.vue'
import { familyOf, mediaStatus, nestedItems } from './msgtypes'
import type { MediaRef, ThreadMessage } from '@/types/conversations'

const media = (o: Partial<MediaRef>): MediaRef => ({ id: 7, msgid: 'm', kind: 'file', filename: '', state: 'converted', scan_result: 'clean', ...o })
const msg = (o: Partial<ThreadMessage>): ThreadMessage => ({ msgid: 'm1', msgtime: 1_795_400_000_000, msgtype: 'text', from: 'zhang.san', media: [], ...o })

async function render(m: ThreadMessage) {
  const { wrapper } = await mountWithApp(MessageBody, { props: { m } })
  return wrapper
}

describe('message renderers', () => {
  test('text keeps the words as text, never HTML', async () => {
    const w = await render(msg({ meta: { content: '王医生<b>您好</b>' } }))
    expect(w.find('[data-test="body-text"]').text()).toBe('王医生<b>您好</b>')
    expect(w.find('b').exists()).toBe(false)
  })

  test('image shows the thumbnail and previews the original', async () => {
    const w = await render(msg({ msgtype: 'image', media: [media({ kind: 'image', thumbnail: true })] }))
    expect(w.find('[data-test="body-image"]').exists()).toBe(true)
    const img = w.findComponent({ name: 'ElImage' })
    expect(img.props('src')).toBe('/api/v1/media/7/thumbnail')
    expect(img.props('previewSrcList')).toEqual(['/api/v1/media/7'])
  })

  test('voice has a player on the playable audio, its length and an unscanned flag', async () => {
    const w = await render(msg({ msgtype: 'voice', meta: { play_length: 4 }, media: [media({ kind: 'voice', playable: true, scan_result: 'unscanned' })] }))
    expect(w.find('audio').attributes('src')).toBe('/api/v1/media/7/playable')
    expect(w.find('[data-test="audio-duration"]').text()).toContain('4')
    expect(w.find('[data-test="scan-unscanned"]').exists()).toBe(true)
  })

  test('a call record shows its metadata and audio', async () => {
    const w = await render(msg({ msgtype: 'meeting_voice_call', msgtime: 1_795_422_556_000,
      meta: { endtime: 1_795_423_156, demofiledata: [{ filename: '病例.pptx', demooperator: 'pengna.yang', starttime: 1_795_422_556 }] },
      media: [media({ kind: 'meeting_voice_call', playable: true })] }))
    expect(w.find('[data-test="call-duration"]').text()).toContain('600')
    expect(w.text()).toContain('病例.pptx')
    expect(w.find('audio').exists()).toBe(true)
  })

  test('video has a poster and a lazy player', async () => {
    const w = await render(msg({ msgtype: 'video', meta: { play_length: 12 }, media: [media({ kind: 'video', thumbnail: true })] }))
    const v = w.find('video')
    expect(v.attributes('poster')).toBe('/api/v1/media/7/thumbnail')
    expect(v.attributes('preload')).toBe('none')
  })

  test('files download when clean, are blocked with a reason when infected', async () => {
    const ok = await render(msg({ msgtype: 'file', media: [media({ filename: '会议议程.docx', size: 2048 })] }))
    expect(ok.text()).toContain('会议议程.docx')
    expect(ok.find('[data-test="file-download"]').attributes('href')).toBe('/api/v1/media/7')
    const bad = await render(msg({ msgtype: 'file', media: [media({ filename: 'x.exe', quarantined: true, scan_result: 'infected' })] }))
    expect(bad.find('[data-test="file-download"]').exists()).toBe(false)
    expect(bad.find('[data-test="file-blocked"]').exists()).toBe(true)
    expect(bad.find('[data-test="scan-blocked"]').exists()).toBe(true)
  })

  test('a file the scanner has not passed is not offered for download and says why', async () => {
    const w = await render(msg({ msgtype: 'file', media: [media({ filename: 'a.pdf', state: 'unscanned', scan_result: 'unscanned', serve: 'scan_wait' })] }))
    expect(w.find('[data-test="file-download"]').exists()).toBe(false)
    expect(w.find('[data-test="file-blocked"]').exists()).toBe(true)
    expect(w.find('[data-test="scan-scanwait"]').text()).toBe('等待病毒扫描')
    expect(w.text()).toContain('病毒扫描尚未通过该文件')
  })

  test('cards show their type\'s fields; only http(s) links are links', async () => {
    const link = await render(msg({ msgtype: 'link', meta: { title: '新版诊疗指南', description: '解读', link_url: 'https://example.org/a' } }))
    expect(link.text()).toContain('新版诊疗指南')
    expect(link.find('a').attributes('href')).toBe('https://example.org/a')
    const js = await render(msg({ msgtype: 'link', meta: { title: 't', link_url: 'javascript:alert(1)' } }))
    expect(js.find('a').exists()).toBe(false)
    const vote = await render(msg({ msgtype: 'vote', meta: { votetitle: '午餐', voteitem: ['面', '饭'] } }))
    expect(vote.findAll('li').map((l) => l.text())).toEqual(['面', '饭'])
  })

  test('a chat record expands into its nested messages', async () => {
    const w = await render(msg({ msgtype: 'chatrecord', meta: { title: '群聊的聊天记录', item: [
      { type: 'ChatRecordText', msgtime: 1_795_417_600, content: '{"content":"张教授您好"}' },
      { type: 'ChatRecordImage', msgtime: 1_795_417_700, content: '{"sdkfileid":"f"}' },
    ] }, media: [media({ kind: 'image', thumbnail: true })] }))
    expect(w.find('.items').exists()).toBe(false)
    await w.find('[data-test="record-toggle"]').trigger('click')
    expect(w.findAll('.items > li')).toHaveLength(2)
    expect(w.text()).toContain('张教授您好')
    expect(w.find('[data-test="body-image"]').exists()).toBe(true)
  })

  test('a recall is a notice that links to the original', async () => {
    const w = await render(msg({ msgtype: 'revoke', recalls: 'm0' }))
    expect(w.find('[data-test="notice-revoke"]').exists()).toBe(true)
  })

  test('unknown types are shown raw', async () => {
    const w = await render(msg({ msgtype: 'hologram', parse_status: 'unknown', raw: { msgtype: 'hologram', beam: 3 } }))
    expect(w.find('[data-test="body-raw"] pre').text()).toContain('"beam": 3')
  })
})

describe('msgtype helpers', () => {
  test('families', () => {
    expect(familyOf({ msgtype: 'emotion' })).toBe('image')
    expect(familyOf({ msgtype: 'voiptext' })).toBe('call')
    expect(familyOf({ msgtype: 'text', parse_status: 'unknown' })).toBe('raw')
    expect(familyOf({ msgtype: '', action: 'switch' })).toBe('notice')
    expect(familyOf({ msgtype: 'sphfeed' })).toBe('card')
  })
  test('media status', () => {
    expect(mediaStatus(media({ state: 'pending', scan_result: '' }))).toBe('pending')
    expect(mediaStatus(media({ quarantined: true }))).toBe('blocked')
    expect(mediaStatus(media({ scan_result: 'unscanned' }))).toBe('unscanned')
    // The server's scan gate wins: a scanner configured and not passed yet, or scanning off and not served.
    expect(mediaStatus(media({ state: 'unscanned', scan_result: 'unscanned', serve: 'scan_wait' }))).toBe('scanwait')
    expect(mediaStatus(media({ state: 'downloaded', scan_result: '', serve: 'scan_wait' }))).toBe('scanwait')
    expect(mediaStatus(media({ state: 'unscanned', scan_result: 'unscanned', serve: 'scan_off' }))).toBe('scanoff')
    expect(mediaStatus(media({ state: 'unscanned', scan_result: 'unscanned', serve: 'unscanned' }))).toBe('unscanned')
    expect(mediaStatus(media({}))).toBe('ok')
  })
  test('nested items take media rows in order per kind', () => {
    const items = nestedItems({ item: [{ type: 'image', content: '{}' }, { type: 'text', content: '{"content":"x"}' }, { type: 'image', content: '{}' }] },
      [media({ id: 1, kind: 'image' }), media({ id: 2, kind: 'image' })])
    expect(items.map((i) => i.media?.id)).toEqual([1, undefined, 2])
  })
})
