package jobs_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wecomadmin/internal/jobs"
	"wecomadmin/internal/lease"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/supervise"
)

func TestPeriodicTaskRunsOncePerSlotAndOnDemand(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		var runs atomic.Int32
		task := func(context.Context) error { runs.Add(1); return nil }
		// A stopped clock: a test that crosses the top of an hour on the
		// wall clock would otherwise see a second slot run.
		now := time.Now()
		clock := func() time.Time { return now }
		// Two runners on one database (two portal processes): the slot runs once.
		r1 := newRunner(t, b.Store, nil, jobs.Options{Now: clock})
		r2 := newRunner(t, b.Store, nil, jobs.Options{Now: clock})
		r1.Every("retention", time.Hour, task)
		r2.Every("retention", time.Hour, task)
		r1.Every("broken", time.Hour, func(context.Context) error { return errors.New("nope") })
		start(t, r1)
		start(t, r2)
		deadline := time.Now().Add(2 * time.Minute)
		var tasks []jobs.PeriodicTask
		for {
			var err error
			tasks, err = r1.PeriodicTasks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(tasks) == 2 && tasks[1].Last != nil && tasks[1].Last.State == store.JobSucceeded &&
				tasks[0].Last != nil && tasks[0].Last.State == store.JobDead {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("periodic tasks did not run: %+v", tasks)
			}
			time.Sleep(10 * time.Millisecond)
		}
		if tasks[0].Name != "broken" || tasks[0].Last.LastError != "nope" || !tasks[1].NextRun.After(now) {
			t.Fatalf("tasks: %+v %+v", tasks[0], *tasks[0].Last)
		}
		id, err := r1.RunPeriodic(ctx, "retention")
		if err != nil {
			t.Fatal(err)
		}
		waitJob(t, b.Store, id, store.JobSucceeded)
		if n := runs.Load(); n != 2 {
			t.Fatalf("retention ran %d times; want 2 (its slot once, then run now)", n)
		}
		if _, err := r1.RunPeriodic(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown task: %v", err)
		}
	})
}

// A handler that finishes within the shutdown grace is recorded; one that
// ignores its context is abandoned with its lease left to expire.
func TestRunnerGracefulShutdown(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		// The grace is what a loaded machine needs to record the quick job.
		// It ends when the quick job's outcome is recorded (the completion
		// hook), so the test does not wait it out for the stuck job; if the
		// quick job is never recorded it ends after the full 10 s.
		quickRecorded := make(chan struct{})
		var recorded sync.Once
		r := newRunner(t, b.Store, nil, jobs.Options{Workers: 2, ShutdownGrace: 10 * time.Second,
			OnOutcome: func(kind string, _ int64, outcome string) {
				if kind == "quick" && outcome == jobs.OutcomeSucceeded {
					recorded.Do(func() { close(quickRecorded) })
				}
			},
			After: func(d time.Duration) <-chan time.Time {
				c := make(chan time.Time, 1)
				go func() {
					select {
					case <-quickRecorded:
					case <-time.After(d):
					}
					c <- time.Now()
				}()
				return c
			}})
		quickStarted, stuckStarted := make(chan struct{}), make(chan struct{})
		release := make(chan struct{})
		r.Register("quick", func(ctx context.Context, _ jobs.Job, _ *jobs.Progress) error {
			close(quickStarted)
			time.Sleep(50 * time.Millisecond)
			return nil
		}, jobs.Policy{})
		r.Register("stuck", func(context.Context, jobs.Job, *jobs.Progress) error {
			close(stuckStarted)
			<-release // ignores its context
			return nil
		}, jobs.Policy{})
		defer close(release)
		quick, _ := r.Enqueue(ctx, jobs.NewJob{Kind: "quick"})
		stuck, _ := r.Enqueue(ctx, jobs.NewJob{Kind: "stuck"})
		runCtx, cancel := context.WithCancel(ctx)
		g := supervise.NewGroup(testLog(t))
		r.Start(runCtx, g)
		<-quickStarted
		<-stuckStarted
		cancel()
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
		if j, _ := b.Store.GetJob(ctx, quick); j.State != store.JobSucceeded {
			t.Errorf("quick job after shutdown: %s; want succeeded", j.State)
		}
		if j, _ := b.Store.GetJob(ctx, stuck); j.State != store.JobRunning || j.LeaseOwner == "" {
			t.Errorf("stuck job after shutdown: %s owner %q; want running with its lease", j.State, j.LeaseOwner)
		}
	})
}

// TestPeriodicTaskRunsOnOneReplicaAtATime: two runners (two replicas) each
// with a lease coordinator. The slot is one job (its dedupe key), but a
// "run now" while the slot still runs is claimed by the other replica,
// which would run the task beside it (Concurrency counts one process);
// under the task's lease it is skipped instead, and once the slot's run
// has ended the next run goes ahead.
func TestPeriodicTaskRunsOnOneReplicaAtATime(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		var running, most, runs atomic.Int32
		release := make(chan struct{})
		task := func(ctx context.Context) error {
			n := running.Add(1)
			defer running.Add(-1)
			if n > most.Load() {
				most.Store(n)
			}
			if runs.Add(1) == 1 {
				<-release // the slot's run outlasts the "run now" below
			}
			return nil
		}
		now := time.Now()
		clock := func() time.Time { return now }
		for _, id := range []string{"r1", "r2"} {
			r := newRunner(t, b.Store, nil, jobs.Options{Now: clock})
			r.SetExclusive(lease.New(b.Store, lease.Options{ID: id, TTL: time.Minute}).Exclusive)
			r.Every("retention", time.Hour, task)
			defer start(t, r)()
		}
		waitFor(t, func() bool { return running.Load() == 1 })
		tasks, err := b.Store.LatestJobs(ctx, []string{jobs.PeriodicKindPrefix + "retention"})
		if err != nil {
			t.Fatal(err)
		}
		slot := tasks[jobs.PeriodicKindPrefix+"retention"]
		if held := liveHolder(t, b.Store, "task:retention"); held != "r1" && held != "r2" {
			t.Errorf("status: task:retention held by %q", held)
		}
		extra, _, err := b.Store.EnqueueJob(ctx, store.NewJob{Kind: jobs.PeriodicKindPrefix + "retention", DedupeKey: "manual:1"})
		if err != nil {
			t.Fatal(err)
		}
		j := waitJob(t, b.Store, extra, store.JobSucceeded)
		if j.Result != "skipped: running on another replica" || most.Load() != 1 {
			t.Fatalf("run now beside the slot: result %q, at most %d at once", j.Result, most.Load())
		}
		close(release)
		waitJob(t, b.Store, slot.ID, store.JobSucceeded)
		again, _, err := b.Store.EnqueueJob(ctx, store.NewJob{Kind: jobs.PeriodicKindPrefix + "retention", DedupeKey: "manual:2"})
		if err != nil {
			t.Fatal(err)
		}
		if j := waitJob(t, b.Store, again, store.JobSucceeded); j.Result != "" || runs.Load() != 2 || most.Load() != 1 {
			t.Fatalf("run after the slot: result %q, %d runs, at most %d at once", j.Result, runs.Load(), most.Load())
		}
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// liveHolder is the replica holding a live lease (what status shows).
func liveHolder(t *testing.T, st *store.Store, name string) string {
	t.Helper()
	ls, err := st.Leases(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if l.Name == name && l.ExpiresAt > time.Now().UnixMilli() {
			return l.Holder
		}
	}
	return ""
}
