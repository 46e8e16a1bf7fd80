// A stand-in for the portal's API, for running the end-to-end suite and
// taking screenshots before the real demo exists: it serves web/dist and
// answers the documented contracts with a little fixed data.
//   node e2e/mock-api.mjs --port 8099
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { totp } from './totp.mjs'

const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const USER = 'admin'
const PASSWORD = 'admin-demo-2026'
const SECRET = 'JBSWY3DPEHPK3PXP'
const now = Date.now()

const session = {
  user: { id: 1, username: USER, display_name: '演示管理员' },
  roles: [{ role: 'admin', corp_id: '', departments: [] }],
  permissions: ['status:read', 'corps:read', 'corps:write', 'employees:read', 'hrsync:run', 'licences:read',
    'contacts:read', 'transfers:write', 'welcome:write', 'messages:read', 'media:read', 'alerts:write', 'exports:create',
    'exports:approve', 'audit:read', 'audit:export', 'admins:read', 'admins:write', 'jobs:read', 'jobs:write', 'settings:write',
    'retention:write'],
  csrf_token: 'mock-csrf',
}
const corps = [
  { corp_id: 'wwsimcorp0000001', key: 'main', name: '华东医药集团' },
  { corp_id: 'wwsimcorp0000002', key: 'bj', name: '北京分公司' },
]
const status = {
  version: 'mock',
  corps: [
    { corp_id: corps[0].corp_id, key: 'main', name: corps[0].name,
      ingest: { cursor: 48213, lag_seconds: 95, last_ingest_at: now - 95000 },
      messages_by_type: { text: 31240, image: 4210, voice: 1830, video: 320, file: 905, link: 611, meeting_voice_call: 88, revoke: 142 },
      media_by_state: { pending: 12, downloading: 3, downloaded: 0, scanned: 2, infected: 1, converted: 5, transcribed: 1820, failed: 4 } },
    { corp_id: corps[1].corp_id, key: 'bj', name: corps[1].name },
  ],
  // The jobs API's form: depth by kind, then state.
  jobs: {
    media_download: { queued: 12, running: 2 }, media_scan: { queued: 2 }, media_transcribe: { queued: 5, dead: 1 },
    ingest: { running: 1 },
  },
  health: { clamd: { status: 'ok' }, ffmpeg: { status: 'ok' }, transcription: { status: 'degraded', detail: 'English only (pocketsphinx)' },
    blob: { status: 'ok' } },
}
const employees = [
  { id: 1, userid: 'zhangwei', employee_id: 'E1001', name: '张伟', department: '总部/医学部/肿瘤事业部', title: '医学经理', hr_status: 'active', real_name_verified: true, archive_licence: true },
  { id: 2, userid: 'lina', employee_id: 'E1002', name: '李娜', department: '总部/销售部/华东大区', title: '销售代表', hr_status: 'active', real_name_verified: true, archive_licence: true },
  { id: 3, userid: 'wangfang', employee_id: 'E1003', name: '王芳', department: '总部/市场部', title: '产品经理', hr_status: 'active', real_name_verified: false, archive_licence: false },
  { id: 4, userid: 'liuyang', employee_id: 'E1004', name: '刘洋', department: '总部/销售部/华北大区', title: '销售代表', hr_status: 'leaver', real_name_verified: true, archive_licence: false },
]
const audit = [
  { id: 3, at: now - 60000, actor: 'admin', ip: '127.0.0.1', action: 'auth.login', target: 'admin', outcome: 'success', hash: 'c3'.repeat(32), prev_hash: 'b2'.repeat(32) },
  { id: 2, at: now - 3600000, actor: 'reviewer1', ip: '10.1.2.3', action: 'messages.search', target: 'q=合同', outcome: 'success', hash: 'b2'.repeat(32), prev_hash: 'a1'.repeat(32) },
  { id: 1, at: now - 7200000, actor: 'auditor1', ip: '10.1.2.4', action: 'messages.read', target: 'conversation 42', outcome: 'denied', hash: 'a1'.repeat(32), prev_hash: '00'.repeat(32) },
]
const jobs = [
  { id: 101, kind: 'ingest', state: 'running', attempts: 1, max_attempts: 5, progress: { done: 62, total: 100, note: 'seq 48213' }, run_at: now - 30000, created_at: now - 30000 },
  { id: 100, kind: 'media_transcribe', state: 'dead', attempts: 5, max_attempts: 5, last_error: 'speech service timeout', progress: { done: 0, total: 0, note: '' }, run_at: now - 900000, created_at: now - 900000 },
  { id: 99, kind: 'hr_sync', state: 'succeeded', attempts: 1, max_attempts: 3, progress: { done: 240, total: 240, note: '' }, run_at: now - 3600000, created_at: now - 3600000 },
]
const periodic = [
  { name: 'archive-ingest', kind: 'periodic:archive-ingest', interval_seconds: 60, next_run_at: now + 30000, last_run: jobs[2] },
  { name: 'audit-checkpoint', kind: 'periodic:audit-checkpoint', interval_seconds: 86400, next_run_at: now + 3600000, last_run: null },
]

