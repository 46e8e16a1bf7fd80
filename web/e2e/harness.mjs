// Shared set-up for every e2e file: one Chromium per file, sign-in (a user's
// first with a fresh TOTP code, later files resume that session),
// screenshots. node --test runs each *.test.mjs in its own process, one
// after another (scripts/web-test.sh), so a TOTP code already used by an
// earlier file is remembered in a small file and never replayed (the portal
// accepts each code once).
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { totp } from './totp.mjs'

export const USER = process.env.E2E_USER ?? 'admin'
export const PASSWORD = process.env.E2E_PASSWORD ?? 'admin-demo-2026'
export const SECRET = process.env.E2E_TOTP_SECRET ?? 'JBSWY3DPEHPK3PXP'
export const SHOTS = process.env.SCREENSHOT_DIR ?? fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url))
// Flags that keep Chromium quiet on a machine without outside network.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Starts Chromium (and the mock API when E2E_MOCK is set); returns a session object. */
export async function startBrowser() {
  const s = { base: process.env.E2E_BASE_URL, pageErrors: [] }
  if (process.env.E2E_MOCK) {
    const { startMock } = await import('./mock-api.mjs')
    s.mock = await startMock(0)
    s.base = `http://127.0.0.1:${s.mock.address().port}`
  }
  assert.ok(s.base, 'set E2E_BASE_URL (or E2E_MOCK=1)')
  mkdirSync(SHOTS, { recursive: true })
  s.profile = mkdtempSync(join(tmpdir(), 'wecomadmin-chromium-'))
  s.context = await chromium.launchPersistentContext(s.profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
  })
  s.page = s.context.pages()[0] ?? (await s.context.newPage())
  // Playwright's 30 s defaults are too short for a loaded CI machine (two
  // cores shared with a Go -race run): every wait is for an element or a
  // navigation, so a longer bound only matters when something is slow.
  s.page.setDefaultTimeout(60_000)
  s.page.setDefaultNavigationTimeout(90_000)
  s.page.on('pageerror', (e) => s.pageErrors.push(e.message))
  s.close = async () => {
    await s.context?.close()
    s.mock?.close()
    rmSync(s.profile, { recursive: true, force: true })
  }
  return s
}

function usedFile(base, user) {
  return join(tmpdir(), `wecomadmin-e2e-totp-${Buffer.from(`${base}|${user}`).toString('hex').slice(0, 40)}`)
}

/** A TOTP code for a window no earlier file or test has used, waiting for the next window if needed. */
export async function freshCode(base, user = USER, secret = SECRET) {
  const file = usedFile(base, user)
  let last = -1
  try { last = Number(readFileSync(file, 'utf8')) } catch { /* first use */ }
  for (;;) {
    const now = Date.now()
    const counter = Math.floor(now / 30_000)
    const left = 30_000 - (now % 30_000)
    if (counter > last && left > 4_000) {
      writeFileSync(file, String(counter))
      return totp(secret, now)
    }
    await new Promise((r) => setTimeout(r, left + 300))
  }
}

/**
 * Signs in and waits for the dashboard. A session an earlier file signed in
 * for this user is resumed instead: each sign-in needs a TOTP window no
 * earlier one used, so signing in afresh in every file waited up to 30 s a
 * file. The form itself is driven by portal.test.mjs and on a user's first
 * sign-in of the run.
 */
export async function signIn(s, user = USER, password = PASSWORD, secret = SECRET) {
  const { page, base } = s
  if (await resumeSession(s, user)) return
  await page.goto(`${base}/login`)
  await page.waitForSelector('input[name="username"]')
  await page.fill('input[name="username"]', user)
  await page.fill('input[name="password"]', password)
  await page.fill('input[name="totp"]', await freshCode(base, user, secret))
  await page.click('[data-test="sign-in"]')
  await page.waitForURL((u) => u.pathname === '/', { timeout: 60_000 })
  writeFileSync(sessionFile(base, user), JSON.stringify(await s.context.cookies(base)), { mode: 0o600 })
}

function sessionFile(base, user) {
  return `${usedFile(base, user)}-session.json`
}

/** Puts the saved session of user in the browser when the portal still knows it; reports whether it did. */
async function resumeSession(s, user) {
  const { page, base } = s
  let cookies
  try { cookies = JSON.parse(readFileSync(sessionFile(base, user), 'utf8')) } catch { return false }
  await s.context.addCookies(cookies)
  const me = await s.context.request.get(`${base}/api/v1/auth/me`)
  const who = me.ok() ? (await me.json().catch(() => null))?.data?.user?.username : undefined
  if (who !== user) {
    await s.context.clearCookies()
    return false
  }
  await page.goto(`${base}/`)
  await page.waitForURL((u) => u.pathname === '/', { timeout: 60_000 })
  return true
}

/**
 * Waits until the demo's archive has been pulled: the first pull runs as the
 * demo starts and may still be going on a slow machine when a file begins.
 * Reads /api/v1/status only (no audited read), until the cursor is past 0
 * and holds still across two reads.
 */
export async function waitForArchive(s, limitMs = 180_000) {
  const deadline = Date.now() + limitMs
  let last = -1
  for (;;) {
    const st = await s.page.evaluate(async () => (await (await fetch('/api/v1/status')).json()).data)
    const ingest = st?.corps?.[0]?.ingest
    const cursor = ingest?.cursor ?? 0
    if (cursor > 0 && ingest?.last_pull_at && cursor === last) return
    if (Date.now() > deadline) throw new Error(`the demo archive was not pulled in ${limitMs} ms: ${JSON.stringify(ingest)}`)
    last = cursor
    await s.page.waitForTimeout(2_000)
  }
}

/** GET on the API from the signed-in page (its session cookie): status and parsed body. */
export async function apiGet(s, path) {
  return s.page.evaluate(async (p) => {
    const r = await fetch(`/api/v1${p}`, { credentials: 'same-origin' })
    return { status: r.status, body: await r.json().catch(() => null) }
  }, path)
}

export async function shot(s, name) {
  await s.page.mouse.move(720, 890) // no hover tooltips in the picture
  await s.page.waitForTimeout(300) // let transitions settle
  await s.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false })
}

export async function openFromMenu(s, name, ready) {
  await s.page.click(`[data-test="menu-${name}"]`)
  await s.page.waitForURL((u) => u.pathname === (name === 'dashboard' ? '/' : `/${name}`))
  await s.page.waitForSelector(ready, { timeout: 60_000 })
  await s.page.waitForLoadState('networkidle')
}
