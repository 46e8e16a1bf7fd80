package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// Concurrent failed sign-ins are each counted: the count is incremented in
// SQL, not read, bumped in Go and written back (which lost increments and
// let parallel guesses past the lockout).
func TestRecordLoginFailureCountsConcurrentAttempts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		a, err := b.Store.CreateAdmin(ctx, store.AdminUser{Username: "alice", Kind: "local"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		const n = 12
		var mu sync.Mutex
		var seen []int
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				failed, err := b.Store.RecordLoginFailure(ctx, a.ID, func(failed int) int64 {
					if failed >= 5 {
						return int64(1000 + failed) // a later failure locks longer
					}
					return 0
				})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				seen = append(seen, failed)
				mu.Unlock()
			})
		}
		wg.Wait()
		slices.Sort(seen)
		for i, f := range seen {
			if f != i+1 {
				t.Fatalf("counts returned = %v; want 1..%d each once", seen, n)
			}
		}
		got, err := b.Store.AdminByID(ctx, a.ID)
		if err != nil || got.FailedAttempts != n || got.LockedUntil != 1000+n {
			t.Fatalf("after %d failures: failed=%d locked_until=%d %v; want %d, %d", n, got.FailedAttempts, got.LockedUntil, err, n, 1000+n)
		}
		// A shorter deadline never shortens a longer one already set.
		if _, err := b.Store.RecordLoginFailure(ctx, a.ID, func(int) int64 { return 1 }); err != nil {
			t.Fatal(err)
		}
		if got, _ := b.Store.AdminByID(ctx, a.ID); got.LockedUntil != 1000+n {
			t.Fatalf("locked_until shortened to %d", got.LockedUntil)
		}
		if _, err := b.Store.RecordLoginFailure(ctx, a.ID+99, func(int) int64 { return 0 }); err == nil {
			t.Fatal("unknown admin counted")
		}
	})
}
