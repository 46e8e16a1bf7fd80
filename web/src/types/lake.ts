// The lake feed (Settings → data feeds): GET /api/v1/lake and friends.
export interface LakeDestination {
  backend: string
  prefix: string
  formats: string[]
  schedule: string // '' = on demand only
  tables: string[]
}

export interface LakeSettings {
  corp_id: string
  media_bytes: boolean
  mask_pii: boolean
  compliance_formats: string[] // fed continuously, a complete UTC day at a time
  updated_by: string
  updated_at: number
}

export interface LakeWatermark {
  value: number
  next_part: number
  updated_at: number
}

export interface LakeRun {
  id: string
  corp_id: string
  state: 'running' | 'failed' | 'done'
  trigger: string
  rows: number
  bytes: number
  files: number
  attempts: number
  last_error: string
  started_at: number
  finished_at: number
}

export interface LakeOverview {
  corp_id: string
  destination: LakeDestination
  settings: LakeSettings
  watermarks: Record<string, LakeWatermark>
  runs: LakeRun[]
}

export interface LakeRunResult {
  corp_id: string
  run_id: string
  resumed?: boolean
  nothing_new?: boolean
  rows: number
  bytes: number
}

export interface ComplianceResult {
  id: string
  format: string
  messages: number
  files: { key: string; bytes: number; sha256: string }[]
}
