package wecom

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"wecomadmin/internal/metrics"
)

func TestBackoffFullJitterBounds(t *testing.T) {
	t.Parallel()
	c := &Client{retry: withRetryDefaults(Retry{InitialDelay: 100 * time.Millisecond, Multiplier: 2, MaxDelay: time.Second, MaxAttempts: 50})}
	tests := []struct {
		attempt int
		ceil    time.Duration
	}{
		{1, 100 * time.Millisecond},
		{2, 200 * time.Millisecond},
		{4, 800 * time.Millisecond},
		{5, time.Second}, // capped
		{40, time.Second},
		{2000, time.Second}, // overflow of the power stays capped
	}
	for _, tt := range tests {
		var sawLow, sawHigh bool
		for range 500 {
			d := c.backoff(tt.attempt)
			if d < 0 || d > tt.ceil {
				t.Fatalf("backoff(%d) = %v, outside [0, %v]", tt.attempt, d, tt.ceil)
			}
			sawLow = sawLow || d < tt.ceil/2
			sawHigh = sawHigh || d >= tt.ceil/2
		}
		if !sawLow || !sawHigh {
			t.Errorf("backoff(%d) is not spread over [0, %v]", tt.attempt, tt.ceil)
		}
	}
}

func TestMetricsLabelOutcomes(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.handle("user/get", func(w http.ResponseWriter, r *http.Request, n int) string {
		switch n {
		case 1:
			w.WriteHeader(http.StatusBadGateway)
			return ""
		case 2:
			return `{"errcode":45009,"errmsg":"freq"}`
		}
		return `{"errcode":0,"errmsg":"ok"}`
	})
	m := metrics.New()
	c := testClient(t, f, func(o *Options) { o.Metrics = m })
	if _, err := c.GetUser(context.Background(), "a"); err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]float64{"http_502": 1, "45009": 1, "0": 1} {
		if got := testutil.ToFloat64(m.WeComCalls.WithLabelValues("main", "user/get", code)); got != want {
			t.Errorf("calls{errcode=%s} = %v, want %v", code, got, want)
		}
	}
	if n := testutil.CollectAndCount(m.WeComLatency); n != 2 { // gettoken and user/get
		t.Errorf("latency series = %d, want 2", n)
	}
}

// TestFrequencyLimitWaitsOutTheBlock: after 45009/45033 the client waits
// past Tencent's 60-second block (not the 2-second backoff), every call to
// the blocked endpoint waits too, and the corp's rate limiter slows down.
func TestFrequencyLimitWaitsOutTheBlock(t *testing.T) {
	t.Parallel()
	for _, code := range []int{45009, 45033} {
		f := newFake(t)
		f.handle("user/get", func(w http.ResponseWriter, r *http.Request, n int) string {
			if n == 1 {
				return `{"errcode":` + strconv.Itoa(code) + `,"errmsg":"api freq out of limit"}`
			}
			return `{"errcode":0,"errmsg":"ok","userid":"a"}`
		})
		c := testClient(t, f, func(o *Options) { o.FrequencyBlock, o.Rate, o.Burst = 0, 50, 10 }) // the default block
		var waits []time.Duration
		c.sleep = func(_ context.Context, d time.Duration) error {
			waits = append(waits, d)
			return nil
		}
		if _, err := c.GetUser(context.Background(), "a"); err != nil {
			t.Fatal(err)
		}
		if len(waits) == 0 || waits[0] < 60*time.Second {
			t.Fatalf("%d: waits %v, want one past 60s", code, waits)
		}
		if lim := c.limiter.Limit(); lim != 25 {
			t.Errorf("%d: rate limit %v after the hit, want 25 (half of 50)", code, lim)
		}
		waits = nil
		if _, err := c.GetUser(context.Background(), "a"); err != nil {
			t.Fatal(err)
		}
		if len(waits) != 1 || waits[0] <= 0 {
			t.Errorf("%d: a later call to the blocked endpoint waited %v", code, waits)
		}
	}
	// Other transient errors keep the short backoff.
	f := newFake(t)
	f.handle("user/get", func(w http.ResponseWriter, r *http.Request, n int) string {
		if n == 1 {
			return `{"errcode":-1,"errmsg":"system busy"}`
		}
		return `{"errcode":0,"errmsg":"ok"}`
	})
	c := testClient(t, f, func(o *Options) { o.FrequencyBlock = 0 })
	var waits []time.Duration
	c.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	if _, err := c.GetUser(context.Background(), "a"); err != nil || len(waits) != 1 || waits[0] > 5*time.Millisecond {
		t.Fatalf("system busy: %v waits %v", err, waits)
	}
}
