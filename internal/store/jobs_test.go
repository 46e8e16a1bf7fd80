package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// clock is a controllable store clock.
type clock struct{ ms atomic.Int64 }

func newClock(s *store.Store) *clock {
	c := &clock{}
	c.ms.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli())
	s.SetClock(c.Now)
	return c
}

func (c *clock) Now() time.Time      { return time.UnixMilli(c.ms.Load()) }
func (c *clock) Add(d time.Duration) { c.ms.Add(d.Milliseconds()) }
func claimReq(owner string) store.ClaimRequest {
	return store.ClaimRequest{Owner: owner, Lease: 30 * time.Second}
}

func mustEnqueue(t *testing.T, s *store.Store, j store.NewJob) int64 {
	t.Helper()
	id, _, err := s.EnqueueJob(context.Background(), j)
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	return id
}

func TestJobLifecycle(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx, s := context.Background(), b.Store
		newClock(s)
		id := mustEnqueue(t, s, store.NewJob{Kind: "media.download", CorpID: "ww1", Payload: `{"msgid":"m1"}`})
		j, err := s.ClaimJob(ctx, claimReq("w1"))
		if err != nil || j.ID != id || j.State != store.JobRunning || j.Attempts != 1 || j.Payload != `{"msgid":"m1"}` {
			t.Fatalf("claim = %+v, %v", j, err)
		}
		if _, err := s.ClaimJob(ctx, claimReq("w2")); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("second claim: %v; want ErrNotFound", err)
		}
		if err := s.HeartbeatJob(ctx, id, "w1", time.Minute, &store.JobProgress{Done: 3, Total: 10, Note: "chunks"}); err != nil {
			t.Fatalf("heartbeat: %v", err)
		}
		if err := s.HeartbeatJob(ctx, id, "w2", time.Minute, nil); !errors.Is(err, store.ErrLeaseLost) {
			t.Fatalf("heartbeat by a stranger: %v; want ErrLeaseLost", err)
		}
		if err := s.CompleteJob(ctx, id, "w1", `{"bytes":42}`); err != nil {
			t.Fatalf("complete: %v", err)
		}
		got, err := s.GetJob(ctx, id)
		if err != nil || got.State != store.JobSucceeded || got.Result != `{"bytes":42}` || got.ProgressDone != 3 ||
			got.ProgressTotal != 10 || got.FinishedAt == 0 || got.LeaseOwner != "" {
			t.Fatalf("after complete: %+v, %v", got, err)
		}
		if err := s.CompleteJob(ctx, id, "w1", ""); !errors.Is(err, store.ErrLeaseLost) {
			t.Fatalf("complete twice: %v; want ErrLeaseLost", err)
		}
		if _, err := s.GetJob(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("get missing: %v", err)
		}
	})
}

