package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"wecomadmin/internal/jobs"
	"wecomadmin/internal/metrics"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/supervise"
)

// fastPolicy retries within milliseconds so tests stay quick.
var fastPolicy = jobs.Policy{InitialDelay: 5 * time.Millisecond, Multiplier: 2, MaxDelay: 20 * time.Millisecond}

func newRunner(t *testing.T, st jobs.Store, m *metrics.Metrics, o jobs.Options) *jobs.Runner {
	t.Helper()
	if o.PollInterval == 0 {
		o.PollInterval = 20 * time.Millisecond
	}
	if o.Lease == 0 {
		// Long enough that no claim expires while its completion waits for a
		// busy database on a loaded machine: an expired claim is rerun by
		// another worker, which the exactly-once checks would count.
		o.Lease = time.Minute
	}
	o.Metrics = m
	o.Defaults = fastPolicy
	if own := o.OnOutcome; own != nil {
		o.OnOutcome = func(kind string, id int64, outcome string) { own(kind, id, outcome); settled.hook(kind, id, outcome) }
	} else {
		o.OnOutcome = settled.hook
	}
	return jobs.New(st, o)
}

// start runs r until the test ends.
func start(t *testing.T, r *jobs.Runner) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	g := supervise.NewGroup(testLog(t))
	r.Start(ctx, g)
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := g.Wait(); err != nil {
				t.Errorf("runner group: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func waitJob(t *testing.T, st jobs.Admin, id int64, want store.JobState) store.Job {
	t.Helper()
	var j store.Job
	ok := settled.until(2*time.Minute, func() bool {
		var err error
		if j, err = st.GetJob(context.Background(), id); err != nil {
			t.Fatal(err)
		}
		return j.State == want
	})
	if !ok {
		t.Fatalf("job %d: state %s after 2m; want %s (%+v)", id, j.State, want, j)
	}
	return j
}

// waitCount waits up to a minute for the kind's outcome count to reach want
// and returns the count it saw last.
func waitCount(m *metrics.Metrics, kind, outcome string, want float64) float64 {
	var got float64
	settled.until(time.Minute, func() bool {
		got = testutil.ToFloat64(m.JobRuns.WithLabelValues(kind, outcome))
		return got >= want
	})
	return got
}

func TestRunnerRetriesThenSucceeds(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		m := metrics.New()
		r := newRunner(t, b.Store, m, jobs.Options{Workers: 2})
		var calls atomic.Int32
		r.Register("flaky", func(ctx context.Context, j jobs.Job, p *jobs.Progress) error {
			var in struct{ N int64 }
			if err := j.Decode(&in); err != nil {
				return err
			}
			if calls.Add(1) < 3 {
				return fmt.Errorf("transient %d", j.Attempt)
			}
			p.Update(in.N, in.N, "done")
			p.SetResult(fmt.Sprintf(`{"attempt":%d}`, j.Attempt))
			return nil
		}, jobs.Policy{})
		start(t, r)
		id, err := r.Enqueue(context.Background(), jobs.NewJob{Kind: "flaky", Payload: map[string]int{"n": 7}})
		if err != nil {
			t.Fatal(err)
		}
		j := waitJob(t, b.Store, id, store.JobSucceeded)
		if j.Attempts != 3 || j.Result != `{"attempt":3}` || j.ProgressDone != 7 || j.LastError != "transient 2" {
			t.Fatalf("job %+v", j)
		}
		// The runner counts an outcome just after it commits the job's state,
		// so a count may trail the row (even the retry count: the next
		// attempt can run before the worker that failed the last one counts).
		if got := waitCount(m, "flaky", jobs.OutcomeRetry, 2); got != 2 {
			t.Errorf("retry count %v; want 2", got)
		}
		if got := waitCount(m, "flaky", jobs.OutcomeSucceeded, 1); got != 1 {
			t.Errorf("success count %v; want 1", got)
		}
		if n, err := testutil.GatherAndCount(m.Registry, "wecomadmin_jobs"); err != nil || n == 0 {
			t.Errorf("queue depth gauge: %d series, %v", n, err)
		}
	})
}

func TestRunnerDeadLetters(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := newRunner(t, b.Store, metrics.New(), jobs.Options{})
		var permCalls, panicCalls, failCalls atomic.Int32
		r.Register("perm", func(context.Context, jobs.Job, *jobs.Progress) error {
			permCalls.Add(1)
			return jobs.Permanent(errors.New("corrupt media key"))
		}, jobs.Policy{})
		r.Register("panics", func(context.Context, jobs.Job, *jobs.Progress) error {
			panicCalls.Add(1)
			panic("parser bug")
		}, jobs.Policy{MaxAttempts: 2})
		r.Register("fails", func(context.Context, jobs.Job, *jobs.Progress) error {
			failCalls.Add(1)
			return errors.New("still down")
		}, jobs.Policy{MaxAttempts: 3})
		r.Register("badpayload", func(_ context.Context, j jobs.Job, _ *jobs.Progress) error {
			var v struct{ N int }
			return j.Decode(&v)
		}, jobs.Policy{})
		start(t, r)
		ctx := context.Background()
		ids := map[string]int64{}
		for _, k := range []string{"perm", "panics", "fails", "badpayload"} {
			p := any(nil)
			if k == "badpayload" {
				p = []byte(`not json`)
			}
			id, err := r.Enqueue(ctx, jobs.NewJob{Kind: k, Payload: p})
			if err != nil {
				t.Fatal(err)
			}
			ids[k] = id
		}
		cases := []struct {
			kind     string
			calls    *atomic.Int32
			attempts int
			errPart  string
		}{
			{"perm", &permCalls, 1, "corrupt media key"},
			{"panics", &panicCalls, 2, "panic: parser bug"},
			{"fails", &failCalls, 3, "still down"},
			{"badpayload", nil, 1, "decode payload"},
		}
		for _, c := range cases {
			j := waitJob(t, b.Store, ids[c.kind], store.JobDead)
			if j.Attempts != c.attempts || !strings.Contains(j.LastError, c.errPart) || j.FinishedAt == 0 {
				t.Errorf("%s: %+v", c.kind, j)
			}
			if c.calls != nil && int(c.calls.Load()) != c.attempts {
				t.Errorf("%s: handler ran %d times; want %d", c.kind, c.calls.Load(), c.attempts)
			}
		}
		// An admin retry gives it fresh attempts.
		permCalls.Store(0)
		if _, err := r.RetryJob(ctx, ids["perm"]); err != nil {
			t.Fatal(err)
		}
		j := waitJob(t, b.Store, ids["perm"], store.JobDead)
		if permCalls.Load() != 1 || j.Attempts != 1 {
			t.Errorf("after retry: calls %d, %+v", permCalls.Load(), j)
		}
	})
}

