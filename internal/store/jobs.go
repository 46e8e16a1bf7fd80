package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// JobState is where a job is in its life.
type JobState string

// A job is queued (waiting for its run_at), running (leased to a worker),
// and ends succeeded, dead (attempts exhausted or a permanent error; an admin
// may retry it) or cancelled. A failed attempt with attempts left goes back to
// queued with a later run_at.
const (
	JobQueued    JobState = "queued"
	JobRunning   JobState = "running"
	JobSucceeded JobState = "succeeded"
	JobDead      JobState = "dead"
	JobCancelled JobState = "cancelled"
)

// JobStates lists every state, for validation and for counts.
func JobStates() []JobState {
	return []JobState{JobQueued, JobRunning, JobSucceeded, JobDead, JobCancelled}
}

// DefaultJobMaxAttempts applies when an enqueue does not say.
const DefaultJobMaxAttempts = 10

// maxJobErrorLen bounds last_error so a huge error cannot bloat the row.
const maxJobErrorLen = 4000

// ErrLeaseLost means the caller no longer holds the job: its lease expired
// and another worker took it, or an admin cancelled it.
var ErrLeaseLost = fmt.Errorf("store: job lease lost: %w", ErrConflict)

// Job is one row of the jobs table. Times are Unix milliseconds.
type Job struct {
	ID             int64
	Kind           string
	CorpID         string
	DedupeKey      string
	Payload        string // JSON
	State          JobState
	Priority       int
	Attempts       int // attempts started, including the running one
	MaxAttempts    int
	RunAt          int64
	LeaseOwner     string
	LeaseExpiresAt int64
	LastError      string
	ProgressDone   int64
	ProgressTotal  int64
	ProgressNote   string
	Result         string
	CreatedAt      int64
	UpdatedAt      int64
	StartedAt      int64
	FinishedAt     int64
}

// NewJob is what EnqueueJob needs. Zero values take defaults: RunAt now,
// Payload "{}", MaxAttempts DefaultJobMaxAttempts.
type NewJob struct {
	Kind        string
	CorpID      string
	DedupeKey   string // optional; (Kind, DedupeKey) is unique for the table's lifetime
	Payload     string
	RunAt       time.Time
	Priority    int // higher runs first
	MaxAttempts int
}

// JobProgress is a job's self-reported progress.
type JobProgress struct {
	Done  int64
	Total int64
	Note  string
}

// JobFailure describes a failed attempt. The job goes dead when Permanent
// is set or its attempts are used up; otherwise it is queued for RetryAt.
type JobFailure struct {
	Error     string
	RetryAt   time.Time
	Permanent bool
}

const jobColumns = `id, kind, corp_id, COALESCE(dedupe_key, ''), payload, state, priority, attempts, max_attempts,
	run_at, lease_owner, lease_expires_at, last_error, progress_done, progress_total, progress_note, result,
	created_at, updated_at, started_at, finished_at`

type scanner interface{ Scan(dest ...any) error }

func scanJob(r scanner) (Job, error) {
	var j Job
	err := r.Scan(&j.ID, &j.Kind, &j.CorpID, &j.DedupeKey, &j.Payload, &j.State, &j.Priority, &j.Attempts,
		&j.MaxAttempts, &j.RunAt, &j.LeaseOwner, &j.LeaseExpiresAt, &j.LastError, &j.ProgressDone,
		&j.ProgressTotal, &j.ProgressNote, &j.Result, &j.CreatedAt, &j.UpdatedAt, &j.StartedAt, &j.FinishedAt)
	return j, err
}

// EnqueueJob adds a job and returns its id. With a dedupe key, enqueueing a
// (kind, dedupe_key) that already exists, in any state, is a no-op that
// returns the existing id and created=false. It joins a transaction carried
// by ctx, so work can be enqueued atomically with the change that causes it.
func (s *Store) EnqueueJob(ctx context.Context, j NewJob) (id int64, created bool, err error) {
	if j.Kind == "" {
		return 0, false, errors.New("store: enqueue job: empty kind")
	}
	if j.Payload == "" {
		j.Payload = "{}"
	}
	if j.MaxAttempts <= 0 {
		j.MaxAttempts = DefaultJobMaxAttempts
	}
	now := s.nowMS()
	runAt := now
	if !j.RunAt.IsZero() {
		runAt = j.RunAt.UnixMilli()
	}
	var dedupe any
	if j.DedupeKey != "" {
		dedupe = j.DedupeKey
	}
	err = s.queryRow(ctx, `INSERT INTO jobs (kind, corp_id, dedupe_key, payload, state, priority, max_attempts, run_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)
		ON CONFLICT (kind, dedupe_key) DO NOTHING RETURNING id`,
		j.Kind, j.CorpID, dedupe, j.Payload, j.Priority, j.MaxAttempts, runAt, now, now).Scan(&id)
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) || j.DedupeKey == "" {
		return 0, false, fmt.Errorf("store: enqueue job %s: %w", j.Kind, err)
	}
	err = s.queryRow(ctx, `SELECT id FROM jobs WHERE kind = ? AND dedupe_key = ?`, j.Kind, j.DedupeKey).Scan(&id)
	if err != nil {
		return 0, false, notFound(err, "enqueue job "+j.Kind+": existing")
	}
	return id, false, nil
}

// ClaimRequest asks for one ready job.
type ClaimRequest struct {
	Owner string        // a token unique to this claim; later calls must present it
	Kinds []string      // kinds the worker can run; empty means any
	Lease time.Duration // how long the job is ours without a heartbeat
}

