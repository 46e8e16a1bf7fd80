package lake

import (
	"context"
	"errors"
	"testing"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/store/storetest"
)

// TestGlobalAudit: audit events without a corp (sign-ins, administration)
// are exported under corp=_global, exactly once across runs and across a
// crash mid-run; a corp's run does not carry them, and a run for one corp
// does not run the global partition.
func TestGlobalAudit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFixture(t, b, Options{RowsPerFile: 1})
		signIn := func(actor string) {
			t.Helper()
			if err := f.rec.Record(audit.WithActor(ctx, actor), audit.Event{Action: audit.AuthLogin, Target: "user:" + actor,
				Metadata: map[string]any{"method": "密码"}}); err != nil {
				t.Fatal(err)
			}
		}
		signIn("admin")
		signIn("审阅员")
		one, err := f.svc.ExportAll(ctx, "c1", "test")
		if err != nil || one.Global != nil {
			t.Fatalf("one corp ran the global partition: %+v %v", one.Global, err)
		}
		for _, a := range readTable[AuditRow](t, f, []Result{one.Corps[0]}, "audit") {
			if a.CorpID != "ww1" {
				t.Errorf("corp run exported %+v", a)
			}
		}
		// A crash after the first global file: the run is resumed with the same window.
		boom := errors.New("injected crash")
		f.svc.failpoint = func(p string) error {
			if p == "after_file" {
				return boom
			}
			return nil
		}
		if _, err := f.svc.ExportAll(ctx, GlobalCorp, "test"); !errors.Is(err, boom) {
			t.Fatalf("crashed run: %v", err)
		}
		f.svc.failpoint = nil
		signIn("late") // waits for the next run
		first, err := f.svc.ExportAll(ctx, "", "test")
		if err != nil || first.Global == nil || !first.Global.Resumed {
			t.Fatalf("resumed global run: %+v %v", first.Global, err)
		}
		second, err := f.svc.ExportAll(ctx, "", "test")
		if err != nil {
			t.Fatal(err)
		}
		third, err := f.svc.ExportAll(ctx, "", "test")
		if err != nil || !third.Global.NothingNew {
			t.Fatalf("third run: %+v %v", third.Global, err)
		}
		runs := []Result{*first.Global, *second.Global}
		rows := readTable[AuditRow](t, f, runs, "audit")
		seen := map[string]int{}
		for _, a := range rows {
			e, err := f.st.AuditByID(ctx, a.ID)
			if err != nil || e.CorpID != "" || e.Hash != a.Hash {
				t.Errorf("row %+v: store %+v %v", a, e, err)
			}
			seen[a.Actor]++
		}
		for _, actor := range []string{"admin", "审阅员", "late"} {
			if seen[actor] != 1 {
				t.Errorf("%s's sign-in exported %d times (%v)", actor, seen[actor], seen)
			}
		}
		if w1, w2 := first.Global.Tables["audit"], second.Global.Tables["audit"]; w2.WatermarkFrom != w1.WatermarkTo {
			t.Errorf("windows do not meet: (%d, %d] then (%d, %d]", w1.WatermarkFrom, w1.WatermarkTo, w2.WatermarkFrom, w2.WatermarkTo)
		}
		key := first.Global.Tables["audit"].Files[0].Key
		if want := "lake/audit/corp=_global/date=2026-12-07/part-00000.parquet"; key != want {
			t.Errorf("key %s, want %s", key, want)
		}
		if want := "lake/_runs/corp=_global/run=" + first.Global.RunID + "/_manifest.json"; first.Global.ManifestKey != want {
			t.Errorf("manifest %s, want %s", first.Global.ManifestKey, want)
		}
		if len(first.Global.Tables) != 1 {
			t.Errorf("global tables: %v", first.Global.Tables)
		}
	})
}
