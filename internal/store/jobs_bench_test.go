package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// BenchmarkJobClaim measures claim+complete throughput (jobs/s) with 1 and 4
// concurrent workers on each store, beside the floor cost of one state
// change: a bare single-row UPDATE by primary key on the same table.
func BenchmarkJobClaim(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			be := storetest.Open(b, kind)
			b.Run("baseline_update_by_pk", func(b *testing.B) { benchUpdateByPK(b, be.Store) })
			for _, workers := range []int{1, 4} {
				b.Run(fmt.Sprintf("claim_complete/workers=%d", workers), func(b *testing.B) {
					benchClaimComplete(b, be.Store, workers)
				})
			}
		})
	}
}

func enqueueN(b *testing.B, s *store.Store, n int) []int64 {
	b.Helper()
	ids := make([]int64, 0, n)
	err := s.WithTx(context.Background(), func(ctx context.Context) error {
		for i := range n {
			id, _, err := s.EnqueueJob(ctx, store.NewJob{Kind: "bench", Payload: fmt.Sprintf(`{"n":%d}`, i)})
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return ids
}

func benchUpdateByPK(b *testing.B, s *store.Store) {
	ctx := context.Background()
	ids := enqueueN(b, s, 1000)
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if err := s.ExecForTest(ctx, `UPDATE jobs SET updated_at = ? WHERE id = ?`, int64(i), ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "updates/s")
	// Park the rows so later claim runs do not pick them up.
	if err := s.ExecForTest(ctx, `UPDATE jobs SET state = 'succeeded' WHERE kind = 'bench' AND state = 'queued'`); err != nil {
		b.Fatal(err)
	}
}

func benchClaimComplete(b *testing.B, s *store.Store, workers int) {
	ctx := context.Background()
	enqueueN(b, s, b.N)
	// What autovacuum does within a minute of a real backlog appearing;
	// a brand-new table has no statistics and would mislead the planner.
	if err := s.ExecForTest(ctx, `ANALYZE jobs`); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for n := 0; ; n++ {
				owner := fmt.Sprintf("bench-%d-%d", w, n)
				j, err := s.ClaimJob(ctx, store.ClaimRequest{Owner: owner, Kinds: []string{"bench"}, Lease: time.Minute})
				if errors.Is(err, store.ErrNotFound) {
					return
				}
				if err == nil {
					err = s.CompleteJob(ctx, j.ID, owner, "")
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "jobs/s")
}
