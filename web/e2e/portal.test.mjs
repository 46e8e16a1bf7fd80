// End-to-end: the built UI in Debian's Chromium against a running portal.
//   E2E_BASE_URL=http://127.0.0.1:PORT node --test e2e/portal.test.mjs   (scripts/web-test.sh starts the demo)
//   E2E_MOCK=1 node --test e2e/portal.test.mjs                          (against e2e/mock-api.mjs)
// Screenshots go to $SCREENSHOT_DIR (default ../test-output/screenshots).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { secondsLeft, totp } from './totp.mjs'

const USER = process.env.E2E_USER ?? 'admin'
const PASSWORD = process.env.E2E_PASSWORD ?? 'admin-demo-2026'
const SECRET = process.env.E2E_TOTP_SECRET ?? 'JBSWY3DPEHPK3PXP'
const SHOTS = process.env.SCREENSHOT_DIR ?? fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url))
// Flags that keep Chromium quiet on a machine without outside network.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

let base = process.env.E2E_BASE_URL
let mock
let context
let page
let profile
const pageErrors = []

async function shot(name) {
  await page.mouse.move(720, 890) // no hover tooltips in the picture
  await page.waitForTimeout(300) // let transitions settle
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false })
}

async function openFromMenu(name, ready) {
  await page.click(`[data-test="menu-${name}"]`)
  await page.waitForURL((u) => u.pathname === (name === 'dashboard' ? '/' : `/${name}`))
  await page.waitForSelector(ready, { timeout: 15_000 })
  await page.waitForLoadState('networkidle')
}

before(async () => {
  if (process.env.E2E_MOCK) {
    const { startMock } = await import('./mock-api.mjs')
    mock = await startMock(0)
    base = `http://127.0.0.1:${mock.address().port}`
  }
  assert.ok(base, 'set E2E_BASE_URL (or E2E_MOCK=1)')
  mkdirSync(SHOTS, { recursive: true })
  profile = mkdtempSync(join(tmpdir(), 'wecomadmin-chromium-'))
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  })
  page = context.pages()[0] ?? (await context.newPage())
  page.on('pageerror', (e) => pageErrors.push(e.message))
})

after(async () => {
  await context?.close()
  mock?.close()
  if (profile) rmSync(profile, { recursive: true, force: true })
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
    // A code about to expire could be stale by the time it arrives.
    if (secondsLeft() < 4) await page.waitForTimeout(secondsLeft() * 1000 + 500)
    await page.fill('input[name="username"]', USER)
    await page.fill('input[name="password"]', PASSWORD)
    await page.fill('input[name="totp"]', totp(SECRET))
    await page.click('[data-test="sign-in"]')
    await page.waitForURL((u) => u.pathname === '/', { timeout: 15_000 })
    await page.waitForSelector('[data-test="chart"] canvas', { timeout: 15_000 })
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
    assert.deepEqual(pageErrors, [])
  })
})
