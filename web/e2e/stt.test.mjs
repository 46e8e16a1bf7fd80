// End-to-end: voice transcripts in the review workspace. The demo's Azure
// speech engine (pointed at the simulator's Azure endpoint) transcribes the
// generated voice messages; a word said only in them is searched, the hit
// shows the transcript's words marked, and opening it shows the transcript
// under the voice player. Screenshots 65-69.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiGet, openFromMenu, shot, signIn, startBrowser } from './harness.mjs'

let s
let page
// Said in the generated voice scripts, written in no text message.
const TERMS = ['依从性', '冷链', '胰岛素笔']
let term = ''

before(async () => {
  s = await startBrowser()
  page = s.page
  await signIn(s)
})

after(async () => {
  await s?.close()
})

const api = (path) => apiGet(s, path)

/** A transcript-only word that already finds a voice or call (the pipeline runs as the demo starts). */
async function transcribedTerm() {
  const deadline = Date.now() + 240_000
  while (Date.now() < deadline) {
    for (const t of TERMS) {
      const r = await api(`/messages/search?q=${encodeURIComponent(t)}&limit=5`)
      const items = r.body?.data?.items ?? []
      if (items.length) {
        assert.ok(items.every((h) => h.msgtype === 'voice' || h.msgtype === 'meeting_voice_call'), `${t} found outside transcripts`)
        return t
      }
    }
    await page.waitForTimeout(3_000)
  }
  return ''
}

describe('voice transcripts', () => {
  test('a word said only in a voice message finds it, the transcript marked', { timeout: 300_000 }, async () => {
    term = await transcribedTerm()
    assert.ok(term, 'a generated voice message was transcribed and indexed')
    await openFromMenu(s, 'conversations', '.workspace')
    await page.fill('[data-test="search-q"]', term)
    await page.click('[data-test="search-go"]')
    await page.waitForSelector('[data-test="search-hit"]', { timeout: 15_000 })
    const marks = await page.$$eval('[data-test="search-hit"] mark', (ms) => ms.map((m) => m.textContent))
    assert.ok(marks.length > 0 && marks.every((m) => m === term), `highlights ${marks}`)
    await shot(s, '65-stt-search-transcript')
  })

  test('the hit opens with its transcript under the voice player', async () => {
    assert.ok(term)
    await page.locator('[data-test="search-hit"]').first().click()
    const hl = page.locator('[data-test="message"].hl')
    await hl.waitFor({ timeout: 15_000 })
    const text = hl.locator('[data-test="transcript-text"]')
    await text.waitFor({ timeout: 15_000 })
    assert.ok((await text.textContent()).includes(term), 'the transcript holds the word')
    assert.ok(await hl.locator('[data-test="audio-player"]').count() === 1, 'the player is there')
    await hl.scrollIntoViewIfNeeded()
    await shot(s, '66-stt-thread-transcript')
  })
})
