// Journey of an HR admin (the demo's "hr-it" account manager, zh-CN): import
// the HR file, read the plan (a name on every step), confirm and apply it.
// journey-hr.csv is the demo's own HR file with two new job titles, so the
// plan is two updates and the demo's directory stays as other files expect.
// Screenshots journey-hr-*.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { openFromMenu, shot, signIn, startBrowser, PASSWORD, SECRET } from './harness.mjs'

let s
let page

before(async () => {
  s = await startBrowser()
  page = s.page
  await signIn(s, 'hr-it', PASSWORD, SECRET)
})

after(async () => {
  assert.deepEqual(s?.pageErrors ?? [], [], 'no uncaught errors in the page')
  await s?.close()
})

describe('HR admin journey', () => {
  test('imports the HR file and reads a plan with a name on every step', async () => {
    await openFromMenu(s, 'employees', '.page .el-card')
    // The demo seeds its employees as it starts; the plan is judged against them.
    await page.waitForSelector('[data-test="employee-table"] .el-table__row', { timeout: 120_000 })
    await page.click('[data-test="hr-import"]')
    await page.waitForSelector('[data-test="hr-step-upload"]')
    await page.setInputFiles('[data-test="hr-step-upload"] input[type="file"]', fileURLToPath(new URL('./journey-hr.csv', import.meta.url)))
    await page.click('[data-test="hr-validate"]')
    await page.waitForSelector('[data-test="hr-step-report"]', { timeout: 60_000 })
    await shot(s, 'journey-hr-1-report')
    await page.click('[data-test="hr-step-report"] button.el-button--primary')
    await page.waitForSelector('[data-test="sync-plan"]')
    const rows = page.locator('[data-test="sync-plan"] .el-table__body tr')
    const n = await rows.count()
    assert.ok(n >= 2, `the plan has the two title changes (${n} rows)`)
    for (let i = 0; i < n; i++) {
      const name = (await rows.nth(i).locator('td').nth(1).textContent())?.trim()
      assert.ok(name, `step ${i + 1} has a name`)
    }
    const plan = await page.textContent('[data-test="sync-plan"]')
    assert.match(plan, /高级医学经理/)
    assert.match(plan, /区域销售总监/)
    assert.equal(await page.locator('[data-test="plan-count-disable"]').count(), 0, 'nothing is disabled')
    await shot(s, 'journey-hr-2-plan')
  })

  test('confirms and applies the plan, each step done', async () => {
    await page.click('[data-test="plan-next"]')
    await page.waitForSelector('[data-test="sync-confirm"]')
    assert.ok(await page.isDisabled('[data-test="hr-apply"]'))
    await page.click('[data-test="confirm-check"]')
    await page.click('[data-test="hr-apply"]')
    await page.waitForSelector('[data-test="sync-result"]', { timeout: 60_000 })
    await page.waitForFunction(() => !document.querySelector('[data-test="result-planned"], [data-test="result-running"]'), null, { timeout: 60_000 })
    const result = await page.textContent('[data-test="sync-result"]')
    // Both steps named and done ("只看失败" is the filter button, not a failure).
    assert.match(result, /xiu\.liang更新已完成/)
    assert.match(result, /tao\.chen更新已完成/)
    await shot(s, 'journey-hr-3-applied')
  })
})
