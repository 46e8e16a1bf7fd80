package accounts

import (
	"context"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// TestRealNameUnverifiedSticks: a 40098 flags the employee; a later sync
// write that knows nothing of real-name state (nil) keeps the flag.
func TestRealNameUnverifiedSticks(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		svc, au := newService(t, b.Store, newFake())
		e := store.Employee{CorpID: testCorp, EmployeeID: "E2", UserID: "li.si", Name: "李四", HRStatus: HRActive, WeComStatus: StatusActivated}
		if err := b.Store.UpsertEmployee(ctx, e); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := svc.RealNameUnverified(ctx, testCorp, "li.si"); err != nil {
				t.Fatal(err)
			}
		}
		if err := svc.RealNameUnverified(ctx, testCorp, "stranger"); err != nil {
			t.Fatal(err)
		}
		if n := au.count("wecom_user.real_name_unverified", "success"); n != 1 {
			t.Fatalf("audited %d times, want once", n)
		}
		if err := b.Store.UpsertEmployee(ctx, e); err != nil { // RealNameVerified nil: WeCom did not tell
			t.Fatal(err)
		}
		got, err := b.Store.EmployeeByUserID(ctx, testCorp, "li.si")
		if err != nil || got.RealNameVerified == nil || *got.RealNameVerified {
			t.Fatalf("real-name state after a sync write: %+v %v", got.RealNameVerified, err)
		}
		v, err := svc.Employee(ctx, got.ID)
		if err != nil || !v.ExternalContactBlocked {
			t.Fatalf("employee view not flagged: %+v %v", v, err)
		}
	})
}
