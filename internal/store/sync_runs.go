package store

import (
	"context"
	"fmt"
	"strings"
)

// SyncRun is one HR sync run (accounts feature): its report, plan and state.
type SyncRun struct {
	ID          int64
	CorpID      string
	Source      string
	State       string // planned, confirmed, running, done, failed, refused
	Report      string // JSON
	Plan        string // JSON
	Records     string // JSON of the HR records, stored on completion
	CreatedBy   string
	ConfirmedBy string
	StepsTotal  int
	StepsDone   int
	StepsFailed int
	LastError   string
	CreatedAt   int64
	ConfirmedAt int64
	FinishedAt  int64
	UpdatedAt   int64
}

// SyncStep is one planned WeCom call of a run.
type SyncStep struct {
	RunID      int64
	Seq        int
	EmployeeID string
	UserID     string
	Action     string
	Rule       string
	Reason     string
	Changes    string // JSON
	Payload    string // JSON of the user write
	State      string // planned, running, done, failed
	Attempts   int
	LastError  string
	DoneAt     int64
	UpdatedAt  int64
}

const syncRunCols = `id, corp_id, source, state, report, plan, records, created_by, confirmed_by, steps_total,
	steps_done, steps_failed, last_error, created_at, confirmed_at, finished_at, updated_at`

func scanSyncRun(sc interface{ Scan(...any) error }) (SyncRun, error) {
	var r SyncRun
	err := sc.Scan(&r.ID, &r.CorpID, &r.Source, &r.State, &r.Report, &r.Plan, &r.Records, &r.CreatedBy, &r.ConfirmedBy,
		&r.StepsTotal, &r.StepsDone, &r.StepsFailed, &r.LastError, &r.CreatedAt, &r.ConfirmedAt, &r.FinishedAt, &r.UpdatedAt)
	return r, err
}

