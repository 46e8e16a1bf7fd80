package contacts

import (
	"context"
	"testing"

	"wecomadmin/internal/store/storetest"
)

// TestReconcileRoundUnderTheTaskLease: with several replicas a round runs
// only where the contacts.reconcile lease is held; where another replica
// holds it, the round asks WeCom nothing. One node (no lease) just runs.
func TestReconcileRoundUnderTheTaskLease(t *testing.T) {
	cases := []struct {
		name      string
		exclusive func(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error)
		wantCalls bool
	}{
		{"single node", nil, true},
		{"lease held here", func(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error) {
			if name != ReconcileTask {
				t.Errorf("lease %q, want %q", name, ReconcileTask)
			}
			return true, fn(ctx)
		}, true},
		{"lease held by another replica", func(context.Context, string, func(ctx context.Context) error) (bool, error) {
			return false, nil
		}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, storetest.Open(t, "sqlite").Store, Options{})
			e.svc.excl = c.exclusive
			if err := e.svc.ReconcileRound(context.Background()); err != nil {
				t.Fatal(err)
			}
			e.fake.mu.Lock()
			n := 0
			for _, v := range e.fake.calls {
				n += v
			}
			e.fake.mu.Unlock()
			if (n > 0) != c.wantCalls {
				t.Errorf("WeCom calls %d (%v), want calls: %v", n, e.fake.calls, c.wantCalls)
			}
		})
	}
}
