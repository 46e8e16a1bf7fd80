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

// ctxs remembers the context each unit's work was started with.
type ctxs struct {
	mu sync.Mutex
	m  map[string]context.Context
}

func (c *ctxs) fn(name string) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		c.mu.Lock()
		c.m[name] = ctx
		c.mu.Unlock()
		<-ctx.Done()
		return nil
	}
}

func (c *ctxs) get(name string) context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[name]
}

func TestFenceRefusesAReplicaThatLostItsLease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		seen := &ctxs{m: map[string]context.Context{}}
		c1 := New(b.Store, Options{ID: "r1", TTL: time.Minute})
		c1.Add("archive:c1", seen.fn("r1"))
		if err := c1.round(ctx); err != nil {
			t.Fatal(err)
		}
		defer c1.Kill()
		waitCtx(t, seen, "r1")
		stale := seen.get("r1")
		if err := b.Store.WithTx(stale, func(ctx context.Context) error { return c1.Fence(ctx) }); err != nil {
			t.Fatalf("holder's fence: %v", err)
		}
		// r1 stalls past its TTL; r2 takes the corp over.
		if err := b.Store.RenewLease(ctx, "archive:c1", "r1", 1, -time.Second); err != nil {
			t.Fatal(err)
		}
		c2 := New(b.Store, Options{ID: "r2", TTL: time.Minute})
		c2.Add("archive:c1", seen.fn("r2"))
		if err := c2.round(ctx); err != nil {
			t.Fatal(err)
		}
		defer c2.Kill()
		if got := c2.Holds(); len(got) != 1 {
			t.Fatalf("r2 holds %v", got)
		}
		err := b.Store.WithTx(stale, func(ctx context.Context) error { return c1.Fence(ctx) })
		if !errors.Is(err, store.ErrWorkLeaseLost) {
			t.Fatalf("stale replica's fence: err = %v, want ErrWorkLeaseLost", err)
		}
		if err := c1.Fence(ctx); err != nil {
			t.Fatalf("work without a lease token is not fenced: %v", err)
		}
	})
}

func TestLeasesRebalanceWhenAReplicaJoins(t *testing.T) {
	b := storetest.Open(t, "sqlite")
	ctx := context.Background()
	seen := &ctxs{m: map[string]context.Context{}}
	names := []string{"archive:a", "archive:b", "archive:c", "archive:d"}
	c1 := New(b.Store, Options{ID: "r1", TTL: time.Minute})
	c2 := New(b.Store, Options{ID: "r2", TTL: time.Minute})
	for _, n := range names {
		c1.Add(n, seen.fn("r1"+n))
		c2.Add(n, seen.fn("r2"+n))
	}
	defer c1.Kill()
	defer c2.Kill()
	if err := c1.round(ctx); err != nil {
		t.Fatal(err)
	}
	if got := len(c1.Holds()); got != 4 {
		t.Fatalf("alone, r1 holds %d of 4", got)
	}
	for range 4 { // r2 joins; r1 gives back one a round, r2 takes it
		if err := c2.round(ctx); err != nil {
			t.Fatal(err)
		}
		if err := c1.round(ctx); err != nil {
			t.Fatal(err)
		}
		c1.giving.Wait() // the lease given back this round is released
	}
	if err := c2.round(ctx); err != nil {
		t.Fatal(err)
	}
	if a, b := len(c1.Holds()), len(c2.Holds()); a != 2 || b != 2 {
		t.Fatalf("after r2 joined: r1 holds %d, r2 holds %d; want 2 and 2", a, b)
	}
}

func waitCtx(t *testing.T, c *ctxs, name string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for c.get(name) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("unit %s never started", name)
		}
		time.Sleep(time.Millisecond)
	}
}
