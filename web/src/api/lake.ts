// The lake feed and compliance-archive selections (Settings → data feeds).
import { http } from './client'
import type { ComplianceResult, LakeOverview, LakeRun, LakeRunResult, LakeSettings } from '@/types/lake'

export const lakeApi = {
  overview: (corp: string) => http.get<LakeOverview>('/lake', { corp }),
  runs: async (corp: string) => (await http.get<{ items: LakeRun[] }>('/lake/runs', { corp })).items ?? [],
  /** Runs the feed now; a failed run is resumed with its window (retry). */
  run: (corp: string) => http.post<LakeRunResult>('/lake/runs', undefined, { query: { corp } }),
  saveSettings: (corp: string, s: Pick<LakeSettings, 'media_bytes' | 'mask_pii' | 'compliance_formats'>) =>
    http.put<LakeSettings>('/lake/settings', s, { query: { corp } }),
  compliance: (corp: string, body: { format: string; from: string; to: string }) =>
    http.post<ComplianceResult>('/lake/compliance', body, { query: { corp } }),
}
