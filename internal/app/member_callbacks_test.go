package app_test

import (
	"testing"
	"time"

	"wecomadmin/internal/app"
	"wecomadmin/internal/store"
)

// TestMemberCallbacksKeepCopyFresh runs the demo (portal + simulator on
// loopback, callbacks signed and encrypted as WeCom does): an employee
// disabled and then deleted directly in WeCom is updated in our copy through
// change_contact update_user / delete_user callbacks.
func TestMemberCallbacksKeepCopyFresh(t *testing.T) {
	d, ctx := runDemo(t, app.DemoOptions{Seed: 5, NoDirectory: true})
	// Our copy of one active member, as an HR sync leaves it. (Written
	// directly: the demo's archive ingest writes meanwhile, and a whole sync
	// run here only adds SQLite lock contention to a test of callbacks.)
	corpID := d.Sim.Options().CorpID
	var uid string
	for _, u := range d.Sim.Directory().Users() {
		if u.Status == 1 && !u.Creator && u.Email != "" {
			uid = u.UserID
			e := store.Employee{CorpID: corpID, EmployeeID: "E-" + uid, UserID: uid, Name: u.Name, Email: u.Email, Mobile: u.Mobile,
				HRStatus: "active", WeComStatus: 1}
			for try := 0; ; try++ {
				if err := d.App.Store.UpsertEmployee(ctx, e); err == nil {
					break
				} else if try == 5 {
					t.Fatal(err)
				}
				time.Sleep(200 * time.Millisecond)
			}
			break
		}
	}
	if uid == "" {
		t.Fatal("no active member in the simulator")
	}
	waitStatus := func(want int) {
		t.Helper()
		deadline := time.Now().Add(2 * time.Minute)
		for {
			e, err := d.App.Store.EmployeeByUserID(ctx, corpID, uid)
			if err == nil && e.WeComStatus == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("employee %s: %+v %v, want WeCom status %d", uid, e, err, want)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	if err := d.Sim.Directory().SetUserStatus(uid, 2); err != nil {
		t.Fatal(err)
	}
	waitStatus(2)
	if err := d.Sim.Directory().DeleteUsers(uid); err != nil {
		t.Fatal(err)
	}
	waitStatus(0)
	var n int
	rows, err := d.App.Store.ListAudit(ctx, store.AuditFilter{Action: "wecom_user.changed_in_wecom", Limit: 10})
	if err == nil {
		n = len(rows)
	}
	if n != 2 {
		t.Errorf("audited %d member changes, want 2 (%v)", n, err)
	}
}
