package accounts

import (
	"context"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
	"wecomadmin/internal/wecom"
)

// TestMemberChangedKeepsCopyFresh: change_contact events from WeCom (someone
// edited WeCom directly) re-read the member and update our copy, audited.
func TestMemberChangedKeepsCopyFresh(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		f := newFake(wu("li.si", "李四", "li.si@x.example", "+86 13800138001", StatusActivated))
		svc, au := newService(t, b.Store, f)
		if err := b.Store.UpsertEmployee(ctx, store.Employee{CorpID: testCorp, EmployeeID: "E2", UserID: "li.si", Name: "李四",
			HRStatus: "active", WeComStatus: StatusActivated}); err != nil {
			t.Fatal(err)
		}
		status := func() int {
			e, err := b.Store.EmployeeByUserID(ctx, testCorp, "li.si")
			if err != nil {
				t.Fatal(err)
			}
			return e.WeComStatus
		}
		// Disabled in the WeCom admin console.
		u := f.users["li.si"]
		u.Status = wecom.UserDisabled
		if err := svc.MemberChanged(ctx, testCorp, "update_user", "li.si", ""); err != nil {
			t.Fatal(err)
		}
		if got := status(); got != StatusDisabled {
			t.Fatalf("after update_user: status %d, want %d", got, StatusDisabled)
		}
		// Userid changed in WeCom (update_user carries NewUserID): our copy follows it.
		f.mu.Lock()
		delete(f.users, "li.si")
		u.UserID = "lisi"
		f.put(u)
		f.mu.Unlock()
		if err := svc.MemberChanged(ctx, testCorp, "update_user", "li.si", "lisi"); err != nil {
			t.Fatal(err)
		}
		if e, err := b.Store.EmployeeByUserID(ctx, testCorp, "lisi"); err != nil || e.EmployeeID != "E2" || e.WeComStatus != StatusDisabled {
			t.Fatalf("after the userid change: %+v %v", e, err)
		}
		// Deleted in WeCom.
		if err := svc.MemberChanged(ctx, testCorp, "delete_user", "lisi", ""); err != nil {
			t.Fatal(err)
		}
		if e, err := b.Store.EmployeeByUserID(ctx, testCorp, "lisi"); err != nil || e.WeComStatus != StatusDeleted {
			t.Fatalf("after delete_user: %+v %v", e, err)
		}
		if n := au.count("wecom_user.changed_in_wecom", "success"); n != 3 {
			t.Fatalf("audited %d changes, want 3", n)
		}
		// Someone who is not our employee: ignored.
		if err := svc.MemberChanged(ctx, testCorp, "create_user", "stranger", ""); err != nil {
			t.Fatal(err)
		}
	})
}
