package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"wecomadmin/internal/store"
)

// Outcomes counted in metrics.JobRuns.
const (
	OutcomeSucceeded = "succeeded" // completed
	OutcomeRetry     = "retry"     // failed, queued again after a backoff
	OutcomeDead      = "dead"      // failed for good: permanent error or attempts used up
	OutcomeLost      = "lost"      // the lease was lost (cancelled, or expired and taken over)
	OutcomeAbandoned = "abandoned" // shutdown grace ran out; the lease is left to expire
)

// storeTimeout bounds each bookkeeping write so a stuck database cannot
// hang a worker forever.
const storeTimeout = 15 * time.Second

// execute runs one claimed job to an outcome. ctx is the runner's: when it
// ends the handler gets ShutdownGrace more before it is abandoned.
func (r *Runner) execute(ctx context.Context, sj store.Job) {
	reg := r.handlers[sj.Kind]
	log := r.o.Log.With("job_id", sj.ID, "kind", sj.Kind, "attempt", sj.Attempts)
	owner := sj.LeaseOwner
	// Bookkeeping outlives ctx: a job that finishes during the grace period is recorded.
	bg := context.WithoutCancel(ctx)
	if sj.Attempts > sj.MaxAttempts {
		// Its worker died on the final attempt: nothing left to try.
		r.fail(bg, sj, owner, reg.policy, Permanent(errors.New("lease expired on the final attempt (worker died or stalled)")), log)
		return
	}
	job := Job{ID: sj.ID, Kind: sj.Kind, CorpID: sj.CorpID, Payload: json.RawMessage(sj.Payload),
		Attempt: sj.Attempts, MaxAttempts: sj.MaxAttempts}
	prog := &Progress{}
	hctx, cancel := context.WithTimeout(bg, reg.policy.Timeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- safeCall(hctx, reg.h, job, prog) }()

	tick := time.NewTicker(r.heartbeatEvery())
	defer tick.Stop()
	lastRenew := time.Now()
	var grace <-chan time.Time
	shutdown := ctx.Done()
	for {
		select {
		case err := <-done:
			if err != nil && errors.Is(hctx.Err(), context.DeadlineExceeded) {
				err = fmt.Errorf("timed out after %s: %w", reg.policy.Timeout, err)
			}
			r.finish(bg, sj, owner, reg.policy, prog, err, log)
			return
		case <-tick.C:
			p := prog.take()
			if p == nil && time.Since(lastRenew) < r.o.Lease/3 {
				continue
			}
			hbCtx, c := context.WithTimeout(bg, storeTimeout)
			err := r.st.HeartbeatJob(hbCtx, sj.ID, owner, r.o.Lease, p)
			c()
			switch {
			case errors.Is(err, store.ErrLeaseLost):
				cancel()
				select { // give the handler a moment to see its context end
				case <-done:
				case <-r.o.After(r.o.ShutdownGrace):
				}
				log.Warn("jobs: lease lost while running (cancelled or taken over)")
				r.count(sj, OutcomeLost)
				return
			case err != nil:
				if p != nil {
					prog.untake()
				}
				log.Warn("jobs: heartbeat failed", "err", err)
			default:
				lastRenew = time.Now()
			}
		case <-shutdown:
			shutdown = nil
			grace = r.o.After(r.o.ShutdownGrace)
		case <-grace:
			cancel()
			log.Warn("jobs: handler still running at end of shutdown grace; leaving its lease to expire")
			r.count(sj, OutcomeAbandoned)
			return
		}
	}
}

// heartbeatEvery ticks often enough to publish progress about once a second
// and to renew the lease well before it runs out.
func (r *Runner) heartbeatEvery() time.Duration {
	return max(min(time.Second, r.o.Lease/3), 10*time.Millisecond)
}

// safeCall runs the handler and turns a panic into an error.
func safeCall(ctx context.Context, h Handler, j Job, p *Progress) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &panicError{value: v, stack: debug.Stack()}
		}
	}()
	return h(ctx, j, p)
}

type panicError struct {
	value any
	stack []byte
}

func (e *panicError) Error() string { return fmt.Sprintf("panic: %v", e.value) }

func (r *Runner) finish(ctx context.Context, sj store.Job, owner string, p Policy, prog *Progress, err error, log *slog.Logger) {
	if err != nil {
		r.fail(ctx, sj, owner, p, err, log)
		return
	}
	// Publish the last progress with the result.
	if last := prog.take(); last != nil {
		c, cancel := context.WithTimeout(ctx, storeTimeout)
		_ = r.st.HeartbeatJob(c, sj.ID, owner, r.o.Lease, last)
		cancel()
	}
	c, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	switch cerr := r.st.CompleteJob(c, sj.ID, owner, prog.resultText()); {
	case errors.Is(cerr, store.ErrLeaseLost):
		log.Warn("jobs: finished but the lease was lost; result dropped")
		r.count(sj, OutcomeLost)
	case cerr != nil:
		// The lease will expire and the job run again: handlers must be idempotent.
		log.Error("jobs: could not record completion", "err", cerr)
	default:
		r.count(sj, OutcomeSucceeded)
	}
}

func (r *Runner) fail(ctx context.Context, sj store.Job, owner string, p Policy, err error, log *slog.Logger) {
	var pe *panicError
	if errors.As(err, &pe) {
		log.Error("jobs: handler panicked", "panic", fmt.Sprint(pe.value), "stack", string(pe.stack))
	}
	delay := retryDelay(p, sj.Attempts, r.rnd)
	c, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	st, ferr := r.st.FailJob(c, sj.ID, owner, store.JobFailure{
		Error: err.Error(), RetryAt: r.o.Now().Add(delay), Permanent: IsPermanent(err),
	})
	switch {
	case errors.Is(ferr, store.ErrLeaseLost):
		log.Warn("jobs: failed but the lease was lost", "err", err)
		r.count(sj, OutcomeLost)
	case ferr != nil:
		log.Error("jobs: could not record failure", "err", err, "record_err", ferr)
	case st == store.JobDead:
		log.Error("jobs: job dead-lettered", "err", err, "permanent", IsPermanent(err))
		r.count(sj, OutcomeDead)
	default:
		log.Warn("jobs: attempt failed; will retry", "err", err, "retry_in_ms", delay.Milliseconds())
		r.count(sj, OutcomeRetry)
	}
}
