// Every error code the Go API can answer has a sentence in both languages.
// The codes are read from the server's source, so a code added by any
// handler fails this test until it is translated.
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { en, zhCN } from './messages'

const apiDir = resolve(__dirname, '../../../internal/httpapi')

function serverCodes(): string[] {
  const codes = new Set<string>()
  for (const f of readdirSync(apiDir).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'))) {
    const src = readFileSync(join(apiDir, f), 'utf8')
    for (const m of src.matchAll(/(?:safeError|mapped)\{\s*http\.Status\w+,\s*"([a-z_]+)"/g)) codes.add(m[1])
  }
  // rejectStatus builds "callback_" + the receiver's reject kind.
  codes.delete('callback_')
  for (const kind of ['bad_signature', 'wrong_receiveid']) codes.add(`callback_${kind}`)
  return [...codes].sort()
}

const has = (tree: Record<string, unknown>, code: string) => typeof (tree.errors as Record<string, unknown>)[code] === 'string'

describe('server error codes', () => {
  const codes = serverCodes()
  it('are found in the Go handlers', () => {
    expect(codes).toContain('too_many_corps')
    expect(codes.length).toBeGreaterThan(20)
  })
  it.each(codes)('%s is translated in zh-CN and en', (code) => {
    expect(has(zhCN as Record<string, unknown>, code)).toBe(true)
    expect(has(en as Record<string, unknown>, code)).toBe(true)
  })
})
