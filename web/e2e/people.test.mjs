// End-to-end: the people pages against the real demo. Sync employees from an
// HR file (plan → typed confirmation → progress → result per step), filter
// them and open the drawer, the licences page, a contact's timeline, a
// handover of one demo customer with its per-customer result, and a welcome
// template with its preview. Screenshots 30-39.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { openFromMenu as open, shot as snap, signIn, startBrowser } from './harness.mjs'

let s
let page
const shot = (name) => snap(s, name)
const openFromMenu = (name, ready) => open(s, name, ready)
/** Element Plus puts data-test on the input itself or on a wrapper around it. */
const input = (name) => `input[data-test="${name}"], [data-test="${name}"] input`
async function pickOption(trigger, text) {
  await page.click(trigger)
  await page.click(`.el-select-dropdown__item:visible:has-text("${text}")`)
}

/** Closes the open drawer so the side menu is clickable again. */
async function closeDrawer() {
  await page.click('.el-drawer__close-btn:visible')
  await page.waitForSelector('.el-drawer', { state: 'hidden' })
}

before(async () => {
  s = await startBrowser()
  page = s.page
  await signIn(s)
})

after(async () => {
  assert.deepEqual(s?.pageErrors ?? [], [], 'no uncaught errors in the page')
  await s?.close()
})

