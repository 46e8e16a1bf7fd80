package lease

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// clock is a store clock the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// TestExclusiveTaskOneReplicaAtATime: two replicas run the singleton
// periodic tasks. While r1 runs a task, r2's run of it does not start (other
// tasks run on r2 meanwhile), and status lists r1 as its holder; r1 stops
// renewing (it died mid-run): once the TTL has passed, r2 takes the task
// over and r1's fenced commit is refused; a task that ends releases its
// lease, so the other replica runs the next slot at once.
func TestExclusiveTaskOneReplicaAtATime(t *testing.T) {
	tasks := []string{"retention.purge", "archive.consent", "contacts.reconcile", "search.merge", "monitor.qc"}
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		clk := &clock{t: time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)}
		b.Store.SetClock(clk.now)
		const ttl = time.Minute // renewals every 20 s of real time: none happen in this test
		r1 := New(b.Store, Options{ID: "r1", TTL: ttl})
		r2 := New(b.Store, Options{ID: "r2", TTL: ttl})
		for _, task := range tasks {
			t.Run(task, func(t *testing.T) {
				started, finish := make(chan context.Context), make(chan struct{})
				result := make(chan error, 1)
				go func() {
					ran, err := r1.Exclusive(ctx, task, func(ctx context.Context) error {
						started <- ctx
						<-finish
						return nil
					})
					if !ran {
						err = errors.New("r1 did not run")
					}
					result <- err
				}()
				running := <-started
				ran, err := r2.Exclusive(ctx, task, func(context.Context) error {
					t.Error("r2 ran the task while r1 runs it")
					return nil
				})
				if ran || err != nil {
					t.Fatalf("r2 while r1 runs: ran %v, err %v", ran, err)
				}
				if ran, err := r2.Exclusive(ctx, task+".other", func(context.Context) error { return nil }); !ran || err != nil {
					t.Fatalf("another task on r2: ran %v, err %v", ran, err)
				}
				if h := holder(t, b.Store, clk.now(), TaskPrefix+task); h != "r1" {
					t.Errorf("status: %s held by %q, want r1", task, h)
				}
				if err := b.Store.WithTx(running, r1.Fence); err != nil {
					t.Fatalf("r1's fence while it holds the task: %v", err)
				}
				clk.add(ttl - time.Second) // not yet expired
				if ran, _ := r2.Exclusive(ctx, task, func(context.Context) error { return nil }); ran {
					t.Fatal("r2 took the task over before the TTL ran out")
				}
				clk.add(2 * time.Second) // r1 died: its lease has expired
				ran, err = r2.Exclusive(ctx, task, func(ctx context.Context) error {
					if h := holder(t, b.Store, clk.now(), TaskPrefix+task); h != "r2" {
						t.Errorf("status: %s held by %q, want r2", task, h)
					}
					return b.Store.WithTx(ctx, r2.Fence)
				})
				if !ran || err != nil {
					t.Fatalf("r2 after r1's TTL: ran %v, err %v", ran, err)
				}
				if err := b.Store.WithTx(running, r1.Fence); !errors.Is(err, store.ErrWorkLeaseLost) {
					t.Fatalf("r1's commit after the takeover: %v, want ErrWorkLeaseLost", err)
				}
				close(finish)
				if err := <-result; err != nil {
					t.Fatal(err)
				}
				// r2's run ended and released: r1 runs the next slot without waiting for a TTL.
				if ran, err := r1.Exclusive(ctx, task, func(context.Context) error { return nil }); !ran || err != nil {
					t.Fatalf("r1 after r2 released: ran %v, err %v", ran, err)
				}
			})
		}
	})
}

// TestTaskLeasesAreNotBalanced: a task's lease does not count in the fair
// share of the ingest units (two replicas, two corps: one each).
func TestTaskLeasesAreNotBalanced(t *testing.T) {
	b := storetest.Open(t, "sqlite")
	ctx := context.Background()
	c1 := New(b.Store, Options{ID: "r1", TTL: time.Minute})
	for _, task := range []string{"a", "b", "c", "d"} {
		if _, _, err := b.Store.AcquireLease(ctx, TaskPrefix+task, "r2", time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"r1", "r2"} {
		if err := b.Store.HeartbeatReplica(ctx, id, ""); err != nil {
			t.Fatal(err)
		}
	}
	units := []*unit{{name: "archive:x"}, {name: "archive:y"}}
	share, err := c1.share(ctx, units)
	if err != nil || share != 1 {
		t.Fatalf("share %d (%v), want 1: task leases counted", share, err)
	}
}

func holder(t *testing.T, st *store.Store, now time.Time, name string) string {
	t.Helper()
	ls, err := st.Leases(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if l.Name == name && l.ExpiresAt > now.UnixMilli() {
			return l.Holder
		}
	}
	return ""
}
