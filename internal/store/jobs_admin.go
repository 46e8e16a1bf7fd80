package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// JobFilter selects jobs for the admin list. Empty fields match everything.
type JobFilter struct {
	Kind     string
	State    JobState
	CorpID   string
	BeforeID int64 // cursor: only jobs with id < BeforeID (0 = from the newest)
	Limit    int   // default 50, at most 500
}

// ListJobs returns jobs newest first and the cursor of the next page (0 when
// this is the last one).
func (s *Store) ListJobs(ctx context.Context, f JobFilter) (jobs []Job, nextBeforeID int64, err error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 500)
	var where []string
	var args []any
	for _, c := range []struct {
		col string
		val string
	}{{"kind", f.Kind}, {"state", string(f.State)}, {"corp_id", f.CorpID}} {
		if c.val != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.val)
		}
	}
	if f.BeforeID > 0 {
		where = append(where, "id < ?")
		args = append(args, f.BeforeID)
	}
	q := `SELECT ` + jobColumns + ` FROM jobs`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, f.Limit+1)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list jobs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: scan job: %w", err)
		}
		jobs = append(jobs, j)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: list jobs: %w", err)
	}
	if len(jobs) > f.Limit {
		jobs = jobs[:f.Limit]
		nextBeforeID = jobs[len(jobs)-1].ID
	}
	return jobs, nextBeforeID, nil
}

// GetJob returns one job.
func (s *Store) GetJob(ctx context.Context, id int64) (Job, error) {
	j, err := scanJob(s.queryRow(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id = ?`, id))
	if err != nil {
		return Job{}, notFound(err, fmt.Sprintf("job %d", id))
	}
	return j, nil
}

// RetryJob puts a dead or cancelled job back in the queue, due now, with
// its attempts reset. Any other state is ErrConflict.
func (s *Store) RetryJob(ctx context.Context, id int64) (Job, error) {
	now := s.nowMS()
	return s.transitionJob(ctx, id, "retry", `UPDATE jobs SET state = 'queued', attempts = 0, run_at = ?,
			lease_owner = '', lease_expires_at = 0, finished_at = 0, updated_at = ?
		WHERE id = ? AND state IN ('dead', 'cancelled')`, now, now, id)
}

// CancelJob stops a queued or running job. A running handler learns of it
// at its next heartbeat (ErrLeaseLost). Finished jobs are ErrConflict.
func (s *Store) CancelJob(ctx context.Context, id int64) (Job, error) {
	now := s.nowMS()
	return s.transitionJob(ctx, id, "cancel", `UPDATE jobs SET state = 'cancelled', lease_owner = '', lease_expires_at = 0,
			finished_at = ?, updated_at = ?
		WHERE id = ? AND state IN ('queued', 'running')`, now, now, id)
}

// transitionJob runs a guarded state change and tells "no such job" apart
// from "not in a state that allows it".
func (s *Store) transitionJob(ctx context.Context, id int64, what, q string, args ...any) (Job, error) {
	var j Job
	err := s.WithTx(ctx, func(ctx context.Context) error {
		res, err := s.exec(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("store: %s job %d: %w", what, id, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("store: %s job %d: %w", what, id, err)
		}
		j, err = s.GetJob(ctx, id)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("store: %s job %d in state %s: %w", what, id, j.State, ErrConflict)
		}
		return nil
	})
	return j, err
}

// JobCount is the number of jobs of one kind in one state.
type JobCount struct {
	Kind  string
	State JobState
	N     int64
}

// JobCounts counts jobs by kind and state (queue depth for status and metrics).
func (s *Store) JobCounts(ctx context.Context) ([]JobCount, error) {
	rows, err := s.query(ctx, `SELECT kind, state, COUNT(*) FROM jobs GROUP BY kind, state ORDER BY kind, state`)
	if err != nil {
		return nil, fmt.Errorf("store: count jobs: %w", err)
	}
	defer rows.Close()
	var out []JobCount
	for rows.Next() {
		var c JobCount
		if err := rows.Scan(&c.Kind, &c.State, &c.N); err != nil {
			return nil, fmt.Errorf("store: scan job count: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// LatestJobs returns, for each of the given kinds that has any job, its most
// recently created one (periodic tasks show their last run with it).
func (s *Store) LatestJobs(ctx context.Context, kinds []string) (map[string]Job, error) {
	out := make(map[string]Job, len(kinds))
	if len(kinds) == 0 {
		return out, nil
	}
	args := make([]any, len(kinds))
	for i, k := range kinds {
		args[i] = k
	}
	rows, err := s.query(ctx, `SELECT `+jobColumns+` FROM jobs WHERE id IN (
		SELECT MAX(id) FROM jobs WHERE kind IN (?`+strings.Repeat(", ?", len(kinds)-1)+`) GROUP BY kind)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: latest jobs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan job: %w", err)
		}
		out[j.Kind] = j
	}
	return out, rows.Err()
}

// PurgeJobs deletes succeeded and cancelled jobs finished before t. Dead
// jobs stay until an admin deals with them. Purging frees dedupe keys.
func (s *Store) PurgeJobs(ctx context.Context, finishedBefore time.Time) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM jobs WHERE state IN ('succeeded', 'cancelled') AND finished_at > 0 AND finished_at < ?`,
		finishedBefore.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("store: purge jobs: %w", err)
	}
	return res.RowsAffected()
}