// Every job runs exactly once across many workers, and a kind's
// concurrency cap holds.
func TestRunnerExactlyOnceAndConcurrencyCap(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := newRunner(t, b.Store, nil, jobs.Options{Workers: 6})
		var mu sync.Mutex
		runs := map[int64]int{}
		var running, peak atomic.Int32
		h := func(capped bool) jobs.Handler {
			return func(ctx context.Context, j jobs.Job, _ *jobs.Progress) error {
				if capped {
					n := running.Add(1)
					defer running.Add(-1)
					for {
						p := peak.Load()
						if n <= p || peak.CompareAndSwap(p, n) {
							break
						}
					}
					time.Sleep(2 * time.Millisecond)
				}
				mu.Lock()
				runs[j.ID]++
				mu.Unlock()
				return nil
			}
		}
		r.Register("capped", h(true), jobs.Policy{Concurrency: 2})
		r.Register("free", h(false), jobs.Policy{})
		ctx := context.Background()
		var ids []int64
		for i := range 60 {
			kind := "free"
			if i%3 == 0 {
				kind = "capped"
			}
			id, err := r.Enqueue(ctx, jobs.NewJob{Kind: kind})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		start(t, r)
		for _, id := range ids {
			waitJob(t, b.Store, id, store.JobSucceeded)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, id := range ids {
			if runs[id] != 1 {
				t.Errorf("job %d ran %d times", id, runs[id])
			}
		}
		if p := peak.Load(); p > 2 {
			t.Errorf("capped kind ran %d at once; cap is 2", p)
		}
	})
}

func TestRunnerCancelStopsRunningHandler(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		r := newRunner(t, b.Store, nil, jobs.Options{})
		started, stopped := make(chan struct{}), make(chan error, 1)
		r.Register("long", func(ctx context.Context, _ jobs.Job, p *jobs.Progress) error {
			p.Update(1, 100, "working")
			close(started)
			<-ctx.Done()
			stopped <- ctx.Err()
			return ctx.Err()
		}, jobs.Policy{})
		start(t, r)
		ctx := context.Background()
		id, err := r.Enqueue(ctx, jobs.NewJob{Kind: "long"})
		if err != nil {
			t.Fatal(err)
		}
		<-started
		if _, err := r.CancelJob(ctx, id); err != nil {
			t.Fatal(err)
		}
		select {
		case <-stopped:
		case <-time.After(30 * time.Second):
			t.Fatal("handler context not cancelled after the job was")
		}
		if j := waitJob(t, b.Store, id, store.JobCancelled); j.LeaseOwner != "" {
			t.Errorf("cancelled job still leased: %+v", j)
		}
	})
}

// A job whose worker died on its final attempt is dead-lettered by the next
// worker instead of being run beyond its limit; a slow handler times out.
func TestRunnerFinalAttemptLeaseExpiryAndTimeout(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		r := newRunner(t, b.Store, nil, jobs.Options{})
		var ran atomic.Int32
		r.Register("once", func(context.Context, jobs.Job, *jobs.Progress) error { ran.Add(1); return nil }, jobs.Policy{})
		r.Register("slow", func(ctx context.Context, _ jobs.Job, _ *jobs.Progress) error {
			<-ctx.Done()
			return ctx.Err()
		}, jobs.Policy{Timeout: 50 * time.Millisecond, MaxAttempts: 1})
		id, _, err := b.Store.EnqueueJob(ctx, store.NewJob{Kind: "once", MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Store.ClaimJob(ctx, store.ClaimRequest{Owner: "ghost", Lease: 50 * time.Millisecond}); err != nil {
			t.Fatal(err)
		}
		slow, err := r.Enqueue(ctx, jobs.NewJob{Kind: "slow"})
		if err != nil {
			t.Fatal(err)
		}
		start(t, r)
		j := waitJob(t, b.Store, id, store.JobDead)
		if ran.Load() != 0 || !strings.Contains(j.LastError, "final attempt") {
			t.Fatalf("ran %d times; job %+v", ran.Load(), j)
		}
		if j := waitJob(t, b.Store, slow, store.JobDead); !strings.Contains(j.LastError, "timed out after 50ms") {
			t.Fatalf("slow job: %+v", j)
		}
	})
}
