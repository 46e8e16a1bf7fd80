package wecom

import (
	"context"
	"net/http"
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
