package store_test

import (
	"context"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestEmployeeSyncSteps: an employee's history holds the steps naming it by
// HR id or by userid, newest run first, and nothing of other employees or corps.
func TestEmployeeSyncSteps(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		storetest.SeedCorp(t, b.Store, "wwa", "a")
		storetest.SeedCorp(t, b.Store, "wwb", "b")
		run := func(corp string, steps ...store.SyncStep) int64 {
			t.Helper()
			id, err := b.Store.CreateSyncRun(ctx, store.SyncRun{CorpID: corp, Source: "csv", State: "planned", Report: "{}", Plan: "{}", Records: "[]"}, steps)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		first := run("wwa", store.SyncStep{Seq: 1, EmployeeID: "E1", UserID: "zhang.san", Action: "create", Rule: "new_employee", Changes: "[]", Payload: "{}"},
			store.SyncStep{Seq: 2, EmployeeID: "E2", UserID: "li.si", Action: "create", Rule: "new_employee", Changes: "[]", Payload: "{}"})
		second := run("wwa", store.SyncStep{Seq: 1, UserID: "zhang.san", Action: "disable", Rule: "hr_row_removed", Changes: "[]", Payload: "{}"})
		run("wwb", store.SyncStep{Seq: 1, EmployeeID: "E1", UserID: "zhang.san", Action: "create", Rule: "new_employee", Changes: "[]", Payload: "{}"})
		if err := b.Store.MarkSyncStep(ctx, first, 1, "done", ""); err != nil {
			t.Fatal(err)
		}
		got, err := b.Store.EmployeeSyncSteps(ctx, "wwa", "E1", "zhang.san", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].RunID != second || got[1].RunID != first || got[1].State != "done" || got[1].DoneAt == 0 || got[0].RunState != "planned" {
			t.Fatalf("history = %+v", got)
		}
		if got, _ := b.Store.EmployeeSyncSteps(ctx, "wwa", "", "", 10); len(got) != 0 {
			t.Fatalf("empty ids matched %d steps", len(got))
		}
	})
}
