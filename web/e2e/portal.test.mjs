// End-to-end: the built UI in Debian's Chromium against a running portal.
// The shell: sign-in, every page from the menu, HR import, audit verification,
// language and dark mode, sign-out. Set-up lives in harness.mjs; run with
//   E2E_BASE_URL=http://127.0.0.1:PORT node --test --test-concurrency=1 e2e/*.test.mjs  (scripts/web-test.sh starts the demo)
//   E2E_MOCK=1 node --test e2e/portal.test.mjs                                          (against e2e/mock-api.mjs)
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { freshCode, openFromMenu as open, PASSWORD, shot as snap, startBrowser, USER } from './harness.mjs'

let s
let page
let base
const shot = (name) => snap(s, name)
const openFromMenu = (name, ready) => open(s, name, ready)

before(async () => {
  s = await startBrowser()
  page = s.page
  base = s.base
})

after(async () => {
  await s?.close()
})

describe('portal', () => {
  test('an unsigned visitor lands on the sign-in page with the return path', async () => {
    await page.goto(`${base}/audit`)
    await page.waitForURL((u) => u.pathname === '/login')
    assert.equal(new URL(page.url()).searchParams.get('redirect'), '/audit')
    await page.goto(`${base}/login`)
    await page.waitForSelector('input[name="username"]')
    assert.match(await page.textContent('body'), /企业微信合规管理平台/)
    await shot('01-sign-in')
  })

  test('signs in with password and TOTP and sees the dashboard chart', async () => {
    await page.fill('input[name="username"]', USER)
    await page.fill('input[name="password"]', PASSWORD)
    await page.fill('input[name="totp"]', await freshCode(base))
    await page.click('[data-test="sign-in"]')
    await page.waitForURL((u) => u.pathname === '/', { timeout: 60_000 })
    await page.waitForSelector('[data-test="chart"] canvas', { timeout: 60_000 })
    assert.ok((await page.locator('[data-test="chart"] canvas').count()) >= 1, 'a chart canvas')
    await page.waitForLoadState('networkidle')
    await shot('02-dashboard')
  })

  const pages = [
    ['employees', '.page .el-card', '03-employees'],
    ['contacts', '.page .el-card', '04-contacts'],
    ['conversations', '.workspace', '05-conversations'],
    ['exports', '.page .el-card', '06-exports'],
    ['audit', '.page .el-card', '07-audit'],
    ['jobs', '.page .el-card', '08-jobs'],
    ['settings', '.page .el-card', '09-settings'],
  ]
  for (const [name, ready, file] of pages) {
    test(`opens ${name} from the side menu`, async () => {
      await openFromMenu(name, ready)
      await shot(file)
    })
  }

  test('imports an HR file with bad rows and sees them reported by line', async () => {
    await openFromMenu('employees', '.page .el-card')
    await page.click('[data-test="hr-import"]')
    await page.waitForSelector('[data-test="hr-step-upload"]')
    await page.setInputFiles('[data-test="hr-step-upload"] input[type="file"]', fileURLToPath(new URL('./hr-bad-rows.csv', import.meta.url)))
    await page.click('[data-test="hr-validate"]')
    await page.waitForSelector('[data-test="hr-errors"]')
    const report = await page.textContent('[data-test="hr-errors"]')
    assert.match(report, /3\s*mobile/)
    assert.match(report, /4\s*status/)
    await shot('10-hr-import-report')
  })

  test('verifies the audit chain and shows the result plainly', async () => {
    await openFromMenu('audit', '.page .el-card')
    await page.click('[data-test="audit-verify"]')
    await page.waitForSelector('[data-test="audit-verify-result"]')
    await shot('11-audit-verify')
  })

  test('switches to English and dark mode, and remembers them', async () => {
    await openFromMenu('dashboard', '[data-test="chart"] canvas')
    await page.click('[data-test="lang-switch"] button')
    await page.click('[data-test="lang-en"]')
    await page.waitForSelector('text=Overview')
    await page.click('[data-test="dark-toggle"]')
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'))
    await page.waitForSelector('[data-test="chart"] canvas')
    await shot('12-dashboard-en-dark')
    await page.reload()
    await page.waitForSelector('text=Overview')
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark')), true)
    await page.click('[data-test="dark-toggle"]')
    await shot('13-dashboard-en')
  })

  test('signs out back to the sign-in page', async () => {
    await page.click('[data-test="user-menu"] .user')
    await page.click('[data-test="sign-out"]')
    await page.waitForURL((u) => u.pathname === '/login')
    await page.waitForSelector('[data-test="login-notice"]')
    await shot('14-signed-out')
    await page.goto(`${base}/jobs`)
    await page.waitForURL((u) => u.pathname === '/login')
  })

  test('raised no uncaught page errors', () => {
    assert.deepEqual(s.pageErrors, [])
  })
})
