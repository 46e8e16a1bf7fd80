// End-to-end: the admin pages against the real demo. Dashboard per-day
// chart, settings tabs (corps and secrets, retention floor, legal holds,
// archive keys, components, API token shown once), exports page.
// Screenshots 40-49.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { openFromMenu, shot as snap, signIn, startBrowser } from './harness.mjs'

let s
let page
const shot = (name) => snap(s, name)
const api = (path) => page.evaluate(async (p) => (await (await fetch(p, { headers: { Accept: 'application/json' } })).json()).data, path)

async function openTab(tab, ready) {
  await page.goto(`${s.base}/settings?tab=${tab}`)
  await page.waitForSelector(ready, { timeout: 60_000 })
  await page.waitForLoadState('networkidle')
}

before(async () => {
  s = await startBrowser()
  page = s.page
  await signIn(s)
})

after(async () => {
  await s?.close()
})

describe('admin pages', () => {
  test('the dashboard draws messages per day by type, and the coverage tiles', async () => {
    await page.waitForSelector('[data-test="per-day-chart"] canvas', { timeout: 60_000 })
    const status = await api('/api/v1/status')
    assert.ok(Array.isArray(status.corps[0].messages_per_day), 'status has messages_per_day')
    assert.ok(status.corps[0].consent && status.corps[0].callbacks && status.corps[0].licences, 'status has the coverage figures')
    for (const tile of ['tile-consent', 'tile-licences', 'tile-integrations', 'tile-keys', 'tile-by-type']) {
      assert.ok(await page.isVisible(`[data-test="${tile}"]`), tile)
    }
    await page.waitForLoadState('networkidle')
    await shot('40-dashboard-per-day')
  })

  test('settings lists the corps with each secret as set or not set, and never prefills one', async () => {
    await openTab('corps', '[data-test="corps-table"]')
    const table = await page.textContent('[data-test="corps-table"]')
    assert.match(table, /通讯录: 已设置/)
    assert.match(table, /会话存档: 已设置/)
    await page.click('[data-test^="corp-edit-"]')
    await page.waitForSelector('[data-test="corp-form"]')
    const values = await page.$$eval('[data-test="corp-form"] input[type="password"]', (xs) => xs.map((x) => x.value))
    assert.ok(values.length >= 6 && values.every((v) => v === ''), `secret fields empty: ${values}`)
    assert.equal(await page.getAttribute('[data-test="secret-archive"]', 'placeholder'), '已设置 · 留空则保留')
    await shot('41-settings-corps-secrets')
    await page.keyboard.press('Escape')
    await page.click('[data-test="corp-add"]')
    await page.waitForSelector('[data-test="corp-form"] [data-test="corp-id"]:not([disabled])')
    assert.equal(await page.getAttribute('[data-test="secret-contacts"]', 'placeholder'), '未设置')
    await page.keyboard.press('Escape')
  })

  test('a retention rule below the floor is refused and explained', async () => {
    await openTab('retention', '[data-test="retention-floor"]')
    assert.match(await page.textContent('[data-test="retention-floor"]'), /180 天/)
    await page.click('[data-test="retention-add"]')
    await page.waitForSelector('[data-test="retention-form"]')
    await page.fill('[data-test="retention-days"] input', '30')
    await page.press('[data-test="retention-days"] input', 'Tab')
    await page.click('[data-test="retention-save"]')
    await page.waitForSelector('[data-test="retention-error"]')
    assert.match(await page.textContent('[data-test="retention-error"]'), /至少 180 天/)
    await shot('42-retention-below-floor')
    await page.fill('[data-test="retention-days"] input', '3650')
    await page.press('[data-test="retention-days"] input', 'Tab')
    await page.click('[data-test="retention-save"]')
    await page.waitForSelector('[data-test="retention-table"] >> text=3650 天')
    await page.click('[data-test="retention-preview"]')
    await page.waitForSelector('[data-test="preview-unavailable"], [data-test="preview-result"]')
    await shot('43-retention-rule-and-preview')
    await page.keyboard.press('Escape')
    // Leave the demo as it was for the other files.
    await page.click('[data-test="retention-table"] .el-button--danger')
    await page.click('.el-message-box .el-button--primary')
    await page.waitForSelector('text=暂无保留规则')
  })

  test('creates a legal hold and releases it with a reason', async () => {
    await openTab('holds', '[data-test="hold-add"]')
    await page.click('[data-test="hold-add"]')
    await page.waitForSelector('[data-test="hold-form"]')
    const matter = `E2E 合同纠纷 ${Date.now() % 100_000}`
    await page.fill('[data-test="hold-matter"]', matter)
    // Custodians are picked by name or typed as ids (the first option is the suggestion or the typed id).
    // They must be employees the corp knows (the server refuses a hold on nobody): two of the demo's.
    const staff = (await api('/api/v1/employees?status=active&limit=2')).items.map((e) => e.userid)
    assert.equal(staff.length, 2, 'the demo has employees to hold')
    await page.click('[data-test="hold-custodians"]')
    for (const id of staff) {
      await page.keyboard.type(id)
      await page.locator('.el-select-dropdown__item:visible', { hasText: id }).first().waitFor()
      await page.keyboard.press('Enter')
    }
    await page.keyboard.press('Escape')
    await page.click('[data-test="hold-save"]')
    const row = page.locator('[data-test="holds-table"] .el-table__row', { hasText: matter })
    await row.waitFor()
    assert.match(await row.textContent(), /生效中/)
    assert.ok((await row.textContent()).includes(staff[0]), `the hold names ${staff[0]}`)
    await shot('44-legal-hold-active')
    await row.locator('[data-test^="hold-release-"]').click()
    await page.fill('[data-test="hold-reason"]', '案件已结案')
    await page.click('[data-test="hold-release-confirm"]')
    await page.locator('[data-test="holds-table"] .el-table__row', { hasText: matter }).filter({ hasText: '已解除' }).waitFor()
    await shot('45-legal-hold-released')
  })

  test('shows archive keys by version and the scanners', async () => {
    await openTab('keys', '[data-test^="keys-"]')
    assert.match(await page.textContent('[data-test^="keys-"]'), /v1/)
    await shot('46-archive-keys')
    await openTab('system', '[data-test="system-clamd"]')
    await shot('47-scanners-stt')
  })

  test('creates an API token and shows it once', async () => {
    await openTab('tokens', '[data-test="token-add"]')
    await page.click('[data-test="token-add"]')
    const name = `e2e-ci-${Date.now() % 100_000}`
    await page.fill('[data-test="token-name"]', name)
    await page.click('[data-test="token-save"]')
    await page.waitForSelector('[data-test="token-raw"]')
    const raw = (await page.textContent('[data-test="token-raw"]')).trim()
    assert.ok(raw.length >= 20, `a raw token: ${raw}`)
    await shot('48-api-token-once')
    await page.click('[data-test="token-done"]')
    await page.locator('[data-test="tokens-table"] .el-table__row', { hasText: name }).waitFor()
    assert.equal((await page.content()).includes(raw), false, 'the raw token is gone once the dialog closes')
    await page.reload()
    await page.waitForSelector('[data-test="tokens-table"]')
    assert.equal((await page.content()).includes(raw), false, 'and is never shown again')
  })

  test('the exports page shows its list or a designed empty state', async () => {
    await openFromMenu(s, 'exports', '[data-test="exports-watermark"]')
    await page.waitForSelector('[data-test="exports-table"], [data-test="empty"]')
    // Request one export through the API so the list shows its state live.
    const made = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/auth/me')).json()).data
      const corps = (await (await fetch('/api/v1/corps')).json()).data
      const res = await fetch('/api/v1/exports', {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: JSON.stringify({ corp: corps[0].corp_id, format: 'csv', q: '', reason: 'e2e admin pages' }),
      })
      return { status: res.status, body: await res.json() }
    })
    if (made.status === 202) {
      const id = made.body.data.id
      await page.click('button:has-text("刷新")')
      await page.waitForSelector(`[data-test="export-state-${id}"]`)
      await page.waitForSelector(`[data-test="export-download-${id}"], [data-test="export-state-${id}"]:has-text("待审批")`, { timeout: 180_000 })
    }
    await shot('49-exports')
  })

  test('raised no uncaught page errors', () => {
    assert.deepEqual(s.pageErrors, [])
  })
})
