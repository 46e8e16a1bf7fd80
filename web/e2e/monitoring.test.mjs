// End-to-end: conversation monitoring against the real demo, in zh-CN. The
// reviewer finds an adverse-event alert in the queue, opens it (hits
// highlighted in the flagged message), decides "AE reported" (refused
// without the safety case number), and the alert waits for four eyes: the
// reviewer cannot approve their own decision. A second person (admin)
// approves and the alert is closed. Screenshots 80-84.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { apiGet, shot as snap, signIn, startBrowser, waitForArchive } from './harness.mjs'

let s
let page
let corp
let alertId
const shot = (name) => snap(s, name)
const REVIEWER = process.env.E2E_REVIEWER ?? 'reviewer'
const CASE = `PV-2026-${String(Date.now()).slice(-6)}`

async function pickOption(trigger, text) {
  await page.click(trigger)
  await page.click(`.el-select-dropdown__item:visible:has-text("${text}")`)
}

/** Signs the browser out (cookies gone) and in again as another user. */
async function signInAs(user) {
  await s.context.clearCookies()
  await signIn(s, user)
}

/** Waits for the demo's ingest to have raised an open AE alert; returns the first one. */
async function openAEAlert(limitMs = 180_000) {
  const deadline = Date.now() + limitMs
  for (;;) {
    const r = await apiGet(s, `/alerts?corp=${encodeURIComponent(corp)}&label=ae&state=open&limit=5`)
    const items = r.body?.data?.items ?? []
    if (items.length) return items[0]
    if (Date.now() > deadline) throw new Error(`no open ae alert in ${limitMs} ms: ${r.status} ${JSON.stringify(r.body)}`)
    await page.waitForTimeout(3_000)
  }
}

before(async () => {
  s = await startBrowser()
  page = s.page
  await signIn(s, REVIEWER)
  await waitForArchive(s)
  corp = (await apiGet(s, '/corps')).body.data[0].corp_id
})

after(async () => {
  assert.deepEqual(s?.pageErrors ?? [], [], 'no uncaught errors in the page')
  await s?.close()
})

describe('monitoring', () => {
  test('the queue lists AE alerts with their evidence, overdue ones marked', async () => {
    const a = await openAEAlert()
    alertId = a.id
    await page.click('[data-test="menu-monitoring"]')
    await page.waitForURL((u) => u.pathname === '/monitoring')
    await pickOption('[data-test="filter-label"]', '不良事件')
    await pickOption('[data-test="filter-state"]', '待处理')
    await page.click('[data-test="alerts-search"]')
    await page.waitForSelector('[data-test="alert-table"] .el-table__row')
    await page.waitForLoadState('networkidle')
    assert.match(await page.textContent('[data-test="alert-table"]'), /不良事件/)
    await shot('80-monitoring-queue')
  })

  test('the reviewer opens the alert: the flagged message with its hits highlighted and the conversation around it', async () => {
    await page.click(`[data-test="alert-table"] .alert-row-${alertId} td:nth-child(4)`)
    await page.waitForURL((u) => u.pathname === `/monitoring/alerts/${alertId}`)
    await page.waitForSelector('[data-test="alert-text"]')
    assert.ok(await page.locator('[data-test="hit-mark"]').count() > 0, 'at least one hit highlighted')
    assert.ok(await page.locator('[data-test="context-message"]').count() > 0, 'the conversation around the message')
    assert.equal(await page.textContent('[data-test="detail-state"]'), '待处理')
    await shot('81-monitoring-alert-detail')
  })

  test('"AE reported" needs the safety case number; then the alert waits for a second person', async () => {
    await page.click('[data-test="open-disposition"]')
    await page.waitForSelector('[data-test="disposition-dialog"]', { state: 'visible' })
    await page.click('[data-test="disp-ae_reported"]')
    await page.click('[data-test="disposition-save"]')
    await page.waitForSelector('.el-form-item__error:has-text("请填写安全性数据库中的病例编号")')
    await page.fill('[data-test="case-number"] input, input[data-test="case-number"]', CASE)
    await page.fill('[data-test="disposition-note"] textarea, textarea[data-test="disposition-note"]', '已转药物警戒部，病例已录入安全性数据库')
    await shot('82-monitoring-disposition')
    await page.click('[data-test="disposition-save"]')
    await page.waitForSelector('[data-test="needs-approval"]')
    assert.equal(await page.textContent('[data-test="detail-state"]'), '审核中')
    assert.equal(await page.locator('[data-test="open-approve"]').count(), 0, 'the reviewer cannot approve their own decision')
    const r = await apiGet(s, `/alerts/${alertId}`)
    assert.equal(r.body.data.needs_approval, true)
    assert.equal(r.body.data.case_number, CASE)
    await shot('83-monitoring-awaiting-approval')
  })

  test('a second person approves and the alert is closed, with the whole story in its history', async () => {
    await signInAs(process.env.E2E_USER ?? 'admin')
    await page.goto(`${s.base}/monitoring/alerts/${alertId}`)
    await page.waitForSelector('[data-test="open-approve"]')
    await page.click('[data-test="open-approve"]')
    await page.fill('[data-test="approve-note"] textarea, textarea[data-test="approve-note"]', '复核无误，同意关闭')
    await page.click('[data-test="approve-confirm"]')
    await page.locator('[data-test="detail-state"]', { hasText: '已关闭' }).waitFor()
    assert.match(await page.textContent('[data-test="detail-disposition"]'), /已上报不良事件/)
    assert.match(await page.textContent('[data-test="approval"]'), /admin/)
    const r = await apiGet(s, `/alerts/${alertId}`)
    assert.equal(r.body.data.state, 'closed')
    assert.equal(r.body.data.needs_approval, false)
    assert.ok(r.body.data.history.some((h) => h.actor === REVIEWER && h.action.includes('disposition')), 'the reviewer\'s decision is in the history')
    assert.ok(r.body.data.history.some((h) => h.action.includes('approve')), 'the approval is in the history')
    await shot('84-monitoring-closed-four-eyes')
  })
})
