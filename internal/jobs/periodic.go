package jobs

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

// PeriodicKindPrefix starts the job kind of every periodic task.
const PeriodicKindPrefix = "periodic:"

type periodicTask struct {
	name     string
	interval time.Duration
	kind     string
	lastSlot int64
}

// PeriodicTask describes a named periodic task for the UI.
type PeriodicTask struct {
	Name     string
	Kind     string
	Interval time.Duration
	NextRun  time.Time
	Last     *store.Job // the most recent run (of any trigger), nil before the first
}

// Every registers a named task run once per interval slot. Each run is an
// ordinary job of kind "periodic:<name>" whose dedupe key is the slot's
// start, so several portal processes sharing one database run a slot once
// and a restart does not rerun a slot that already ran. It must be called
// before Start. Runs are retried (3 attempts) and never overlap.
func (r *Runner) Every(name string, interval time.Duration, fn func(ctx context.Context) error) {
	if interval <= 0 {
		panic("jobs: Every " + name + ": interval must be positive")
	}
	t := &periodicTask{name: name, interval: interval, kind: PeriodicKindPrefix + name}
	r.Register(t.kind, func(ctx context.Context, _ Job, p *Progress) error { return r.runPeriodic(ctx, name, fn, p) },
		Policy{MaxAttempts: 3, Concurrency: 1, Timeout: max(interval, time.Minute)})
	r.periodic = append(r.periodic, t)
}

// Exclusive runs fn only while this process holds the named task's
// cluster-wide lease; ran is false (no error) when another process holds
// it, i.e. runs the task now. lease.Coordinator.Exclusive is one.
type Exclusive func(ctx context.Context, name string, fn func(ctx context.Context) error) (ran bool, err error)

// SetExclusive makes every periodic task run on one process at a time
// (before Start). The slot's dedupe key already makes a slot one job, run
// once; but runs of one task still overlap across processes (a slot that
// outlasts its interval beside the next slot, "run now" beside a slot, a
// job taken over after its worker stalled) since Concurrency counts one
// process only. A run that finds the task running elsewhere is skipped:
// the run in progress does the work.
func (r *Runner) SetExclusive(x Exclusive) { r.exclusive = x }

func (r *Runner) runPeriodic(ctx context.Context, name string, fn func(ctx context.Context) error, p *Progress) error {
	if r.exclusive == nil {
		return fn(ctx)
	}
	ran, err := r.exclusive(ctx, name, fn)
	if err == nil && !ran {
		r.o.Log.Info("jobs: periodic task is running on another replica; this run is skipped", "task", name)
		p.SetResult("skipped: running on another replica")
	}
	return err
}

// slotStart is the start of the interval slot holding now.
func slotStart(now time.Time, interval time.Duration) time.Time { return now.Truncate(interval) }

// schedule enqueues each task's current slot, then sleeps to the next boundary.
func (r *Runner) schedule(ctx context.Context) error {
	for ctx.Err() == nil {
		now := r.o.Now()
		next := now.Add(time.Hour)
		for _, t := range r.periodic {
			slot := slotStart(now, t.interval)
			if slot.UnixMilli() != t.lastSlot {
				_, err := r.Enqueue(ctx, NewJob{Kind: t.kind, DedupeKey: "slot:" + strconv.FormatInt(slot.UnixMilli(), 10)})
				if err != nil {
					if ctx.Err() == nil {
						r.o.Log.Error("jobs: schedule periodic task", "task", t.name, "err", err)
					}
					next = now.Add(r.o.PollInterval) // try again soon
					continue
				}
				t.lastSlot = slot.UnixMilli()
			}
			if n := slot.Add(t.interval); n.Before(next) {
				next = n
			}
		}
		tm := time.NewTimer(max(next.Sub(r.o.Now()), time.Millisecond))
		select {
		case <-ctx.Done():
			tm.Stop()
		case <-tm.C:
		}
	}
	return nil
}

// PeriodicTasks lists the registered periodic tasks with their last run.
func (r *Runner) PeriodicTasks(ctx context.Context) ([]PeriodicTask, error) {
	if err := auth.RequireInCorp(ctx, auth.JobsRead, ""); err != nil {
		return nil, fmt.Errorf("jobs: periodic tasks run for every corp: %w", err)
	}
	kinds := make([]string, len(r.periodic))
	for i, t := range r.periodic {
		kinds[i] = t.kind
	}
	latest, err := r.st.LatestJobs(ctx, kinds)
	if err != nil {
		return nil, err
	}
	now := r.o.Now()
	out := make([]PeriodicTask, 0, len(r.periodic))
	for _, t := range r.periodic {
		pt := PeriodicTask{Name: t.name, Kind: t.kind, Interval: t.interval, NextRun: slotStart(now, t.interval).Add(t.interval)}
		if j, ok := latest[t.kind]; ok {
			pt.Last = &j
		}
		out = append(out, pt)
	}
	slices.SortFunc(out, func(a, b PeriodicTask) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// RunPeriodic enqueues an extra run of a periodic task now ("run now").
func (r *Runner) RunPeriodic(ctx context.Context, name string) (int64, error) {
	if err := auth.RequireInCorp(ctx, auth.JobsWrite, ""); err != nil {
		return 0, fmt.Errorf("jobs: periodic tasks run for every corp: %w", err)
	}
	for _, t := range r.periodic {
		if t.name == name {
			return r.Enqueue(ctx, NewJob{Kind: t.kind, DedupeKey: "manual:" + strconv.FormatInt(time.Now().UnixNano(), 10)})
		}
	}
	return 0, fmt.Errorf("jobs: periodic task %q: %w", name, store.ErrNotFound)
}
