// Journey of a reviewer (the demo's "reviewer" account, zh-CN): search with
// OR, open a hit in its conversation, export the search with its voice
// transcripts and download it. The export file carries the query on its
// cover and the transcript column, so a hit found in a voice message keeps
// its evidence. Screenshots journey-reviewer-*.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { apiGet, openFromMenu, shot, signIn, startBrowser, waitForArchive, PASSWORD, SECRET } from './harness.mjs'

// 不良反应 is in the demo's text messages, 不良事件 in its voice messages' speech.
const QUERY = '不良反应 OR 不良事件'
let s
let page

before(async () => {
  s = await startBrowser()
  page = s.page
  await signIn(s, 'reviewer', PASSWORD, SECRET)
  await waitForArchive(s)
  await waitForVoiceHit()
})

/**
 * Waits until the query hits a voice message: its transcript is searchable
 * once the media pipeline (download, scan, convert, transcribe) has run on it,
 * which it does as the demo starts.
 */
async function waitForVoiceHit(limitMs = 300_000) {
  const deadline = Date.now() + limitMs
  for (;;) {
    const r = await apiGet(s, `/messages/search?q=${encodeURIComponent(QUERY)}&msgtype=voice&limit=1`)
    if (r.status === 200 && r.body?.data?.items?.length) return
    if (Date.now() > deadline) throw new Error(`no voice message matched ${QUERY} in ${limitMs} ms: ${JSON.stringify(r)}`)
    await page.waitForTimeout(3_000)
  }
}

after(async () => {
  assert.deepEqual(s?.pageErrors ?? [], [], 'no uncaught errors in the page')
  await s?.close()
})

/** Parses CSV text (quoted fields with commas, quotes and newlines). */
function parseCSV(text) {
  const rows = []
  let row = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++ } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { row.push(cell); cell = '' } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(cell); rows.push(row); row = []; cell = ''
    } else cell += ch
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row) }
  return rows
}

describe('reviewer journey', () => {
  test('searches with OR and sees hits of either term', async () => {
    await openFromMenu(s, 'conversations', '.workspace')
    await page.fill('[data-test="search-q"]', QUERY)
    await page.click('[data-test="search-go"]')
    await page.waitForSelector('[data-test="search-hit"]', { timeout: 60_000 })
    const marks = await page.$$eval('[data-test="search-hit"] mark', (ms) => ms.map((m) => m.textContent))
    assert.ok(marks.length > 0, 'no highlighted hit')
    assert.ok(marks.every((m) => m === '不良反应' || m === '不良事件'), `highlights ${marks}`)
    assert.match(await page.textContent('[data-test="search-total"]') ?? '', /[1-9]/)
    await shot(s, 'journey-reviewer-1-search-or')
  })

  test('opens a hit in its conversation, highlighted in context', async () => {
    await page.locator('[data-test="search-hit"]').first().click()
    const hl = page.locator('[data-test="message"].hl')
    await hl.waitFor({ timeout: 60_000 })
    assert.ok(await hl.isVisible())
    assert.ok((await page.textContent('[data-test="thread-title"]'))?.trim())
    await shot(s, 'journey-reviewer-2-hit-in-context')
  })

  test('exports the search with transcripts and downloads it', { timeout: 300_000 }, async () => {
    await page.click('[data-test="export-open"]')
    await page.waitForSelector('[data-test="export-dialog"]')
    await page.click('[data-test="export-search"]')
    await page.click('[data-test="export-dialog"] .el-radio-button:has-text("CSV")')
    await page.click('[data-test="export-lang"] .el-radio-button:has-text("中文")').catch(() => {}) // zh-CN is the default
    await page.fill('[data-test="export-reason"]', '合规复核：不良反应与不良事件线索')
    await page.click('[data-test="export-go"]')
    await page.waitForSelector('[data-test="export-status"]')
    await page.waitForSelector('[data-test="export-download"]', { timeout: 240_000 })
    await shot(s, 'journey-reviewer-3-export-ready')
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test="export-download"]')])
    const file = join(tmpdir(), `wecomadmin-journey-reviewer-${Date.now()}-${download.suggestedFilename()}`)
    await download.saveAs(file)
    const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '')
    assert.ok(text.includes(QUERY), 'the export names the query that produced it')
    const rows = parseCSV(text)
    const head = rows.findIndex((r) => r.includes('转写文本') && r.includes('消息ID'))
    assert.ok(head >= 0, 'a zh-CN header row with the transcript column')
    const col = rows[head].indexOf('转写文本')
    const data = rows.slice(head + 1).filter((r) => r.length === rows[head].length)
    assert.ok(data.length > 0, 'the export has rows')
    // The OR query hits voice transcripts in the demo: their text is exported, not just a file name.
    assert.ok(data.some((r) => /不良反应|不良事件/.test(r[col] ?? '')), 'a hit found in a transcript carries the transcript text')
    await page.keyboard.press('Escape')
  })
})