func TestJobDedupe(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx, s := context.Background(), b.Store
		a, created, err := s.EnqueueJob(ctx, store.NewJob{Kind: "k", DedupeKey: "slot:1"})
		if err != nil || !created {
			t.Fatalf("first: %d %v %v", a, created, err)
		}
		again, created, err := s.EnqueueJob(ctx, store.NewJob{Kind: "k", DedupeKey: "slot:1", Payload: `{"x":1}`})
		if err != nil || created || again != a {
			t.Fatalf("duplicate: id %d created %v err %v; want %d false nil", again, created, err, a)
		}
		// The same key under another kind, and jobs without a key, are distinct.
		other := mustEnqueue(t, s, store.NewJob{Kind: "k2", DedupeKey: "slot:1"})
		n1 := mustEnqueue(t, s, store.NewJob{Kind: "k"})
		n2 := mustEnqueue(t, s, store.NewJob{Kind: "k"})
		if other == a || n1 == n2 {
			t.Fatalf("ids not distinct: %d %d %d %d", a, other, n1, n2)
		}
		// Inside a transaction (ingest enqueues with its messages) it behaves the same.
		err = s.WithTx(ctx, func(ctx context.Context) error {
			id, created, err := s.EnqueueJob(ctx, store.NewJob{Kind: "k", DedupeKey: "slot:1"})
			if err != nil || created || id != a {
				return fmt.Errorf("in tx: %d %v %v", id, created, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestJobFailBackoffDeadLetterAndRetry(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx, s := context.Background(), b.Store
		clk := newClock(s)
		id := mustEnqueue(t, s, store.NewJob{Kind: "k", MaxAttempts: 2})
		j, err := s.ClaimJob(ctx, claimReq("w1"))
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.FailJob(ctx, j.ID, "w1", store.JobFailure{Error: "boom", RetryAt: clk.Now().Add(10 * time.Second)})
		if err != nil || st != store.JobQueued {
			t.Fatalf("first failure: %s %v; want queued", st, err)
		}
		if _, err := s.ClaimJob(ctx, claimReq("w2")); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("claim before backoff elapsed: %v; want ErrNotFound", err)
		}
		clk.Add(11 * time.Second)
		j, err = s.ClaimJob(ctx, claimReq("w2"))
		if err != nil || j.ID != id || j.Attempts != 2 || j.LastError != "boom" {
			t.Fatalf("claim after backoff: %+v %v", j, err)
		}
		st, err = s.FailJob(ctx, j.ID, "w2", store.JobFailure{Error: "boom again", RetryAt: clk.Now()})
		if err != nil || st != store.JobDead {
			t.Fatalf("last failure: %s %v; want dead", st, err)
		}
		if _, err := s.ClaimJob(ctx, claimReq("w3")); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("dead job claimed: %v", err)
		}
		// Admin retry: attempts reset, due now.
		if _, err := s.RetryJob(ctx, 424242); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("retry missing: %v", err)
		}
		r, err := s.RetryJob(ctx, id)
		if err != nil || r.State != store.JobQueued || r.Attempts != 0 {
			t.Fatalf("retry: %+v %v", r, err)
		}
		if _, err := s.RetryJob(ctx, id); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("retry of a queued job: %v; want ErrConflict", err)
		}
		j, err = s.ClaimJob(ctx, claimReq("w4"))
		if err != nil || j.Attempts != 1 {
			t.Fatalf("claim after retry: %+v %v", j, err)
		}
		// A permanent error dead-letters at once, attempts left or not.
		st, err = s.FailJob(ctx, j.ID, "w4", store.JobFailure{Error: "bad payload", Permanent: true})
		if err != nil || st != store.JobDead {
			t.Fatalf("permanent: %s %v", st, err)
		}
	})
}

func TestJobExpiredLeaseIsClaimedAgain(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx, s := context.Background(), b.Store
		clk := newClock(s)
		id := mustEnqueue(t, s, store.NewJob{Kind: "k"})
		if _, err := s.ClaimJob(ctx, claimReq("dead-worker")); err != nil {
			t.Fatal(err)
		}
		clk.Add(29 * time.Second)
		if _, err := s.ClaimJob(ctx, claimReq("w2")); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("claimed while the lease holds: %v", err)
		}
		clk.Add(2 * time.Second)
		j, err := s.ClaimJob(ctx, claimReq("w2"))
		if err != nil || j.ID != id || j.Attempts != 2 || j.LeaseOwner != "w2" {
			t.Fatalf("reclaim: %+v %v", j, err)
		}
		// The first worker wakes up: it no longer owns the job.
		if err := s.CompleteJob(ctx, id, "dead-worker", ""); !errors.Is(err, store.ErrLeaseLost) {
			t.Fatalf("stale complete: %v", err)
		}
		if _, err := s.FailJob(ctx, id, "dead-worker", store.JobFailure{Error: "x"}); !errors.Is(err, store.ErrLeaseLost) {
			t.Fatalf("stale fail: %v", err)
		}
		if err := s.CompleteJob(ctx, id, "w2", "ok"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestJobClaimOrderAndKinds(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx, s := context.Background(), b.Store
		clk := newClock(s)
		low := mustEnqueue(t, s, store.NewJob{Kind: "a"})
		high := mustEnqueue(t, s, store.NewJob{Kind: "a", Priority: 5})
		other := mustEnqueue(t, s, store.NewJob{Kind: "b"})
		later := mustEnqueue(t, s, store.NewJob{Kind: "a", Priority: 9, RunAt: clk.Now().Add(time.Hour)})
		var got []int64
		for {
			j, err := s.ClaimJob(ctx, store.ClaimRequest{Owner: "w", Kinds: []string{"a"}, Lease: time.Minute})
			if errors.Is(err, store.ErrNotFound) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, j.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint([]int64{high, low}) {
			t.Fatalf("claim order %v; want %v (kind b %d and future %d untouched)", got, []int64{high, low}, other, later)
		}
	})
}

