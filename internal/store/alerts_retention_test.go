package store_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestAlertsAcrossPurgeAndDueChange: OpenAlertMsgIDs names only messages
// with an alert not closed; deleting messages never deletes an alert, and a
// purged message's alert stays listed, scoped by its employee; RecomputeAEDue
// moves only open AE clocks and records each move.
func TestAlertsAcrossPurgeAndDueChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		st := b.Store
		storetest.SeedCorp(t, st, "wwa", "a")
		if err := st.UpsertEmployee(ctx, store.Employee{CorpID: "wwa", EmployeeID: "E-onc", UserID: "onc", Name: "onc",
			DepartmentPath: "总部/肿瘤", HRStatus: "active"}); err != nil {
			t.Fatal(err)
		}
		ids := map[string]int64{}
		for i, state := range []string{"open", "in_review", "closed", "closed"} {
			msgid := fmt.Sprintf("m%d", i)
			if _, err := st.InsertMessage(ctx, store.Message{CorpID: "wwa", MsgID: msgid, Seq: int64(i + 1), MsgType: "text",
				From: "onc", ToList: `["wmx"]`, MsgTime: int64(1000 * (i + 1)), Content: "x"}); err != nil {
				t.Fatal(err)
			}
			m, _ := st.MessageByMsgID(ctx, "wwa", msgid)
			ids[msgid] = m.ID
			labels := []string{"ae"}
			if i == 3 {
				labels = []string{"pii"}
			}
			a, ok, err := st.InsertAlert(ctx, store.Alert{CorpID: "wwa", MsgID: msgid, Employee: "onc", MsgTime: int64(1000 * (i + 1)),
				Labels: labels, DueAt: int64(1000*(i+1)) + 10, Hits: `[{"label":"ae"}]`})
			if err != nil || !ok {
				t.Fatal(ok, err)
			}
			a.State = state
			if err := st.UpdateAlert(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		open, err := st.OpenAlertMsgIDs(ctx, "wwa", []string{"m0", "m1", "m2", "m3", "nope"})
		if got := slices.Sorted(maps.Keys(open)); err != nil || !slices.Equal(got, []string{"m0", "m1"}) {
			t.Fatalf("open alert msgids %v %v", got, err)
		}
		if other, err := st.OpenAlertMsgIDs(ctx, "wwother", []string{"m0"}); err != nil || len(other) != 0 {
			t.Fatalf("other corp %v %v", other, err)
		}

		n, err := st.RecomputeAEDue(ctx, "wwa", 500, "adm")
		if err != nil || n != 2 {
			t.Fatalf("recompute moved %d, %v", n, err)
		}
		if n, err := st.RecomputeAEDue(ctx, "wwa", 500, "adm"); err != nil || n != 0 {
			t.Fatalf("second recompute moved %d, %v", n, err)
		}
		all, err := st.ListAlerts(ctx, store.AlertFilter{CorpID: "wwa", Scope: store.DeptScope{All: true}}, 10)
		if err != nil || len(all) != 4 {
			t.Fatalf("alerts %v %v", all, err)
		}
		for _, a := range all {
			want := a.MsgTime + 10
			if a.State != "closed" {
				want = a.MsgTime + 500
			}
			if a.DueAt != want {
				t.Errorf("%s (%s): due %d, want %d", a.MsgID, a.State, a.DueAt, want)
			}
			evs, _ := st.AlertEvents(ctx, a.ID)
			if moved := a.State != "closed"; moved != (len(evs) == 1) || (moved && evs[0].Detail != fmt.Sprintf("due_at %d -> %d", a.MsgTime+10, a.MsgTime+500)) {
				t.Errorf("%s events %+v", a.MsgID, evs)
			}
		}

		if err := st.WithTx(ctx, func(ctx context.Context) error {
			m2, _ := st.MessageByMsgID(ctx, "wwa", "m2")
			m3, _ := st.MessageByMsgID(ctx, "wwa", "m3")
			_, err := st.DeleteMessages(ctx, "wwa", []store.Message{m2, m3})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			f    store.AlertFilter
			want int
		}{
			{"all", store.AlertFilter{Scope: store.DeptScope{All: true}}, 4},
			{"in scope", store.AlertFilter{Scope: store.DeptScope{Paths: []string{"总部/肿瘤"}}}, 4},
			{"out of scope", store.AlertFilter{Scope: store.DeptScope{Paths: []string{"总部/心血管"}}}, 0},
			{"department", store.AlertFilter{Scope: store.DeptScope{All: true}, Department: "总部/肿瘤"}, 4},
			{"employee", store.AlertFilter{Scope: store.DeptScope{All: true}, Employee: "onc"}, 4},
			{"other employee", store.AlertFilter{Scope: store.DeptScope{All: true}, Employee: "cv"}, 0},
			{"from", store.AlertFilter{Scope: store.DeptScope{All: true}, From: 3000}, 2},
			{"to", store.AlertFilter{Scope: store.DeptScope{All: true}, To: 3000}, 3},
		} {
			c.f.CorpID = "wwa"
			got, err := st.ListAlerts(ctx, c.f, 10)
			n, cerr := st.CountAlerts(ctx, c.f)
			if err != nil || cerr != nil || len(got) != c.want || n != int64(c.want) {
				t.Errorf("%s: listed %d counted %d, want %d (%v %v)", c.name, len(got), n, c.want, err, cerr)
			}
		}
		a, err := st.AlertByID(ctx, all[0].ID) // newest: m3, its message gone
		if err != nil || a.MsgID != "m3" || a.Hits != `[{"label":"ae"}]` {
			t.Fatalf("purged message's alert %+v %v", a, err)
		}
	})
}
