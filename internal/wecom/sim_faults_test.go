package wecom_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wecomadmin/internal/wecom"
	"wecomadmin/internal/wecomsim"
)

// TestSimUnderFaults runs a bounded mix of calls against a simulator that
// injects faults: every call must end in success or a typed error, and the
// whole run must end (no hang). With 5 attempts per call nearly all succeed.
func TestSimUnderFaults(t *testing.T) {
	t.Parallel()
	const total, workers = 210, 4
	tests := []struct {
		spec  string
		minOK int // of total
		// tokenOnly: the simulator expires the shared token on each injected
		// 40014/42001, failing every call in flight with it; a call whose one
		// refresh is hit again fails with ErrInvalidToken, as the client's
		// refresh-once rule intends. Besides that only exhausted retries
		// (still typed and Retryable) may fail.
		tokenOnly bool
	}{
		{"timeout=0.1,5xx=0.1,45009=0.05", total * 9 / 10, false},
		{"42001=0.05,40014=0.03,-1=0.05,45033=0.05,6000=0.02", total * 3 / 4, true},
	}
	for i, tt := range tests {
		spec := tt.spec
		t.Run(spec, func(t *testing.T) {
			t.Parallel()
			faults, err := wecomsim.ParseFaults(spec)
			if err != nil {
				t.Fatal(err)
			}
			sim, srv := startSim(t, wecomsim.Options{Seed: int64(20 + i), Faults: faults})
			c := simClient(t, sim, srv, func(o *wecom.Options) { o.Timeout = 500 * time.Millisecond })
			users := sim.Directory().Users()
			chats := sim.Directory().GroupChats()
			calls := []func(ctx context.Context, n int) error{
				func(ctx context.Context, n int) error {
					_, err := c.GetUser(ctx, users[n%len(users)].UserID)
					return err
				},
				func(ctx context.Context, n int) error { _, err := c.ListDepartments(ctx, 0); return err },
				func(ctx context.Context, n int) error { _, err := c.ListFollowUsers(ctx); return err },
				func(ctx context.Context, n int) error { _, err := c.ListUserIDs(ctx, "", 100); return err },
				func(ctx context.Context, n int) error { _, err := c.GetPermitUserList(ctx, 0); return err },
				func(ctx context.Context, n int) error {
					_, err := c.ListGroupChats(ctx, wecom.GroupChatFilter{Limit: 50}, "")
					return err
				},
				func(ctx context.Context, n int) error {
					ch := chats[n%len(chats)]
					if ch.Internal {
						_, err := c.GetAuditGroupChat(ctx, ch.ChatID)
						return err
					}
					_, err := c.GetGroupChat(ctx, ch.ChatID, false)
					return err
				},
			}
			var ok, typed atomic.Int64
			var mu sync.Mutex
			var untyped []error
			err = within(t, 2*time.Minute, func() error {
				var wg sync.WaitGroup
				next := atomic.Int64{}
				for range workers {
					wg.Go(func() {
						for n := int(next.Add(1)); n <= total; n = int(next.Add(1)) {
							ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
							err := calls[n%len(calls)](ctx, n)
							cancel()
							switch {
							case err == nil:
								ok.Add(1)
							case isTyped(err) && (!tt.tokenOnly || errors.Is(err, wecom.ErrInvalidToken) || wecom.Retryable(err)):
								typed.Add(1)
							default:
								mu.Lock()
								untyped = append(untyped, err)
								mu.Unlock()
							}
						}
					})
				}
				wg.Wait()
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("faults %q: %d ok, %d typed errors, %d untyped", spec, ok.Load(), typed.Load(), len(untyped))
			if len(untyped) > 0 {
				t.Fatalf("untyped or unexpected errors: %v", untyped)
			}
			if ok.Load() < int64(tt.minOK) {
				t.Fatalf("only %d of %d calls succeeded through the retries", ok.Load(), total)
			}
		})
	}
}

// isTyped reports whether err is one the callers can branch on.
func isTyped(err error) bool {
	var we *wecom.Error
	var he *wecom.HTTPError
	return errors.As(err, &we) || errors.As(err, &he) || errors.Is(err, wecom.ErrNetwork)
}

// within fails the test if fn does not return within limit: a bound
// against hangs, not a timing assertion.
func within(t *testing.T, limit time.Duration, fn func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		return fmt.Errorf("still running after %v", limit)
	}
}
