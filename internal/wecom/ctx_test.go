package wecom

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

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
		t.Fatalf("call still running after %v", limit)
		return nil
	}
}

func hang(w http.ResponseWriter, r *http.Request, n int) string {
	<-r.Context().Done()
	return ""
}

func TestContextEndsCalls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		h       fakeHandler
		retry   Retry
		timeout time.Duration // per attempt
		cancel  time.Duration // caller's deadline
		want    error
	}{
		{"server hangs, caller deadline", hang, Retry{MaxAttempts: 10}, time.Hour, 50 * time.Millisecond, context.DeadlineExceeded},
		{"server hangs, attempt timeouts", hang, Retry{MaxAttempts: 3, InitialDelay: time.Millisecond, MaxDelay: time.Millisecond}, 30 * time.Millisecond, time.Hour, ErrNetwork},
		{"long backoff, caller deadline", failFirst(100, -1), Retry{MaxAttempts: 10, InitialDelay: time.Hour, MaxDelay: time.Hour}, time.Second, 100 * time.Millisecond, context.DeadlineExceeded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			f.handle("user/get", tt.h)
			c := testClient(t, f, func(o *Options) { o.Retry, o.Timeout = tt.retry, tt.timeout })
			ctx, cancel := context.WithTimeout(context.Background(), tt.cancel)
			defer cancel()
			err := within(t, time.Minute, func() error {
				_, err := c.GetUser(ctx, "a")
				return err
			})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestCancelledBeforeCall(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	c := testClient(t, f, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.GetUser(ctx, "a")
	if !errors.Is(err, context.Canceled) || Retryable(err) {
		t.Fatalf("err = %v", err)
	}
	if f.count("user/get") != 0 {
		t.Fatal("request sent on a cancelled context")
	}
}

func TestCancelWhileTokenFetchIsShared(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	release := f.holdTokens(t)
	c := testClient(t, f, nil)
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() { _, err := c.GetUser(ctx, "a"); first <- err }()
	second := make(chan error, 1)
	go func() { _, err := c.GetUser(context.Background(), "a"); second <- err }()
	time.Sleep(20 * time.Millisecond)
	cancel() // the first caller leaves; the shared fetch must still serve the second
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Fatalf("first: %v", err)
	}
	release()
	if err := <-second; err != nil {
		t.Fatalf("second: %v", err)
	}
}

func TestRateLimiterHonoured(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	// One token of burst, refilled every ~17 minutes: gettoken takes it, so
	// the endpoint call must wait; a caller deadline shorter than that wait
	// makes the limiter refuse at once, before any request is sent.
	c := testClient(t, f, func(o *Options) { o.Rate, o.Burst = 0.001, 1 })
	// A minute is far shorter than the limiter's wait, and long enough that
	// gettoken itself never meets the deadline on a loaded machine.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	err := within(t, 2*time.Minute, func() error { _, err := c.GetUser(ctx, "a"); return err })
	if err == nil {
		t.Fatal("call went through a spent rate limit")
	}
	if f.count("gettoken") != 1 || f.count("user/get") != 0 {
		t.Fatalf("gettoken=%d user/get=%d, want 1 and 0", f.count("gettoken"), f.count("user/get"))
	}
}
