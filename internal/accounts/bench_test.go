package accounts

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"wecomadmin/internal/store/storetest"
)

// benchHR makes an HR file of n employees and a WeCom that already knows
// 90 % of them: every tenth is new, every twentieth changed title, every
// fiftieth is a leaver and every hundredth changed mobile (rule b).
func benchHR(n int) ([]byte, *fakeWeCom) {
	var buf bytes.Buffer
	buf.WriteString("employee_id,name,email,mobile,department,title,status,archive_licence\n")
	f := newFake()
	for i := range n {
		email := fmt.Sprintf("emp%05d@x.example", i)
		mobile := fmt.Sprintf("+86 139%08d", i)
		status, title := HRActive, "医药代表"
		if i%50 == 7 {
			status = HRLeaver
		}
		if i%20 == 3 {
			title = "地区经理"
		}
		fmt.Fprintf(&buf, "E%05d,员工%d,%s,%s,总部/医学部,%s,%s,no\n", i, i, email, mobile, title, status)
		if i%10 == 0 {
			continue // new
		}
		wm := mobile
		if i%100 == 1 {
			wm = fmt.Sprintf("+86 137%08d", i)
		}
		u := wu(fmt.Sprintf("emp%05d", i), fmt.Sprintf("员工%d", i), email, wm, StatusActivated)
		f.put(&u)
	}
	return buf.Bytes(), f
}

func BenchmarkSync10k(b *testing.B) {
	const n = 10_000
	ctx := context.Background()
	csv, _ := benchHR(n)
	var parse, plan, apply time.Duration
	var planCalls, applyCalls, steps int
	for b.Loop() {
		b.StopTimer()
		_, f := benchHR(n)
		st := storetest.Open(b, "sqlite")
		svc, _ := newService(b, st.Store, f)
		// Baseline in the same run: parsing and validating the file alone.
		t0 := time.Now()
		if _, err := ParseCSV(bytes.NewReader(csv), ParseOptions{Depts: testTree()}); err != nil {
			b.Fatal(err)
		}
		parse += time.Since(t0)
		b.StartTimer()
		t1 := time.Now()
		out, err := svc.Import(ctx, ImportRequest{CorpKey: "main", Body: bytes.NewReader(csv)})
		if err != nil {
			b.Fatal(err)
		}
		plan += time.Since(t1)
		planCalls += f.total()
		steps += len(out.Plan.Steps)
		t2 := time.Now()
		res, err := svc.Apply(ctx, out.RunID, out.RunID, "bench")
		if err != nil || res.State != RunDone {
			b.Fatalf("%v %+v", err, res)
		}
		apply += time.Since(t2)
		applyCalls += f.total()
	}
	runs := float64(b.N)
	b.ReportMetric(float64(parse.Milliseconds())/runs, "parse_ms(baseline)")
	b.ReportMetric(float64(plan.Milliseconds())/runs, "import_plan_ms")
	b.ReportMetric(float64(apply.Milliseconds())/runs, "apply_ms")
	b.ReportMetric(float64(planCalls)/runs/n, "plan_calls/employee")
	b.ReportMetric(float64(applyCalls-planCalls)/runs/n, "apply_calls/employee")
	b.ReportMetric(float64(steps)/runs, "steps")
}
