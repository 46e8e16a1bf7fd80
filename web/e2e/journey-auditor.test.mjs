// Journey of an auditor (zh-CN): who searched what today, read off the
// audit list's query column, then the audit CSV downloaded with a BOM so
// Excel on Chinese Windows opens it. The search it looks for is made first
// by the demo's reviewer, so this file stands alone. Screenshots journey-auditor-*.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { openFromMenu, shot, signIn, startBrowser, waitForArchive, PASSWORD, SECRET } from './harness.mjs'

// A query nobody else makes, so its row is this journey's.
const QUERY = `不良反应 OR 随访${Date.now() % 100_000}`
let s
let page

before(async () => {
  s = await startBrowser()
  page = s.page
  await signIn(s, 'reviewer', PASSWORD, SECRET)
  await waitForArchive(s)
  const r = await page.evaluate(async (q) => (await fetch(`/api/v1/messages/search?q=${encodeURIComponent(q)}&limit=5`)).status, QUERY)
  assert.equal(r, 200)
  await s.context.clearCookies() // the reviewer leaves; the auditor signs in
  await signIn(s, 'auditor', PASSWORD, SECRET)
})

after(async () => {
  assert.deepEqual(s?.pageErrors ?? [], [], 'no uncaught errors in the page')
  await s?.close()
})

describe('auditor journey', () => {
  test('sees who searched what today in the query column', async () => {
    await openFromMenu(s, 'audit', '.page .el-card')
    const picker = page.locator('[data-test="audit-action"]')
    await picker.click()
    await page.keyboard.type('messages.search')
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'messages.search' }).first().click()
    await page.click('.toolbar .el-button--primary')
    const row = page.locator('.el-table__body tr', { has: page.locator('[data-test="audit-query"]', { hasText: QUERY }) }).first()
    await row.waitFor({ timeout: 60_000 })
    const cells = await row.locator('td').allTextContents()
    assert.ok(cells.some((c) => c.trim() === 'reviewer'), `the row names the reviewer: ${cells}`)
    const today = new Date()
    const ymd = [today.getFullYear(), String(today.getMonth() + 1).padStart(2, '0'), String(today.getDate()).padStart(2, '0')]
    assert.ok(cells.some((c) => ymd.every((p) => c.includes(p)) || c.includes(`${today.getMonth() + 1}/${today.getDate()}`)),
      `the row is from today: ${cells}`)
    await shot(s, 'journey-auditor-1-who-searched-what')
  })

  test('downloads the audit CSV, which starts with a BOM and holds the search', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href*="/audit/export.csv"]')])
    const file = join(tmpdir(), `wecomadmin-journey-auditor-${Date.now()}.csv`)
    await download.saveAs(file)
    const bytes = readFileSync(file)
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV starts with a UTF-8 BOM')
    const text = bytes.toString('utf8')
    assert.ok(text.includes(QUERY), 'the exported trail holds the search and its query')
    await shot(s, 'journey-auditor-2-csv-downloaded')
  })
})
