package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestSyncRemovalGuardOverride: a half file is refused with the guard's
// reason; only a second person may release it, with a reason, audited.
func TestSyncRemovalGuardOverride(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		users, _, known := corpOf(20, 0)
		f := newFake(users...)
		svc, au := newService(t, b.Store, f)
		var csv strings.Builder
		csv.WriteString("employee_id,name,email,mobile,department,title,status,archive_licence\n")
		for i, k := range known {
			if err := b.Store.UpsertEmployee(ctx, store.Employee{CorpID: testCorp, EmployeeID: k.EmployeeID, UserID: k.UserID,
				Name: k.Name, HRStatus: HRActive, WeComStatus: 1}); err != nil {
				t.Fatal(err)
			}
			if i < 10 {
				fmt.Fprintf(&csv, "%s,%s,%s@x.example,138%08d,总部/医学部,医药代表,active,no\n", k.EmployeeID, k.Name, k.UserID, i)
			}
		}
		out, err := svc.Import(ctx, ImportRequest{CorpKey: "main", Format: "csv", Body: strings.NewReader(csv.String()), Actor: "hr.one"})
		if !errors.Is(err, ErrRefused) || out == nil || out.State != RunRefused {
			t.Fatalf("half file not refused: %v %+v", err, out)
		}
		if out.Report.RefuseCode != CodeRemovalLimit || !strings.Contains(out.Report.RefuseReason, "10 of 20") || out.Plan == nil || out.Plan.Guard.Removals != 10 {
			t.Fatalf("refusal does not explain the guard: %+v", out.Report)
		}
		if _, err := svc.Apply(ctx, out.RunID, out.RunID, "hr.one"); err == nil {
			t.Fatal("a refused run was applied")
		}
		for _, c := range []struct {
			actor, reason string
			want          error
		}{
			{"hr.one", "HR confirmed", ErrSameActor},
			{"HR.ONE", "HR confirmed", ErrSameActor},
			{"hr.two", "  ", ErrInvalid},
			{"hr.two", strings.Repeat("长", maxOverrideReason+1), ErrInvalid},
		} {
			if _, err := svc.OverrideRemovals(ctx, out.RunID, c.actor, c.reason); !errors.Is(err, c.want) {
				t.Errorf("override by %q (%d chars): %v, want %v", c.actor, len(c.reason), err, c.want)
			}
		}
		if au.count("hrsync.removal_override", "") != 0 || f.count("user/update") != 0 {
			t.Fatal("a refused override left a trace")
		}
		st, err := svc.OverrideRemovals(ctx, out.RunID, "hr.two", "half the sales force left with the spin-off")
		if err != nil || st.State != RunPlanned {
			t.Fatalf("override: %v %+v", err, st)
		}
		if au.count("hrsync.removal_override", "success") != 1 {
			t.Errorf("override not audited: %+v", au.events)
		}
		if _, err := svc.OverrideRemovals(ctx, out.RunID, "hr.three", "again"); !errors.Is(err, ErrInvalid) {
			t.Errorf("second override: %v", err)
		}
		res, err := svc.Apply(ctx, out.RunID, out.RunID, "hr.two")
		if err != nil || res.State != RunDone || f.count("user/update") != 10 {
			t.Fatalf("apply after override: %v %+v (%d updates)", err, res, f.count("user/update"))
		}
	})
}

// A run refused for its rows cannot be released by the override.
func TestOverrideOnlyReleasesGuardRefusals(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		svc, _ := newService(t, b.Store, seedWeCom())
		out, err := svc.Import(ctx, ImportRequest{CorpKey: "main", Format: "csv", Body: strings.NewReader("employee_id\n"), Actor: "hr.one"})
		if !errors.Is(err, ErrRefused) {
			t.Fatalf("import: %v", err)
		}
		if _, err := svc.OverrideRemovals(ctx, out.RunID, "hr.two", "please"); !errors.Is(err, ErrInvalid) {
			t.Errorf("override of a bad file: %v", err)
		}
	})
}
