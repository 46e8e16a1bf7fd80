package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestAlertsUniqueScopedAndFiltered: one alert per message and label set,
// however often it is inserted; the queue filters by label, state,
// product and overdue, and a department scope sees only its employees'.
func TestAlertsUniqueScopedAndFiltered(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwa", "a")
		for _, e := range [][2]string{{"onc", "总部/肿瘤"}, {"cv", "总部/心血管"}} {
			if err := st.UpsertEmployee(ctx, store.Employee{CorpID: "wwa", EmployeeID: "E-" + e[0], UserID: e[0], Name: e[0],
				DepartmentPath: e[1], HRStatus: "active"}); err != nil {
				t.Fatal(err)
			}
		}
		for i, from := range []string{"onc", "cv", "wm1"} {
			to := `["wmx"]`
			if from == "wm1" {
				to = `["onc"]`
			}
			if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwa", MsgID: fmt.Sprintf("m%d", i), Seq: int64(i + 1),
				MsgType: "text", From: from, ToList: to, ConversationID: "c" + from, MsgTime: int64(1000 + i), Content: "x"}); err != nil {
				t.Fatal(err)
			}
		}
		add := func(msgid string, labels []string, due int64, hits string) int64 {
			t.Helper()
			a, ok, err := st.InsertAlert(ctx, store.Alert{CorpID: "wwa", MsgID: msgid, Labels: labels, DueAt: due, Hits: hits})
			if err != nil || !ok || a.ID == 0 {
				t.Fatalf("insert %s %v: %v %v", msgid, labels, ok, err)
			}
			return a.ID
		}
		ae := add("m0", []string{"ae"}, 500, `[{"label":"ae","product":"Glucerra"}]`)
		add("m1", []string{"bribery"}, 0, `[]`)
		add("m2", []string{"ae", "pii"}, 5000, `[]`)
		add("m0", []string{"ae", "pii"}, 0, `[]`) // another label set of the same message: another alert
		if _, ok, err := st.InsertAlert(ctx, store.Alert{CorpID: "wwa", MsgID: "m0", Labels: []string{"ae"}}); err != nil || ok {
			t.Fatalf("duplicate insert: ok=%v err=%v", ok, err)
		}
		all := store.DeptScope{All: true}
		yes := true
		cases := []struct {
			name string
			f    store.AlertFilter
			want int
		}{
			{"all", store.AlertFilter{Scope: all}, 4},
			{"label ae", store.AlertFilter{Scope: all, Label: "ae"}, 3},
			{"label pii", store.AlertFilter{Scope: all, Label: "pii"}, 2},
			{"label a (no partial match)", store.AlertFilter{Scope: all, Label: "a"}, 0},
			{"product", store.AlertFilter{Scope: all, Product: "Glucerra"}, 1},
			{"overdue", store.AlertFilter{Scope: all, Overdue: &yes, Now: 1000}, 1},
			{"oncology scope", store.AlertFilter{Scope: store.DeptScope{Paths: []string{"总部/肿瘤"}}}, 3},
			{"cardio scope", store.AlertFilter{Scope: store.DeptScope{Paths: []string{"总部/心血管"}}}, 1},
			{"no scope", store.AlertFilter{}, 0},
			{"department filter", store.AlertFilter{Scope: all, Department: "总部/心血管"}, 1},
			{"employee", store.AlertFilter{Scope: all, Employee: "onc"}, 3},
			{"cursor", store.AlertFilter{Scope: all, BeforeID: ae + 1}, 1},
		}
		for _, c := range cases {
			c.f.CorpID = "wwa"
			got, err := st.ListAlerts(ctx, c.f, 100)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if len(got) != c.want {
				t.Errorf("%s: %d alerts, want %d", c.name, len(got), c.want)
			}
			if n, err := st.CountAlerts(ctx, c.f); err != nil || int(n) != c.want {
				t.Errorf("%s: count %d (%v), want %d", c.name, n, err, c.want)
			}
		}
		a, err := st.AlertByID(ctx, ae)
		if err != nil || a.State != "open" || len(a.Labels) != 1 {
			t.Fatalf("by id: %+v %v", a, err)
		}
		a.State, a.Disposition, a.NeedsApproval = "in_review", "ae_reported", true
		if err := st.UpdateAlert(ctx, a); err != nil {
			t.Fatal(err)
		}
		if a, _ = st.AlertByID(ctx, ae); a.State != "in_review" || !a.NeedsApproval || a.Disposition != "ae_reported" {
			t.Fatalf("after update: %+v", a)
		}
		if _, err := st.AlertByID(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing alert: %v", err)
		}
		refs, err := st.AlertsForMessages(ctx, "wwa", []string{"m0", "m9"})
		if err != nil || len(refs["m0"]) != 2 || len(refs["m9"]) != 0 {
			t.Fatalf("refs: %v %v", refs, err)
		}
	})
}

// TestMonitorConfigVersions: each save is a new version; the newest is in force.
func TestMonitorConfigVersions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		if _, err := st.MonitorConfigCurrent(ctx, "wwa", "catalog"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("empty: %v", err)
		}
		for _, body := range []string{"v1", "v2"} {
			if _, err := st.SaveMonitorConfig(ctx, store.MonitorConfig{CorpID: "wwa", Kind: "catalog", Body: body, CreatedBy: "x"}); err != nil {
				t.Fatal(err)
			}
		}
		c, err := st.MonitorConfigCurrent(ctx, "wwa", "catalog")
		if err != nil || c.Version != 2 || c.Body != "v2" {
			t.Fatalf("current: %+v %v", c, err)
		}
		vs, err := st.MonitorConfigVersions(ctx, "wwa", "catalog")
		if err != nil || len(vs) != 2 || vs[1].Body != "v1" {
			t.Fatalf("versions: %+v %v", vs, err)
		}
		if _, err := st.MonitorConfigCurrent(ctx, "wwa", "policy"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("other kind: %v", err)
		}
	})
}