let signedIn = false
const json = (res, status, body) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
  res.end(body === undefined ? '' : JSON.stringify(body))
}
const fail = (res, status, code, message, details) => json(res, status, { error: { code, message, details } })

// A rough HR CSV check, enough to show the wizard's report: mobile and status.
function hrImport(text) {
  const lines = text.split(/\r?\n/)
  const start = lines.findIndex((l) => l.startsWith('employee_id,'))
  const errors = []
  const employees = []
  for (let i = start + 1; i < lines.length && start >= 0; i++) {
    if (!lines[i] || lines[i].startsWith('--')) break
    const [id, name, , mobile, , , status] = lines[i].split(',')
    if (!/^(\+?86\s?)?1\d{10}$/.test(mobile)) errors.push({ line: i - start + 1, column: 'mobile', code: 'bad_mobile', reason: `mobile "${mobile}" is not a mainland China number` })
    else if (!['active', 'leaver'].includes(status)) errors.push({ line: i - start + 1, column: 'status', code: 'bad_status', reason: `status "${status}" must be active or leaver` })
    else employees.push({ employee_id: id, name, action: 'create', rule: 'new_employee', reason: '' })
  }
  const rows = employees.length + errors.length
  return { corp: 'main', run_id: 1, state: 'planned', report: { rows, valid_rows: employees.length, invalid_rows: errors.length, refused: false, errors, warnings: [] },
    plan: { summary: { create: employees.length }, employees } }
}

async function readText(req) {
  let s = ''
  for await (const c of req) s += c
  return s
}

async function readBody(req) {
  let s = ''
  for await (const c of req) s += c
  try { return JSON.parse(s || '{}') } catch { return {} }
}

async function api(req, res, path) {
  const m = `${req.method} ${path}`
  if (m === 'GET /api/v1/auth/providers') return json(res, 200, { data: { local: true, oidc: [{ name: 'azure', display_name: 'Azure AD' }] } })
  if (m === 'POST /api/v1/auth/login') {
    const b = await readBody(req)
    const ok = b.username === USER && b.password === PASSWORD &&
      [totp(SECRET), totp(SECRET, Date.now() - 30000)].includes(b.totp)
    if (!ok) return fail(res, 401, 'invalid_credentials', 'invalid credentials')
    signedIn = true
    res.setHeader('Set-Cookie', 'wecomadmin_session=mock; Path=/; HttpOnly; SameSite=Lax')
    return json(res, 200, { data: session })
  }
  if (!signedIn) return fail(res, 401, 'unauthenticated', 'sign-in required')
  if (req.method !== 'GET' && req.headers['x-csrf-token'] !== session.csrf_token) return fail(res, 403, 'csrf_failed', 'bad csrf token')
  switch (m) {
    case 'GET /api/v1/auth/me': return json(res, 200, { data: session })
    case 'POST /api/v1/auth/logout': signedIn = false; return json(res, 204)
    case 'GET /api/v1/corps': return json(res, 200, { data: corps })
    case 'POST /api/v1/hr/imports': return json(res, 201, { data: hrImport(await readText(req)) })
    case 'GET /api/v1/status': return json(res, 200, { data: status })
    case 'GET /api/v1/employees': return json(res, 200, { data: { items: employees, total: employees.length, limit: 50, offset: 0 } })
    case 'GET /api/v1/audit': return json(res, 200, { data: { items: audit, total: audit.length } })
    case 'GET /api/v1/audit/verify': return json(res, 200, { data: { intact: true, checked: audit.length, first_broken_id: null, head_id: 3, head_hash: audit[0].hash } })
    case 'GET /api/v1/jobs': return json(res, 200, { data: { items: jobs, next_cursor: '' } })
    case 'GET /api/v1/jobs/periodic': return json(res, 200, { data: { items: periodic } })
    case 'GET /api/v1/admins': return json(res, 200, { data: { items: [{ id: 1, username: 'admin', display_name: '演示管理员', kind: 'local', roles: session.roles, last_login_at: now }] } })
    default: return fail(res, 404, 'not_found', 'no such endpoint')
  }
}

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' }

export function startMock(port = 0) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname
    if (path === '/healthz') return json(res, 200, { data: { status: 'ok' } })
    if (path.startsWith('/api/')) return api(req, res, path)
    const file = normalize(join(dist, path === '/' ? 'index.html' : path))
    try {
      const body = await readFile(file.startsWith(dist) ? file : join(dist, 'index.html'))
      res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' })
      res.end(body)
    } catch {
      res.writeHead(200, { 'Content-Type': types['.html'] })
      res.end(await readFile(join(dist, 'index.html')))
    }
  })
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port')
  const server = await startMock(i > 0 ? Number(process.argv[i + 1]) : 8099)
  console.log(`mock API on http://127.0.0.1:${server.address().port}`)
}
