package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"wecomadmin/internal/app"
	"wecomadmin/internal/wecomsim"
)

// TestMobileChangeSuccessionAgainstSimulator: an employee with customers,
// customer groups and an archive licence changes mobile (seed rule b: a
// new account). The sync keeps the old account and creates the successor
// zhang.san-2 without the email (60106), shows the licence as an admin
// action until the permit list has it, waits until the new account is
// activated (在职继承 refuses it: 41054), hands customers and groups over
// by 在职继承, deletes the old account only once WeCom shows nothing left
// with it, then moves the email; the employee's history spans both.
func TestMobileChangeSuccessionAgainstSimulator(t *testing.T) {
	ctx := context.Background()
	var skew atomic.Int64 // the simulator's clock runs ahead by this much
	sim := wecomsim.New(wecomsim.Options{Seed: 7, Clock: func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	cfg := app.DemoConfig("127.0.0.1:0", dir, srv.URL, sim.Options().CorpID)
	a, err := app.Build(ctx, cfg, io.Discard, app.Info{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	d := sim.Directory()
	corpID := sim.Options().CorpID

	customers, groups := map[string]int{}, map[string]int{}
	for _, f := range d.Follows() {
		if f.Visible() {
			customers[f.UserID]++
		}
	}
	for _, g := range d.GroupChats() {
		groups[g.Owner]++
	}
	var x wecomsim.User
	for _, u := range d.Users() {
		local, _, _ := strings.Cut(u.Email, "@")
		if u.Status == wecomsim.StatusActive && !u.Creator && u.Mobile != "" && local == u.UserID && customers[u.UserID] > 0 && groups[u.UserID] > 0 {
			x = u
			break
		}
	}
	if x.UserID == "" {
		t.Fatal("seed has no active member with customers and customer groups")
	}
	if err := d.PermitArchive(x.UserID, 1); err != nil {
		t.Fatal(err)
	}
	succ := x.UserID + "-2"
	refresh := func() {
		t.Helper()
		if _, err := a.Contacts.Reconcile(ctx, corpID); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Contacts.SyncGroups(ctx, corpID); err != nil {
			t.Fatal(err)
		}
	}
	refresh()

	paths := deptPaths(d.Departments())
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"employee_id", "name", "email", "mobile", "department", "title", "status", "archive_licence"})
	for _, u := range d.Users() {
		if u.Creator || u.Mobile == "" || u.Email == "" || u.Status != wecomsim.StatusActive {
			continue
		}
		mobile, licence := u.Mobile, "no"
		if u.UserID == x.UserID {
			mobile, licence = "+86 13999990007", "yes"
		}
		w.Write([]string{u.UserID, u.Name, u.Email, mobile, paths[u.MainDepartment], "医药代表", "active", licence})
	}
	w.Flush()
	hr := filepath.Join(dir, "hr.csv")
	if err := os.WriteFile(hr, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	type line struct{ Kind, State, UserID string }
	sync := func(name string) (lines []line, out string) {
		t.Helper()
		var o bytes.Buffer
		if err := a.Sync(ctx, app.SyncOptions{Corp: app.DemoCorpKey, HRFile: hr}, &o); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, o.String())
		}
		var res struct {
			Plan struct {
				Employees []struct {
					EmployeeID string `json:"employee_id"`
					Succession *struct {
						Lines []struct {
							Kind   string `json:"kind"`
							State  string `json:"state"`
							UserID string `json:"userid"`
							Text   string `json:"text"`
						} `json:"lines"`
					} `json:"succession"`
				} `json:"employees"`
			} `json:"plan"`
		}
		if err := json.Unmarshal(o.Bytes(), &res); err != nil {
			t.Fatalf("%s: output is not one JSON object: %v\n%s", name, err, o.String())
		}
		for _, e := range res.Plan.Employees {
			if e.EmployeeID == x.UserID && e.Succession != nil {
				for _, l := range e.Succession.Lines {
					lines = append(lines, line{l.Kind, l.State, l.UserID})
				}
			}
		}
		for _, code := range []string{"40130", "41054", "40098", "60106", "60102", "40097"} {
			if strings.Contains(o.String(), "errcode "+code) {
				t.Errorf("%s hit WeCom's refusal %s:\n%s", name, code, o.String())
			}
		}
		return lines, o.String()
	}
	want := func(name string, got []line, states ...string) {
		t.Helper()
		kinds := []string{"create", "licence", "customers", "groups", "delete_old", "email"}
		var exp []line
		for i, s := range states {
			uid := succ
			if kinds[i] == "customers" || kinds[i] == "groups" || kinds[i] == "delete_old" {
				uid = x.UserID
			}
			exp = append(exp, line{kinds[i], s, uid})
		}
		if !slices.Equal(got, exp) {
			t.Fatalf("%s: succession lines\n got %v\nwant %v", name, got, exp)
		}
	}
	alive := func(uid string) wecomsim.User {
		t.Helper()
		u, ok := d.User(uid)
		if !ok {
			t.Fatalf("%s is gone from WeCom", uid)
		}
		return u
	}

	// 1: the new account, no email yet; the old one keeps everything.
	lines, out := sync("sync 1")
	want("sync 1", lines, "planned", "open", "waiting", "waiting", "waiting", "waiting")
	n := alive(succ)
	if !strings.HasSuffix(n.Mobile, "13999990007") || n.Email != "" {
		t.Errorf("new account %+v: want the new mobile and no email\n%s", n, out)
	}
	if o := alive(x.UserID); o.Email != x.Email {
		t.Errorf("old account lost its email: %+v", o)
	}
	// 2: not activated yet: nothing is handed over, the old account stays.
	lines, _ = sync("sync 2")
	want("sync 2", lines, "done", "open", "waiting", "waiting", "waiting", "waiting")
	if n := transfersFrom(d, x.UserID, false); n != 0 {
		t.Fatalf("%d transfers to a member not activated", n)
	}
	// The member joins; the admin adds the new account to the permit list.
	if err := d.JoinUser(succ); err != nil {
		t.Fatal(err)
	}
	if err := d.PermitArchive(succ, 1); err != nil {
		t.Fatal(err)
	}
	// 3: 在职继承 of customers and groups; the delete waits for WeCom.
	lines, out = sync("sync 3")
	want("sync 3", lines, "done", "done", "planned", "planned", "waiting", "waiting")
	if n := transfersFrom(d, x.UserID, false); n != customers[x.UserID] {
		t.Errorf("在职继承: %d transfers from %s, want %d\n%s", n, x.UserID, customers[x.UserID], out)
	}
	alive(x.UserID)
	// 3b: before the customers answer, a sync starts nothing again (40129).
	started := len(d.Transfers())
	lines, out = sync("sync 3b")
	want("sync 3b", lines, "done", "done", "waiting", "waiting", "waiting", "waiting")
	if n := len(d.Transfers()); n != started {
		t.Errorf("sync 3b started %d more transfers\n%s", n-started, out)
	}
	// The customers accept (the simulator's 24 h pass); a customer who
	// refused is released by the old account deleting them.
	skew.Add(int64(time.Hour))
	_ = d.Users() // a read to let due transfers settle
	for _, f := range d.Follows() {
		if strings.EqualFold(f.UserID, x.UserID) && f.Visible() {
			if err := d.DeleteFollowByEmployee(f.UserID, f.ExternalUserID); err != nil {
				t.Fatal(err)
			}
		}
	}
	refresh()
	// 4: nothing left with the old account: deleted, then the email moves.
	lines, out = sync("sync 4")
	want("sync 4", lines, "done", "done", "done", "done", "planned", "planned")
	if _, ok := d.User(x.UserID); ok {
		t.Errorf("old account %s not deleted\n%s", x.UserID, out)
	}
	if n := alive(succ); !strings.EqualFold(n.Email, x.Email) {
		t.Errorf("email did not move to %s: %+v\n%s", succ, n, out)
	}
	for _, g := range d.GroupChats() {
		if strings.EqualFold(g.Owner, x.UserID) {
			t.Errorf("group %s still owned by the deleted account", g.ChatID)
		}
	}
	// History spans both accounts.
	ids, err := a.Store.EmployeeAccountUserIDs(ctx, corpID, succ)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(ids, strings.ToLower(x.UserID)) {
		t.Errorf("accounts of %s: %v, want the old %s linked", succ, ids, x.UserID)
	}
	// 5: done; the next sync plans nothing for the employee.
	if lines, out = sync("sync 5"); len(lines) != 0 {
		t.Errorf("sync 5 still plans the succession: %v\n%s", lines, out)
	}
}
