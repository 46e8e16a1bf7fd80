package monitor

import (
	"context"
	"errors"
	"fmt"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// RunProgress is a retroactive run as the policy tab shows it: the job's
// state and counts, without the rest of the job (payload, lease).
type RunProgress struct {
	JobID      int64  `json:"job_id"`
	CorpID     string `json:"corp_id"`
	State      string `json:"state"` // the job's: queued, running, succeeded, failed, dead, cancelled
	Done       int64  `json:"done"`
	Total      int64  `json:"total"`
	Note       string `json:"note"`
	Result     string `json:"result,omitempty"` // JSON RetroResult once finished
	LastError  string `json:"last_error,omitempty"`
	Attempts   int    `json:"attempts"`
	CreatedAt  int64  `json:"created_at"`
	StartedAt  int64  `json:"started_at"`
	FinishedAt int64  `json:"finished_at"`
}

// Run reads a retroactive run's progress. Whoever may read the corp's
// whole alert queue may follow it (the person who started the run has
// more): jobs:read is not needed, as an export's requester follows the
// export. Another kind of job is not found here.
func (s *Service) Run(ctx context.Context, jobID int64) (RunProgress, error) {
	j, err := s.st.GetJob(ctx, jobID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && j.Kind != RetroJobKind) {
		return RunProgress{}, fmt.Errorf("monitor: run %d: %w", jobID, store.ErrNotFound)
	}
	if err != nil {
		return RunProgress{}, err
	}
	if p, ok := auth.FromContext(ctx); ok && !p.CanInCorp(auth.AlertsRead, j.CorpID) && !p.CanInCorp(auth.SettingsWrite, j.CorpID) {
		// Not found rather than forbidden: run ids of other corps stay unknown.
		return RunProgress{}, fmt.Errorf("monitor: run %d: %w", jobID, store.ErrNotFound)
	}
	return RunProgress{JobID: j.ID, CorpID: j.CorpID, State: string(j.State), Done: j.ProgressDone, Total: j.ProgressTotal,
		Note: j.ProgressNote, Result: j.Result, LastError: j.LastError, Attempts: j.Attempts, CreatedAt: j.CreatedAt,
		StartedAt: j.StartedAt, FinishedAt: j.FinishedAt}, nil
}
