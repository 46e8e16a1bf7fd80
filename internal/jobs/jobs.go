// Package jobs runs durable jobs kept in the store: workers claim ready jobs
// with a lease, renew it while a handler runs, and record the outcome. A
// failed attempt is retried with exponential backoff and full jitter until
// its attempts are used up, then dead-lettered for an admin to retry. A
// worker that dies mid-job simply stops renewing its lease; once it expires
// the job is claimable again, so a crash never loses work.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"wecomadmin/internal/store"
)

// Queue is what the workers need from the store.
type Queue interface {
	EnqueueJob(ctx context.Context, j store.NewJob) (int64, bool, error)
	ClaimJob(ctx context.Context, req store.ClaimRequest) (store.Job, error)
	HeartbeatJob(ctx context.Context, id int64, owner string, lease time.Duration, p *store.JobProgress) error
	CompleteJob(ctx context.Context, id int64, owner, result string) error
	FailJob(ctx context.Context, id int64, owner string, f store.JobFailure) (store.JobState, error)
}

// Admin is what the admin API needs from the store.
type Admin interface {
	GetJob(ctx context.Context, id int64) (store.Job, error)
	ListJobs(ctx context.Context, f store.JobFilter) ([]store.Job, int64, error)
	RetryJob(ctx context.Context, id int64) (store.Job, error)
	CancelJob(ctx context.Context, id int64) (store.Job, error)
	JobCounts(ctx context.Context) ([]store.JobCount, error)
	LatestJobs(ctx context.Context, kinds []string) (map[string]store.Job, error)
}

// Store is both; *store.Store satisfies it.
type Store interface {
	Queue
	Admin
}

// Job is what a handler sees of the job it runs.
type Job struct {
	ID          int64
	Kind        string
	CorpID      string
	Payload     json.RawMessage
	Attempt     int // 1 on the first run
	MaxAttempts int
}

// Decode unmarshals the payload. A payload that does not decode will never
// decode, so the error is permanent.
func (j Job) Decode(v any) error {
	if err := json.Unmarshal(j.Payload, v); err != nil {
		return Permanent(fmt.Errorf("jobs: %s %d: decode payload: %w", j.Kind, j.ID, err))
	}
	return nil
}

// Handler runs one attempt of a job. Returning nil completes it; an error
// schedules a retry (or dead-letters it when wrapped by Permanent or when
// its attempts are used up). ctx ends at the kind's timeout, when the job is
// cancelled, or when shutdown's grace period runs out.
type Handler func(ctx context.Context, j Job, p *Progress) error

// Policy tunes one kind. Zero fields take the runner's defaults.
type Policy struct {
	InitialDelay time.Duration // first retry waits up to this long
	Multiplier   float64       // each retry's ceiling grows by this factor
	MaxDelay     time.Duration // ceiling of the ceiling
	MaxAttempts  int           // attempts before the job goes dead
	Timeout      time.Duration // per attempt
	Concurrency  int           // most jobs of this kind running at once in this process
}

func (p Policy) withDefaults(d Policy) Policy {
	if p.InitialDelay <= 0 {
		p.InitialDelay = d.InitialDelay
	}
	if p.Multiplier < 1 {
		p.Multiplier = d.Multiplier
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = d.MaxDelay
	}
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.Timeout <= 0 {
		p.Timeout = d.Timeout
	}
	if p.Concurrency <= 0 {
		p.Concurrency = d.Concurrency
	}
	return p
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks an error that retrying cannot fix (bad payload, a
// refused request): the job is dead-lettered at once.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

// IsPermanent reports whether err was marked by Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// Progress is a running job's progress and result. Updates are cheap: they
// are written to the store with the next lease renewal (about once a second).
type Progress struct {
	mu     sync.Mutex
	cur    store.JobProgress
	dirty  bool
	result string
}

// Update records how far the job has got.
func (p *Progress) Update(done, total int64, note string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cur = store.JobProgress{Done: done, Total: total, Note: note}
	p.dirty = true
}

// SetResult records the job's result (a short text or JSON) for the UI.
func (p *Progress) SetResult(result string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.result = result
}

// take returns unsaved progress, or nil.
func (p *Progress) take() *store.JobProgress {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.dirty {
		return nil
	}
	p.dirty = false
	c := p.cur
	return &c
}

// untake marks progress unsaved again after a failed write.
func (p *Progress) untake() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dirty = true
}

func (p *Progress) resultText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.result
}

// NewJob is what other features enqueue.
type NewJob struct {
	Kind      string
	CorpID    string
	DedupeKey string    // optional: a second enqueue of (Kind, DedupeKey) returns the first job's id
	Payload   any       // marshalled to JSON; json.RawMessage and []byte are used as they are
	RunAt     time.Time // zero: now
	Priority  int       // higher first
}