func TestJobCancelListAndCounts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx, s := context.Background(), b.Store
		storetest.SeedCorp(t, s, "ww1", "main")
		var ids []int64
		for i := range 5 {
			ids = append(ids, mustEnqueue(t, s, store.NewJob{Kind: "k", CorpID: "ww1", DedupeKey: fmt.Sprint(i)}))
		}
		mustEnqueue(t, s, store.NewJob{Kind: "other"})
		c, err := s.CancelJob(ctx, ids[0])
		if err != nil || c.State != store.JobCancelled {
			t.Fatalf("cancel: %+v %v", c, err)
		}
		if _, err := s.CancelJob(ctx, ids[0]); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("cancel twice: %v", err)
		}
		// Cancelling a running job takes its lease away.
		j, err := s.ClaimJob(ctx, store.ClaimRequest{Owner: "w", Kinds: []string{"k"}, Lease: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CancelJob(ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.HeartbeatJob(ctx, j.ID, "w", time.Minute, nil); !errors.Is(err, store.ErrLeaseLost) {
			t.Fatalf("heartbeat after cancel: %v", err)
		}
		// Paging, newest first.
		page, next, err := s.ListJobs(ctx, store.JobFilter{Kind: "k", CorpID: "ww1", Limit: 2})
		if err != nil || len(page) != 2 || page[0].ID != ids[4] || next != ids[3] {
			t.Fatalf("page 1: %d jobs, next %d, %v", len(page), next, err)
		}
		var all []int64
		for cursor := int64(0); ; {
			page, next, err := s.ListJobs(ctx, store.JobFilter{Kind: "k", Limit: 2, BeforeID: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, j := range page {
				all = append(all, j.ID)
			}
			if next == 0 {
				break
			}
			cursor = next
		}
		if len(all) != 5 {
			t.Fatalf("paged through %v; want 5 jobs", all)
		}
		cancelled, _, err := s.ListJobs(ctx, store.JobFilter{State: store.JobCancelled})
		if err != nil || len(cancelled) != 2 {
			t.Fatalf("cancelled filter: %d %v", len(cancelled), err)
		}
		counts, err := s.JobCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{"k/cancelled": 2, "k/queued": 3, "other/queued": 1}
		got := map[string]int64{}
		for _, c := range counts {
			got[c.Kind+"/"+string(c.State)] = c.N
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("counts %v; want %v", got, want)
		}
		latest, err := s.LatestJobs(ctx, []string{"k", "other", "none"})
		if err != nil || len(latest) != 2 || latest["k"].ID != ids[4] {
			t.Fatalf("latest: %v %v", latest, err)
		}
		n, err := s.PurgeJobs(ctx, time.Now().Add(time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("purge: %d %v; want the 2 cancelled", n, err)
		}
	})
}

// Many goroutines claim and complete concurrently; every job must run
// exactly once.
func TestJobConcurrentClaimersNeverShareAJob(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx, s := context.Background(), b.Store
		const jobs, workers = 200, 8
		for i := range jobs {
			mustEnqueue(t, s, store.NewJob{Kind: "k", Payload: fmt.Sprintf(`{"n":%d}`, i)})
		}
		var mu sync.Mutex
		runs := map[int64]int{}
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Go(func() {
				for n := 0; ; n++ {
					owner := fmt.Sprintf("w%d-%d", w, n)
					j, err := s.ClaimJob(ctx, store.ClaimRequest{Owner: owner, Lease: time.Minute})
					if errors.Is(err, store.ErrNotFound) {
						return
					}
					if err != nil {
						errs <- err
						return
					}
					mu.Lock()
					runs[j.ID]++
					mu.Unlock()
					if err := s.CompleteJob(ctx, j.ID, owner, ""); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if len(runs) != jobs {
			t.Fatalf("%d distinct jobs ran; want %d", len(runs), jobs)
		}
		for id, n := range runs {
			if n != 1 {
				t.Fatalf("job %d ran %d times", id, n)
			}
		}
	})
}
