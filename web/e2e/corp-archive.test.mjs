// End-to-end: Settings → corps → archive against the real demo. The demo's
// corp comes from the config, so its archive shows read-only: source, the
// secret as set, the keys by publickey_ver with fingerprints, never a key.
// Screenshots 60-64.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { shot as snap, signIn, startBrowser } from './harness.mjs'

let s
let page
const shot = (name) => snap(s, name)
const apiText = (path) => page.evaluate(async (p) => (await fetch(p, { headers: { Accept: 'application/json' } })).text(), path)

before(async () => {
  s = await startBrowser()
  page = s.page
  await signIn(s)
})

after(async () => {
  await s?.close()
})

describe('corp archive settings', () => {
  test('the API shows keys by version with fingerprints and never a secret or key', async () => {
    const corps = JSON.parse(await apiText('/api/v1/corps')).data
    const text = await apiText(`/api/v1/corps/${corps[0].key}/archive`)
    assert.doesNotMatch(text, /PRIVATE KEY/)
    const v = JSON.parse(text).data
    assert.equal(v.managed_by, 'config')
    assert.equal(v.secret, 'set')
    assert.ok(v.keys.length >= 1, 'the demo corp has archive keys')
    for (const k of v.keys) assert.match(k.fingerprint, /^[0-9a-f]{64}$/)
  })

  test('the archive dialog of a config corp is read-only and lists its keys', async () => {
    await page.goto(`${s.base}/settings?tab=corps`)
    await page.waitForSelector('[data-test="corps-table"]', { timeout: 60_000 })
    await page.click('[data-test^="corp-archive-"]')
    await page.waitForSelector('[data-test="archive-keys"] .el-table__row', { timeout: 60_000 })
    assert.ok(await page.isVisible('[data-test="archive-config-note"]'), 'config note shown')
    assert.equal(await page.$('[data-test="archive-save"]'), null)
    assert.equal(await page.$('[data-test="archive-key-add"]'), null)
    assert.match(await page.textContent('[data-test="archive-secret-state"]'), /已设置/)
    const table = await page.textContent('[data-test="archive-keys"]')
    assert.match(table, /v1/)
    assert.match(table, /[0-9a-f]{8}…[0-9a-f]{8}/)
    await page.waitForLoadState('networkidle')
    await shot('60-settings-corp-archive')
    await page.keyboard.press('Escape')
  })
})
