package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/wecomsim"
)

// benchEmployees is the HR size of BenchmarkSyncSimulator:
// WECOMADMIN_BENCH_SYNC_EMPLOYEES (CI sets a small number), default 10,000.
func benchEmployees(b *testing.B) int {
	n := 10_000
	if v := os.Getenv("WECOMADMIN_BENCH_SYNC_EMPLOYEES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 10 {
			b.Fatalf("WECOMADMIN_BENCH_SYNC_EMPLOYEES=%q: want an integer >= 10", v)
		}
	}
	return n
}

// BenchmarkSyncSimulator plans and applies an HR sync of n employees
// against the simulator over loopback HTTP with the real WeCom client, the
// portal's store (SQLite) and the accounts service as serve builds them.
// The simulator already knows 90 % of them: every tenth is new, every
// twentieth changed title, every fiftieth left, every hundredth changed
// mobile (rule b). Baseline, same run: one user/get round trip through the
// same client, times the calls each phase made.
func BenchmarkSyncSimulator(b *testing.B) {
	n := benchEmployees(b)
	ctx := context.Background()
	var plan, apply, rtt time.Duration
	var planCalls, applyCalls, steps int64
	for b.Loop() {
		b.StopTimer()
		a, sim, calls, hr := benchSetup(b, n)
		svc := a.accountsService()
		rtt += benchRoundTrip(b, a, sim.Options().CorpID)
		calls.Store(0)
		b.StartTimer()

		t0 := time.Now()
		out, err := svc.Import(ctx, accounts.ImportRequest{CorpKey: DemoCorpKey, Body: bytes.NewReader(hr), Actor: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		plan += time.Since(t0)
		planCalls += calls.Swap(0)
		steps += int64(len(out.Plan.Steps))
		t1 := time.Now()
		res, err := svc.Apply(ctx, out.RunID, out.RunID, "bench")
		if err != nil || res.State != accounts.RunDone {
			b.Fatalf("apply: %v %+v", err, res)
		}
		apply += time.Since(t1)
		applyCalls += calls.Swap(0)
		b.StopTimer()
		a.Close()
		b.StartTimer()
	}
	runs, fn := float64(b.N), float64(n)
	perCall := float64(rtt.Microseconds()) / runs / benchRTTCalls
	b.ReportMetric(float64(n), "employees")
	b.ReportMetric(float64(plan.Milliseconds())/runs, "plan_ms")
	b.ReportMetric(float64(apply.Milliseconds())/runs, "apply_ms")
	b.ReportMetric(fn*runs/plan.Seconds(), "plan_employees/s")
	b.ReportMetric(fn*runs/apply.Seconds(), "apply_employees/s")
	b.ReportMetric(float64(planCalls)/runs/fn, "plan_calls/employee")
	b.ReportMetric(float64(applyCalls)/runs/fn, "apply_calls/employee")
	b.ReportMetric(float64(steps)/runs, "steps")
	b.ReportMetric(perCall, "user_get_us(baseline)")
	b.ReportMetric(perCall*float64(planCalls)/runs/1000, "plan_calls×rtt_ms(baseline)")
	b.ReportMetric(perCall*float64(applyCalls)/runs/1000, "apply_calls×rtt_ms(baseline)")
}

const benchRTTCalls = 500

// benchRoundTrip times sequential user/get calls through the corp's client.
func benchRoundTrip(b *testing.B, a *App, corpID string) time.Duration {
	c, err := a.WeCom.ClientFor(context.Background(), corpID)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := c.GetUser(context.Background(), "bench00001"); err != nil { // token fetched outside the timing
		b.Fatal(err)
	}
	t0 := time.Now()
	for i := range benchRTTCalls {
		if _, err := c.GetUser(context.Background(), fmt.Sprintf("bench%05d", i%9+1)); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(t0)
}

// benchSetup starts a simulator on loopback seeded with the bench's members,
// builds the portal against it (no client-side rate limit, so the figure is
// the code's, not the limiter's) and writes the HR file.
func benchSetup(b *testing.B, n int) (*App, *wecomsim.Server, *atomic.Int64, []byte) {
	b.Helper()
	sim := wecomsim.New(wecomsim.Options{Seed: 3, RateLimit: 1 << 30})
	calls := &atomic.Int64{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/gettoken") {
			calls.Add(1)
		}
		sim.ServeHTTP(w, r)
	}))
	b.Cleanup(srv.Close)
	d := sim.Directory()
	var dept wecomsim.Department
	for _, x := range d.Departments() {
		if x.ParentID != 0 {
			dept = x
			break
		}
	}
	path := dept.Name
	for p, ok := d.Department(dept.ParentID); ok; p, ok = d.Department(p.ParentID) {
		path = p.Name + "/" + path
	}
	var hr bytes.Buffer
	hr.WriteString("employee_id,name,email,mobile,department,title,status,archive_licence\n")
	for i := range n {
		uid, email := fmt.Sprintf("bench%05d", i), fmt.Sprintf("bench%05d@bench.example", i)
		mobile := fmt.Sprintf("+86 166%08d", i)
		status, title := "active", "医药代表"
		if i%50 == 7 {
			status = "leaver"
		}
		if i%20 == 3 {
			title = "地区经理"
		}
		fmt.Fprintf(&hr, "B%05d,员工%d,%s,%s,%s,%s,%s,no\n", i, i, email, mobile, path, title, status)
		if i%10 == 0 {
			continue // new hire
		}
		if i%100 == 1 {
			mobile = fmt.Sprintf("+86 167%08d", i) // the person changed mobile
		}
		err := d.CreateUser(wecomsim.User{UserID: uid, Name: fmt.Sprintf("员工%d", i), Email: email, Mobile: mobile,
			Position: "医药代表", Department: []int64{dept.ID}, MainDepartment: dept.ID, Status: 1, Activated: true})
		if err != nil {
			b.Fatalf("seed simulator %s: %v", uid, err)
		}
	}
	dir := b.TempDir()
	cfg := DemoConfig("127.0.0.1:0", dir, srv.URL, sim.Options().CorpID)
	cfg.DB = "sqlite:" + filepath.Join(dir, "bench.db")
	cfg.WeCom.RatePerSecond = 0
	a, err := Build(context.Background(), cfg, io.Discard, Info{Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	return a, sim, calls, hr.Bytes()
}
