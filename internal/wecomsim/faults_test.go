package wecomsim

import (
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestParseFaults(t *testing.T) {
	t.Parallel()
	cases := []struct {
		spec    string
		want    FaultSpec
		wantErr string
	}{
		{"", FaultSpec{}, ""},
		{"timeout=0.05,5xx=0.05,45009=0.02,42001=0.01,media10001=0.1,media10010=0.01,badrecord=0.001",
			FaultSpec{"timeout": 0.05, "5xx": 0.05, "45009": 0.02, "42001": 0.01, "media10001": 0.1, "media10010": 0.01, "badrecord": 0.001}, ""},
		{" -1 = 0.5 , ", FaultSpec{"-1": 0.5}, ""},
		{"10001=0.9,timeout=0.5", FaultSpec{"10001": 0.9, "timeout": 0.5}, ""}, // SDK code: decision only, not in the sum
		{"timeout", nil, "want name=rate"},
		{"timeout=2", nil, "in [0, 1]"},
		{"timeout=-0.1", nil, "in [0, 1]"},
		{"timeout=NaN", nil, "in [0, 1]"},
		{"timeout=x", nil, "in [0, 1]"},
		{"Bad Name=0.1", nil, "unknown fault name"},
		{"timeout=0.1,timeout=0.2", nil, "twice"},
		{"timeout=0.6,5xx=0.6", nil, "more than 1"},
	}
	for _, c := range cases {
		got, err := ParseFaults(c.spec)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%q: err %v, want %q", c.spec, err, c.wantErr)
			}
			continue
		}
		if err != nil || got.String() != c.want.String() {
			t.Errorf("%q: got %v, %v; want %v", c.spec, got, err, c.want)
		}
	}
}

func FuzzParseFaults(f *testing.F) {
	for _, s := range []string{"", "timeout=0.05,5xx=0.05", "45009=1", "media10001=0.1,badrecord=0.001", "a=b=c", ",,,", "-1=0.5", "x=1e-3", "timeout=0.5,5xx=0.5000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		fs, err := ParseFaults(spec)
		if err != nil {
			return
		}
		total := 0.0
		for n, r := range fs {
			if r < 0 || r > 1 || math.IsNaN(r) || !faultNameRe.MatchString(n) {
				t.Fatalf("accepted %q=%v", n, r)
			}
			if requestFault(n) {
				total += r
			}
		}
		if total > 1+1e-9 {
			t.Fatalf("request faults sum to %v", total)
		}
		again, err := ParseFaults(fs.String()) // String round-trips
		if err != nil || again.String() != fs.String() {
			t.Fatalf("round trip %q → %q: %v", fs.String(), again.String(), err)
		}
	})
}

// TestFaultRates sends N requests with a fixed seed and checks every
// fault's share is within tolerance, and that the same seed repeats exactly.
func TestFaultRates(t *testing.T) {
	t.Parallel()
	spec, err := ParseFaults("timeout=0.05,5xx=0.05,45009=0.02,42001=0.01,media10001=0.1,badrecord=0.01")
	if err != nil {
		t.Fatal(err)
	}
	run := func() (map[string]int, string) {
		h := newHarness(t, Options{Seed: 9, Faults: spec, FaultHold: time.Millisecond})
		fetch := func() string {
			for { // gettoken can draw a fault too
				_, r := h.do("GET", "/cgi-bin/gettoken", q("corpid", "wwsimcorp0000001", "corpsecret", "sim"), nil)
				if tok, _ := r["access_token"].(string); tok != "" {
					return tok
				}
			}
		}
		tok := fetch()
		counts := map[string]int{}
		var trace strings.Builder
		const n = 2000
		for range n {
			req := httptest.NewRequest("GET", "/cgi-bin/department/simplelist?access_token="+tok, nil)
			rec := httptest.NewRecorder()
			h.s.ServeHTTP(rec, req)
			key := "ok"
			switch {
			case rec.Code == http.StatusGatewayTimeout:
				key = "timeout"
			case rec.Code >= 500:
				key = "5xx"
			case strings.Contains(rec.Body.String(), `"errcode":45009`):
				key = "45009"
			case strings.Contains(rec.Body.String(), `"errcode":42001`):
				key = "42001"
				tok = fetch() // the injected 42001 killed the token, as a client would see
			}
			counts[key]++
			trace.WriteString(key[:1])
		}
		for range n {
			if h.s.Faults().Hit("media10001") {
				counts["media10001"]++
			}
			if h.s.Faults().Hit("badrecord") {
				counts["badrecord"]++
			}
			if h.s.Faults().Hit("unconfigured") {
				counts["unconfigured"]++
			}
		}
		return counts, trace.String()
	}
	counts, trace := run()
	const n = 2000.0
	for name, rate := range map[string]float64{"timeout": 0.05, "5xx": 0.05, "45009": 0.02, "42001": 0.01, "media10001": 0.1, "badrecord": 0.01, "unconfigured": 0} {
		got := float64(counts[name]) / n
		tol := 4*math.Sqrt(rate*(1-rate)/n) + 0.001 // four standard deviations
		if math.Abs(got-rate) > tol {
			t.Errorf("%s: rate %.4f, want %.4f ± %.4f", name, got, rate, tol)
		}
	}
	if _, again := run(); again != trace {
		t.Error("same seed gave a different fault sequence")
	}
}

func TestTimeoutFaultHoldsUntilClientGivesUp(t *testing.T) {
	t.Parallel()
	spec, _ := ParseFaults("timeout=1")
	// A hold far longer than the check below, so a loaded machine's delays
	// never pass for the hold itself.
	s := New(Options{Faults: spec, FaultHold: time.Minute})
	srv := httptest.NewServer(s)
	defer srv.Close()
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/cgi-bin/gettoken?corpid=wwsimcorp0000001&corpsecret=sim", nil)
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatal("request answered despite the timeout fault")
	}
	if time.Since(start) > 30*time.Second {
		t.Fatal("held request did not end with the client")
	}
}

func TestFiveXX(t *testing.T) {
	t.Parallel()
	spec, _ := ParseFaults("5xx=1")
	h := newHarness(t, Options{Faults: spec})
	seen := map[int]bool{}
	for range 50 {
		code, _ := h.do("GET", "/cgi-bin/gettoken", nil, nil)
		seen[code] = true
	}
	if !seen[502] || !seen[503] || len(seen) != 2 {
		t.Fatalf("statuses %v", seen)
	}
}
