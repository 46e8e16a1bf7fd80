package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/app"
	"wecomadmin/internal/wecomsim"
)

// TestLeaverHandoverAgainstSimulator: a leaver's customers are handed over
// by the HR sync against the simulator, which refuses what WeCom refuses.
// Leaver A is still active: the sync runs 在职继承 to the direct leader and
// only then disables. Leaver B was disabled before (as every leaver used to
// be, "held until customers are handed over", where 离职继承 answers 40097):
// once the grace period is over the sync deletes the account and hands the
// customers from get_unassigned_list over by 离职继承.
func TestLeaverHandoverAgainstSimulator(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim := wecomsim.New(wecomsim.Options{Seed: 7})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	cfg := simConfig(dir, srv.URL, sim.Options().CorpID)
	a, err := app.Build(ctx, cfg, io.Discard, app.Info{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	d := sim.Directory()
	corpID := sim.Options().CorpID

	byID := map[string]wecomsim.User{}
	customers := map[string]int{}
	for _, u := range d.Users() {
		byID[u.UserID] = u
	}
	for _, f := range d.Follows() {
		if f.Visible() {
			customers[f.UserID]++
		}
	}
	// Leavers: members with customers whose direct leader can take over
	// (active, real-name verified) and does not leave too.
	var leavers []wecomsim.User
	taken := map[string]bool{}
	for _, u := range d.Users() {
		if len(leavers) == 2 {
			break
		}
		if u.Status != wecomsim.StatusActive || u.Creator || u.Mobile == "" || u.Email == "" || customers[u.UserID] == 0 || len(u.DirectLeader) == 0 || taken[u.UserID] {
			continue
		}
		l, ok := byID[u.DirectLeader[0]]
		if !ok || l.Status != wecomsim.StatusActive || !l.RealNameVerified || !l.CustomerContact || taken[l.UserID] {
			continue
		}
		leavers = append(leavers, u)
		taken[u.UserID], taken[l.UserID] = true, true
	}
	if len(leavers) < 2 {
		t.Fatalf("seed has %d members with customers and an able direct leader", len(leavers))
	}
	la, lb := leavers[0], leavers[1]
	// B was disabled by an earlier sync: neither inheritance works for it now.
	if err := d.SetUserStatus(lb.UserID, wecomsim.StatusDisabled); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Contacts.Reconcile(ctx, corpID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Contacts.SyncGroups(ctx, corpID); err != nil {
		t.Fatal(err)
	}

	paths := deptPaths(d.Departments())
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"employee_id", "name", "email", "mobile", "department", "title", "status", "archive_licence"})
	for _, u := range d.Users() {
		if u.Creator || u.Mobile == "" || u.Email == "" || (u.Status != wecomsim.StatusActive && u.UserID != lb.UserID) {
			continue
		}
		status := "active"
		if u.UserID == la.UserID || u.UserID == lb.UserID {
			status = "leaver"
		}
		w.Write([]string{u.UserID, u.Name, u.Email, u.Mobile, paths[u.MainDepartment], "医药代表", status, "no"})
	}
	w.Flush()
	hr := filepath.Join(dir, "hr.csv")
	if err := os.WriteFile(hr, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := a.Sync(ctx, app.SyncOptions{Corp: app.DemoCorpKey, HRFile: hr}, &out); err != nil {
		t.Fatalf("sync: %v\n%s", err, out.String())
	}
	onjob := transfersFrom(d, la.UserID, false)
	if onjob == 0 {
		t.Fatalf("leaver %s (%d customers): no 在职继承 to %s started\n%s", la.UserID, customers[la.UserID], la.DirectLeader[0], out.String())
	}
	if u, ok := d.User(la.UserID); !ok || u.Status != wecomsim.StatusDisabled {
		t.Errorf("leaver %s after the sync: %+v, want disabled", la.UserID, u)
	}
	if n := transfersFrom(d, lb.UserID, true) + transfersFrom(d, lb.UserID, false); n != 0 {
		t.Errorf("disabled leaver %s within the grace period: %d transfers", lb.UserID, n)
	}
	if strings.Contains(out.String(), "40097") || strings.Contains(out.String(), "41054") {
		t.Errorf("the sync hit WeCom's refusals:\n%s", out.String())
	}

	// B's grace period is over: delete, then 离职继承 from the unassigned list.
	// (our copy keeps the first left_at: clear it, then backdate it)
	e, err := a.Store.EmployeeByUserID(ctx, corpID, lb.UserID)
	if err != nil {
		t.Fatal(err)
	}
	e.HRStatus = "active"
	if err := a.Store.UpsertEmployee(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := a.Store.SetEmployeeState(ctx, corpID, lb.UserID, "leaver", wecomsim.StatusDisabled, time.Now().Add(-40*24*time.Hour).UnixMilli()); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := a.Sync(ctx, app.SyncOptions{Corp: app.DemoCorpKey, HRFile: hr}, &out); err != nil {
		t.Fatalf("second sync: %v\n%s", err, out.String())
	}
	if _, ok := d.User(lb.UserID); ok {
		t.Errorf("leaver %s not deleted after the grace period\n%s", lb.UserID, out.String())
	}
	if n := transfersFrom(d, lb.UserID, true); n != customers[lb.UserID] {
		t.Errorf("leaver %s: %d 离职继承 transfers, want %d (one per customer)\n%s", lb.UserID, n, customers[lb.UserID], out.String())
	}
	ts, err := a.Store.ListTransfers(ctx, corpID, false, 50)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, tr := range ts {
		kinds[tr.HandoverUserID] = tr.Kind
	}
	if kinds[la.UserID] != "onjob" || kinds[lb.UserID] != "resigned" {
		t.Errorf("stored transfers by handover: %v", kinds)
	}
}

// transfersFrom counts the simulator's customer transfers from uid.
func transfersFrom(d *wecomsim.Directory, uid string, resigned bool) int {
	n := 0
	for _, t := range d.Transfers() {
		if strings.EqualFold(t.HandoverUserID, uid) && t.Resigned == resigned {
			n++
		}
	}
	return n
}
