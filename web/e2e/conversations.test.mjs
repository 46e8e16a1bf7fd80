// End-to-end: the conversation review workspace against the real demo
// (its archive holds every msgtype, in Chinese). Search a two-character
// Chinese term, open a hit in context, play a voice message, read chat
// records and files, export the conversation and download it, then find
// every one of those reads in the audit trail. Screenshots 20-29.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { apiGet, openFromMenu, shot, signIn, startBrowser, waitForArchive } from './harness.mjs'

let s
let page
const TERM = process.env.E2E_SEARCH_TERM ?? '医生'

before(async () => {
  s = await startBrowser()
  page = s.page
  await signIn(s)
  await waitForArchive(s)
})

after(async () => {
  await s?.close()
})

const api = (path) => apiGet(s, path)

async function corpId() {
  const r = await api('/corps')
  assert.equal(r.status, 200)
  return r.body.data[0].corp_id
}

/** A conversation whose newest message has this msgtype (pages the conversation list). */
async function conversationEndingWith(corp, msgtype) {
  let cursor = ''
  for (let i = 0; i < 20; i++) {
    const r = await api(`/conversations?corp=${corp}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    const hit = r.body.data.items.find((c) => c.last_message?.msgtype === msgtype)
    if (hit) return hit.conversation_id
    cursor = r.body.data.next_cursor
    if (!cursor) break
  }
  return ''
}

/** A conversation with a voice message the media pipeline has already made playable (it runs as the demo starts). */
async function playableVoiceConversation(corp) {
  const deadline = Date.now() + 300_000
  while (Date.now() < deadline) {
    const r = await api(`/conversations?corp=${corp}&limit=200`)
    for (const c of r.body.data.items.filter((x) => x.last_message?.msgtype === 'voice')) {
      const t = await api(`/conversations/${encodeURIComponent(c.conversation_id)}/messages?corp=${corp}&limit=20`)
      if (t.body?.data?.items?.some((m) => m.msgtype === 'voice' && m.media?.[0]?.playable)) return c.conversation_id
    }
    await page.waitForTimeout(3_000)
  }
  return ''
}

async function openLinked(conversationId) {
  await page.goto(`${s.base}/conversations?c=${encodeURIComponent(conversationId)}`)
  await page.waitForSelector('.workspace [data-test="message"]', { timeout: 60_000 })
}

describe('conversations', () => {
  test('searches a two-character Chinese term and shows highlighted hits with a total', async () => {
    await openFromMenu(s, 'conversations', '.workspace')
    await page.waitForSelector('[data-test="conversation"]', { timeout: 60_000 })
    await page.fill('[data-test="search-q"]', TERM)
    await page.click('[data-test="search-go"]')
    await page.waitForSelector('[data-test="search-hit"]', { timeout: 60_000 })
    const marks = await page.$$eval('[data-test="search-hit"] mark', (ms) => ms.map((m) => m.textContent))
    assert.ok(marks.length > 0, 'no highlighted hit')
    assert.ok(marks.every((m) => m === TERM), `highlights ${marks}`)
    const total = await page.textContent('[data-test="search-total"]')
    assert.match(total ?? '', /\d/)
    // Only <mark> is markup: no other element inside a snippet.
    const others = await page.$$eval('[data-test="search-hit"] .snippet *', (es) => es.filter((e) => e.tagName !== 'MARK').length)
    assert.equal(others, 0)
    await shot(s, '20-conversations-search')
  })

  test('opens a hit in its conversation, scrolled to and highlighted', async () => {
    const first = page.locator('[data-test="search-hit"]').first()
    await first.click()
    const hl = page.locator('[data-test="message"].hl')
    await hl.waitFor({ timeout: 60_000 })
    assert.ok((await hl.textContent()).includes(TERM), 'the highlighted message holds the term')
    assert.ok(await hl.isVisible())
    const title = await page.textContent('[data-test="thread-title"]')
    assert.ok(title && title.trim().length > 0)
    await shot(s, '21-thread-in-context')
  })

  test('plays a voice message', { timeout: 420_000 }, async () => {
    const corp = await corpId()
    const conv = await playableVoiceConversation(corp)
    assert.ok(conv, 'the demo has a conversation with a playable voice message')
    await openLinked(conv)
    const audio = page.locator('[data-test="audio-player"]').last()
    await audio.waitFor({ timeout: 60_000 })
    await audio.scrollIntoViewIfNeeded()
    const state = await audio.evaluate(async (a) => {
      a.muted = true
      await a.play().catch(() => {})
      const t0 = Date.now()
      while (Date.now() - t0 < 60_000 && !(a.readyState >= 2 && a.duration > 0) && !a.error) await new Promise((r) => setTimeout(r, 100))
      return { readyState: a.readyState, duration: a.duration, error: a.error?.code ?? null, src: a.currentSrc }
    })
    assert.equal(state.error, null, `audio error ${JSON.stringify(state)}`)
    assert.ok(state.readyState >= 2, `readyState ${state.readyState}`)
    assert.ok(state.duration > 0, `duration ${state.duration}`)
    assert.match(state.src, /\/api\/v1\/media\/\d+\/playable$/)
    await shot(s, '22-voice')
  })

  test('shows chat records expandable and files with their scan state', async () => {
    const corp = await corpId()
    const rec = await conversationEndingWith(corp, 'chatrecord')
    if (rec) {
      await openLinked(rec)
      const toggle = page.locator('[data-test="record-toggle"]').last()
      await toggle.click()
      await page.waitForSelector('[data-test="body-chatrecord"] .items li')
      await shot(s, '23-chatrecord')
    }
    const file = await conversationEndingWith(corp, 'file')
    if (file) {
      await openLinked(file)
      await page.waitForSelector('[data-test="body-file"] [data-test^="scan-"]')
      await shot(s, '24-file')
    }
    const call = await conversationEndingWith(corp, 'meeting_voice_call')
    if (call) {
      await openLinked(call)
      await page.waitForSelector('[data-test="body-call"]')
      await shot(s, '25-call')
    }
  })

  test('exports the open conversation and downloads the file', async () => {
    await page.click('[data-test="export-open"]')
    await page.waitForSelector('[data-test="export-dialog"]')
    await page.fill('[data-test="export-reason"]', 'e2e: compliance review sample')
    await page.click('[data-test="export-go"]')
    await page.waitForSelector('[data-test="export-status"]')
    await page.waitForSelector('[data-test="export-download"]', { timeout: 180_000 })
    await shot(s, '26-export-ready')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test="export-download"]')])
    const file = join(tmpdir(), `wecomadmin-e2e-${Date.now()}-${download.suggestedFilename()}`)
    await download.saveAs(file)
    assert.ok(statSync(file).size > 0, 'the export file is empty')
    assert.match(download.suggestedFilename(), /export-\d+/)
  })

  test('finds the search, the opened conversations, the media reads and the export in the audit trail', async () => {
    await page.keyboard.press('Escape')
    await openFromMenu(s, 'audit', '.page .el-card')
    // The action picker filters its catalog by code or label; rows show the label with the code as its title.
    const picker = page.locator('[data-test="audit-action"]')
    for (const a of ['messages.search', 'conversation.open', 'media.play', 'export.request', 'export.download']) {
      await picker.click()
      await page.keyboard.type(a)
      await page.locator('.el-select-dropdown__item:visible', { hasText: a }).first().click()
      await page.click('.toolbar .el-button--primary')
      await page.waitForFunction((x) => [...document.querySelectorAll('.el-table__body td span[title]')].some((el) => el.getAttribute('title') === x),
        a, { timeout: 60_000 })
      if (a === 'messages.search') await shot(s, '27-audit-search')
    }
    await picker.hover()
    await picker.locator('.el-select__clear, .el-input__clear').first().click().catch(() => {})
    await page.locator('.toolbar input').nth(0).fill('admin')
    await page.click('.toolbar .el-button--primary')
    await page.waitForLoadState('networkidle')
    await shot(s, '28-audit-review-trail')
    assert.deepEqual(s.pageErrors, [])
  })
})
