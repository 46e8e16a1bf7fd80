package jobs

import (
	"testing"
	"time"
)

func TestRetryDelayFullJitter(t *testing.T) {
	t.Parallel()
	p := Policy{InitialDelay: time.Second, Multiplier: 2, MaxDelay: 10 * time.Second}
	top := func(n int64) int64 { return n - 1 } // the largest draw
	cases := []struct {
		attempt int
		ceiling time.Duration
	}{
		{1, time.Second}, {2, 2 * time.Second}, {3, 4 * time.Second}, {4, 8 * time.Second},
		{5, 10 * time.Second}, {60, 10 * time.Second}, {5000, 10 * time.Second},
	}
	for _, c := range cases {
		if got := retryDelay(p, c.attempt, top); got != c.ceiling {
			t.Errorf("attempt %d: ceiling %v; want %v", c.attempt, got, c.ceiling)
		}
		if got := retryDelay(p, c.attempt, func(int64) int64 { return 0 }); got != 0 {
			t.Errorf("attempt %d: floor %v; want 0", c.attempt, got)
		}
		for range 50 {
			if got := retryDelay(p, c.attempt, defaultRand); got < 0 || got > c.ceiling {
				t.Fatalf("attempt %d: %v outside [0, %v]", c.attempt, got, c.ceiling)
			}
		}
	}
}

func TestPolicyDefaults(t *testing.T) {
	t.Parallel()
	d := Policy{InitialDelay: 1, Multiplier: 2, MaxDelay: 3, MaxAttempts: 4, Timeout: 5, Concurrency: 6}
	if got := (Policy{MaxAttempts: 9}).withDefaults(d); got != (Policy{1, 2, 3, 9, 5, 6}) {
		t.Fatalf("withDefaults = %+v", got)
	}
}