describe('people', () => {
  test('reconciles customers with WeCom so the demo has relationships', async () => {
    await openFromMenu('contacts', '.page .el-card')
    await page.click('[data-test="reconcile"]')
    await page.waitForSelector('[data-test="contact-table"] .el-table__row', { timeout: 60_000 })
  })

  test('syncs employees from HR: grouped plan, typed confirmation, live progress, result per step', async () => {
    await openFromMenu('employees', '.page .el-card')
    await page.click('[data-test="hr-import"]')
    await page.waitForSelector('[data-test="hr-step-upload"]')
    await page.setInputFiles('[data-test="hr-step-upload"] input[type="file"]', fileURLToPath(new URL('./people-hr.csv', import.meta.url)))
    await page.click('[data-test="hr-validate"]')
    await page.waitForSelector('[data-test="hr-step-report"]', { timeout: 60_000 })
    await page.click('[data-test="hr-step-report"] button.el-button--primary')
    await page.waitForSelector('[data-test="sync-plan"]')
    assert.match(await page.textContent('[data-test="plan-group-disable"]'), /chao\.xie/)
    assert.match(await page.textContent('[data-test="plan-count-disable"]'), /1/)
    await shot('30-sync-plan')
    await page.click('[data-test="plan-next"]')
    await page.waitForSelector('[data-test="sync-confirm"]')
    assert.ok(await page.isDisabled('[data-test="hr-apply"]'))
    await page.click('[data-test="confirm-check"]')
    assert.ok(await page.isDisabled('[data-test="hr-apply"]'), 'the tick alone does not confirm a destructive sync')
    await page.fill(input('confirm-count'), '1')
    await page.click('[data-test="hr-apply"]')
    await page.waitForSelector('[data-test="sync-result"]', { timeout: 60_000 })
    await page.waitForFunction(() => !document.querySelector('[data-test="result-planned"], [data-test="result-running"]'), null, { timeout: 60_000 })
    assert.match(await page.textContent('[data-test="sync-result"]'), /chao\.xie/)
    await shot('31-sync-result')
  })

  test('filters employees and opens the detail drawer with WeCom state and history', async () => {
    await openFromMenu('employees', '[data-test="employee-table"]')
    await page.waitForSelector('[data-test="employee-table"] .el-table__row')
    await pickOption('[data-test="filter-status"]', '离职')
    await page.waitForFunction(() => document.querySelectorAll('[data-test="employee-table"] .el-table__row').length === 1)
    assert.match(await page.textContent('[data-test="employee-table"]'), /谢超/)
    await page.waitForSelector('[data-test="held-leavers"]')
    await shot('32-employees-filtered')
    await page.click('[data-test="employee-table"] .el-table__row')
    await page.waitForSelector('[data-test="employee-drawer"] [data-test="wecom-status"]')
    await page.click('[data-test="employee-drawer"] .el-tabs__item:has-text("历史")')
    await page.waitForSelector('[data-test="employee-history"] .el-timeline-item')
    assert.match(await page.textContent('[data-test="employee-history"]'), /停用/)
    await shot('33-employee-drawer')
    await closeDrawer()
  })

  test('shows licences per corp against the quota with both mismatch lists', async () => {
    await openFromMenu('licences', '[data-test="licences-page"] .el-card')
    await page.waitForSelector('[data-test="licence-demo"] [data-test="chart"] canvas')
    await page.waitForSelector('[data-test="permitted-not-licensed"]')
    await page.waitForSelector('[data-test="licensed-not-permitted"]')
    await shot('34-licences')
  })

  test('opens a customer with the relationship timeline', async () => {
    await openFromMenu('contacts', '[data-test="contact-table"]')
    await page.fill(input('filter-employee'), 'chaoxue.xie')
    await page.press(input('filter-employee'), 'Enter')
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test="contact-table"] .el-table__row')].every((r) => r.textContent.includes('chaoxue.xie')))
    await page.click('[data-test="contact-table"] .el-table__row')
    await page.waitForSelector('[data-test="relation-timeline"] .el-timeline-item')
    await shot('35-contact-timeline')
    await closeDrawer()
  })

  test('hands one demo customer over and sees its per-customer result', async () => {
    await page.goto(`${s.base}/handover?kind=onjob&from=chaoxue.xie`)
    await page.waitForSelector('[data-test="handover-customers"] .el-table__row', { timeout: 60_000 })
    await page.click('[data-test="handover-customers"] .el-table__row >> nth=0 >> .el-checkbox')
    await page.waitForFunction(() => !document.querySelector('[data-test="handover-next"]').disabled)
    await shot('36-handover-pick')
    await page.click('[data-test="handover-next"]')
    await page.waitForSelector('[data-test="handover-step-successor"]')
    await page.click('[data-test="successor-person"] .el-select')
    await page.keyboard.type('bin.dong')
    await page.click('.el-select-dropdown__item:visible:has-text("bin.dong")')
    await page.click('[data-test="handover-submit"]')
    await page.waitForSelector('[data-test="handover-result"] [data-test="transfer-items"] .el-table__row', { timeout: 60_000 })
    // The transfer worker submits pending items on its next tick (up to a minute or two in the demo, longer on a loaded machine).
    await page.waitForSelector('[data-test="transfer-items"] [data-test^="item-status-"]:not([data-test="item-status-pending"])', { timeout: 300_000 })
    const status = await page.getAttribute('[data-test="transfer-items"] [data-test^="item-status-"]', 'data-test')
    assert.match(status, /waiting|accepted/)
    await shot('37-handover-result')
  })

  test('creates a welcome template and sees the WeCom-style preview', async () => {
    await openFromMenu('welcome', '[data-test="welcome-page"] .el-card')
    await page.click('[data-test="welcome-new"]')
    await page.waitForSelector('[data-test="welcome-editor"]')
    await page.fill(input('welcome-name'), '肿瘤事业部欢迎语')
    await page.fill(input('welcome-department'), '总部/肿瘤事业部')
    await page.fill('[data-test="welcome-text"] textarea, textarea[data-test="welcome-text"]', '您好，我是您的医学信息沟通专员，很高兴为您服务！')
    await page.click('[data-test="add-link"]')
    await page.fill(input('link-url'), 'https://simpharma.example/oncology')
    await page.waitForSelector('[data-test="welcome-preview"] [data-test="preview-text"]')
    assert.match(await page.textContent('[data-test="welcome-preview"]'), /张医生/)
    await shot('38-welcome-editor')
    await page.click('[data-test="welcome-save"]')
    await page.waitForSelector('[data-test="welcome-table"] .el-table__row:has-text("肿瘤事业部欢迎语")')
    await shot('39-welcome-list')
  })
})