// CreateSyncRun stores a run and its steps in one transaction.
func (s *Store) CreateSyncRun(ctx context.Context, r SyncRun, steps []SyncStep) (int64, error) {
	var id int64
	err := s.WithTx(ctx, func(ctx context.Context) error {
		now := s.nowMS()
		err := s.queryRow(ctx, `INSERT INTO sync_runs (corp_id, source, state, report, plan, records, created_by, steps_total, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.CorpID, r.Source, r.State, r.Report, r.Plan, r.Records, r.CreatedBy, len(steps), now, now).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: create sync run: %w", err)
		}
		const batch = 100 // rows per INSERT keeps 10,000 steps quick on both stores
		for i := 0; i < len(steps); i += batch {
			chunk := steps[i:min(i+batch, len(steps))]
			var q strings.Builder
			q.WriteString(`INSERT INTO sync_steps (run_id, seq, employee_id, userid, action, rule, reason, changes, payload, state, updated_at) VALUES `)
			args := make([]any, 0, len(chunk)*11)
			for j, st := range chunk {
				if j > 0 {
					q.WriteString(", ")
				}
				q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?)")
				args = append(args, id, st.Seq, st.EmployeeID, st.UserID, st.Action, st.Rule, st.Reason, st.Changes, st.Payload, now)
			}
			if _, err := s.exec(ctx, q.String(), args...); err != nil {
				return fmt.Errorf("store: create sync steps: %w", err)
			}
		}
		return nil
	})
	return id, err
}

// SyncRunByID returns one run.
func (s *Store) SyncRunByID(ctx context.Context, id int64) (SyncRun, error) {
	r, err := scanSyncRun(s.queryRow(ctx, `SELECT `+syncRunCols+` FROM sync_runs WHERE id = ?`, id))
	if err != nil {
		return SyncRun{}, notFound(err, fmt.Sprintf("sync run %d", id))
	}
	return r, nil
}

// ListSyncRuns returns a corp's newest runs first.
func (s *Store) ListSyncRuns(ctx context.Context, corpID string, limit int) ([]SyncRun, error) {
	rows, err := s.query(ctx, `SELECT `+syncRunCols+` FROM sync_runs WHERE corp_id = ? ORDER BY id DESC LIMIT ?`, corpID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list sync runs: %w", err)
	}
	defer rows.Close()
	var out []SyncRun
	for rows.Next() {
		r, err := scanSyncRun(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan sync run: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// TransitionSyncRun moves a run from one of the states in from to state to,
// atomically; ErrConflict when the run is in another state.
func (s *Store) TransitionSyncRun(ctx context.Context, id int64, from []string, to, actor string) error {
	q := `UPDATE sync_runs SET state = ?, updated_at = ?`
	args := []any{to, s.nowMS()}
	if to == "confirmed" {
		q += `, confirmed_by = ?, confirmed_at = ?`
		args = append(args, actor, s.nowMS())
	}
	q += ` WHERE id = ? AND state IN (?` + strings.Repeat(", ?", len(from)-1) + `)`
	args = append(args, id)
	for _, f := range from {
		args = append(args, f)
	}
	res, err := s.exec(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: sync run %d to %s: %w", id, to, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.SyncRunByID(ctx, id); err != nil {
			return err
		}
		return fmt.Errorf("store: sync run %d is not in state %s: %w", id, strings.Join(from, "/"), ErrConflict)
	}
	return nil
}

// FinishSyncRun records the final state, counters and error of a run.
func (s *Store) FinishSyncRun(ctx context.Context, id int64, state, lastError string) error {
	now := s.nowMS()
	_, err := s.exec(ctx, `UPDATE sync_runs SET state = ?, last_error = ?, finished_at = ?, updated_at = ?,
		steps_done = (SELECT COUNT(*) FROM sync_steps WHERE run_id = ? AND state = 'done'),
		steps_failed = (SELECT COUNT(*) FROM sync_steps WHERE run_id = ? AND state = 'failed')
		WHERE id = ?`, state, lastError, now, now, id, id, id)
	if err != nil {
		return fmt.Errorf("store: finish sync run %d: %w", id, err)
	}
	return nil
}

// SyncSteps returns a run's steps in order.
func (s *Store) SyncSteps(ctx context.Context, runID int64) ([]SyncStep, error) {
	rows, err := s.query(ctx, `SELECT run_id, seq, employee_id, userid, action, rule, reason, changes, payload, state,
		attempts, last_error, done_at, updated_at FROM sync_steps WHERE run_id = ? ORDER BY seq`, runID)
	if err != nil {
		return nil, fmt.Errorf("store: sync steps: %w", err)
	}
	defer rows.Close()
	var out []SyncStep
	for rows.Next() {
		var st SyncStep
		if err := rows.Scan(&st.RunID, &st.Seq, &st.EmployeeID, &st.UserID, &st.Action, &st.Rule, &st.Reason, &st.Changes,
			&st.Payload, &st.State, &st.Attempts, &st.LastError, &st.DoneAt, &st.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: scan sync step: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// SyncStepCounts counts a run's steps by state.
func (s *Store) SyncStepCounts(ctx context.Context, runID int64) (map[string]int, error) {
	rows, err := s.query(ctx, `SELECT state, COUNT(*) FROM sync_steps WHERE run_id = ? GROUP BY state`, runID)
	if err != nil {
		return nil, fmt.Errorf("store: sync step counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: scan sync step count: %w", err)
		}
		out[st] = n
	}
	return out, rows.Err()
}

// MarkSyncStep sets a step's state. "running" counts an attempt; "done"
// stamps done_at.
func (s *Store) MarkSyncStep(ctx context.Context, runID int64, seq int, state, lastError string) error {
	now := s.nowMS()
	q := `UPDATE sync_steps SET state = ?, last_error = ?, updated_at = ?`
	switch state {
	case "running":
		q += `, attempts = attempts + 1`
	case "done":
		q += `, done_at = ?`
	}
	args := []any{state, lastError, now}
	if state == "done" {
		args = append(args, now)
	}
	args = append(args, runID, seq)
	if _, err := s.exec(ctx, q+` WHERE run_id = ? AND seq = ?`, args...); err != nil {
		return fmt.Errorf("store: mark sync step %d/%d: %w", runID, seq, err)
	}
	return nil
}