// ClaimJob leases the next ready job: queued and due, or running with an
// expired lease (its worker died), highest priority then oldest run_at
// first. Each claim counts an attempt. It returns ErrNotFound when nothing
// is ready. PostgreSQL claims in one statement with FOR UPDATE SKIP LOCKED,
// so concurrent claimers never wait on each other; SQLite claims in an
// immediate (single-writer) transaction.
func (s *Store) ClaimJob(ctx context.Context, req ClaimRequest) (Job, error) {
	if req.Owner == "" || req.Lease <= 0 {
		return Job{}, errors.New("store: claim job: owner and lease are required")
	}
	now := s.nowMS()
	args := []any{req.Owner, now + req.Lease.Milliseconds(), now, now, now, now}
	kindFilter := ""
	if len(req.Kinds) > 0 {
		kindFilter = " AND kind IN (?" + strings.Repeat(", ?", len(req.Kinds)-1) + ")"
		for _, k := range req.Kinds {
			args = append(args, k)
		}
	}
	// The claim must walk jobs_claim in order and stop at the first due row.
	// SQLite's planner (without ANALYZE statistics) prefers the equality
	// index on (kind, state) and sorts every queued row, which makes each
	// claim O(backlog); INDEXED BY pins the right plan.
	from, lock := "jobs INDEXED BY jobs_claim", ""
	if s.dialect == Postgres {
		from, lock = "jobs", " FOR UPDATE SKIP LOCKED"
	}
	q := `UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?,
			started_at = ?, updated_at = ?, finished_at = 0
		WHERE id = (SELECT id FROM ` + from + `
			WHERE state IN ('queued', 'running') AND ((state = 'queued' AND run_at <= ?) OR (state = 'running' AND lease_expires_at <= ?))` +
		kindFilter + `
			ORDER BY priority DESC, run_at, id LIMIT 1` + lock + `)
		RETURNING ` + jobColumns
	var j Job
	claim := func(ctx context.Context) error {
		var err error
		j, err = scanJob(s.queryRow(ctx, q, args...))
		return err
	}
	var err error
	if s.dialect == SQLite {
		err = s.WithTx(ctx, claim)
	} else {
		err = claim(ctx)
	}
	if err != nil {
		return Job{}, notFound(err, "claim job")
	}
	return j, nil
}

// HeartbeatJob extends the lease of a job the owner holds and, when p is not
// nil, records its progress. ErrLeaseLost means stop working on it.
func (s *Store) HeartbeatJob(ctx context.Context, id int64, owner string, lease time.Duration, p *JobProgress) error {
	now := s.nowMS()
	var res sql.Result
	var err error
	if p == nil {
		res, err = s.exec(ctx, `UPDATE jobs SET lease_expires_at = ?, updated_at = ?
			WHERE id = ? AND lease_owner = ? AND state = 'running'`, now+lease.Milliseconds(), now, id, owner)
	} else {
		res, err = s.exec(ctx, `UPDATE jobs SET lease_expires_at = ?, updated_at = ?,
				progress_done = ?, progress_total = ?, progress_note = ?
			WHERE id = ? AND lease_owner = ? AND state = 'running'`,
			now+lease.Milliseconds(), now, p.Done, p.Total, p.Note, id, owner)
	}
	return leaseResult(res, err, "heartbeat job", id)
}

// CompleteJob marks a held job succeeded with its result.
func (s *Store) CompleteJob(ctx context.Context, id int64, owner, result string) error {
	now := s.nowMS()
	res, err := s.exec(ctx, `UPDATE jobs SET state = 'succeeded', result = ?, lease_owner = '', lease_expires_at = 0,
			updated_at = ?, finished_at = ?
		WHERE id = ? AND lease_owner = ? AND state = 'running'`, result, now, now, id, owner)
	return leaseResult(res, err, "complete job", id)
}

// FailJob records a failed attempt of a held job and returns the state it
// went to: queued again at f.RetryAt, or dead when f.Permanent is set or the
// job has used all its attempts.
func (s *Store) FailJob(ctx context.Context, id int64, owner string, f JobFailure) (JobState, error) {
	now := s.nowMS()
	msg := f.Error
	if len(msg) > maxJobErrorLen {
		msg = msg[:maxJobErrorLen]
	}
	perm := 0
	if f.Permanent {
		perm = 1
	}
	retryAt := f.RetryAt.UnixMilli()
	if f.RetryAt.IsZero() {
		retryAt = now
	}
	var st JobState
	err := s.queryRow(ctx, `UPDATE jobs SET
			state = CASE WHEN ? = 1 OR attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
			finished_at = CASE WHEN ? = 1 OR attempts >= max_attempts THEN CAST(? AS BIGINT) ELSE 0 END,
			run_at = ?, last_error = ?, lease_owner = '', lease_expires_at = 0, updated_at = ?
		WHERE id = ? AND lease_owner = ? AND state = 'running'
		RETURNING state`, perm, perm, now, retryAt, msg, now, id, owner).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: fail job %d: %w", id, ErrLeaseLost)
	}
	if err != nil {
		return "", fmt.Errorf("store: fail job %d: %w", id, err)
	}
	return st, nil
}

func leaseResult(res sql.Result, err error, what string, id int64) error {
	if err != nil {
		return fmt.Errorf("store: %s %d: %w", what, id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %s %d: %w", what, id, err)
	}
	if n == 0 {
		return fmt.Errorf("store: %s %d: %w", what, id, ErrLeaseLost)
	}
	return nil
}
