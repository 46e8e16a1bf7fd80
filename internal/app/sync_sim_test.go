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
	"strings"
	"testing"

	"wecomadmin/internal/app"
	"wecomadmin/internal/wecomsim"
)

// TestHRSyncAgainstSimulator runs `wecomadmin sync` end to end: the real
// WeCom client, the accounts planner and applier, and the simulator's
// directory, with an HR file that exercises both of the seed's rules.
func TestHRSyncAgainstSimulator(t *testing.T) {
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
	paths := deptPaths(d.Departments())
	var active []wecomsim.User
	for _, u := range d.Users() {
		if u.Status == 1 && !u.Creator && u.Mobile != "" && u.Email != "" {
			active = append(active, u)
		}
	}
	if len(active) < 10 {
		t.Fatalf("simulator has %d active members", len(active))
	}
	changed, leaver, giver := active[0], active[1], active[2]
	// holder is in WeCom but not in the HR file (say, a contractor): only
	// rule (a) frees its mobile for the new hire who now has that number;
	// its account is otherwise left exactly as it is.
	holder := active[4]
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"employee_id", "name", "email", "mobile", "department", "title", "status", "archive_licence"})
	row := func(id, name, email, mobile string, dept int64, status string) {
		w.Write([]string{id, name, email, mobile, paths[dept], "医药代表", status, "no"})
	}
	for _, u := range active {
		if u.UserID == holder.UserID {
			continue
		}
		mobile, status := u.Mobile, "active"
		switch u.UserID {
		case changed.UserID:
			mobile = "+86 13999990001" // rule (b): the person changed mobile → a new account
		case leaver.UserID:
			status = "leaver"
		case giver.UserID:
			mobile = "+86 13999990002" // gives up their number...
		}
		row(u.UserID, u.Name, u.Email, mobile, u.MainDepartment, status)
	}
	// ...which a new hire now holds: rule (a), a mobile that changed hands.
	row("new-hire-1", "新同事", "xin.tongshi@simpharma.cn", giver.Mobile, active[3].MainDepartment, "active")
	row("new-hire-2", "接号人", "jie.haoren@simpharma.cn", holder.Mobile, active[3].MainDepartment, "active")
	w.Flush()
	hr := filepath.Join(dir, "hr.csv")
	if err := os.WriteFile(hr, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	var out bytes.Buffer
	if err := a.Sync(ctx, app.SyncOptions{Corp: app.DemoCorpKey, HRFile: hr, DryRun: true}, &out); err != nil {
		t.Fatalf("dry run: %v\n%s", err, out.String())
	}
	var plan struct {
		State string `json:"state"`
		Plan  struct {
			Summary map[string]int `json:"summary"`
			Steps   []struct {
				UserID string `json:"userid"`
				Action string `json:"action"`
				Rule   string `json:"rule"`
			} `json:"steps"`
		} `json:"plan"`
	}
	if err := json.Unmarshal(out.Bytes(), &plan); err != nil {
		t.Fatalf("sync output is not one JSON object: %v\n%s", err, out.String())
	}
	if plan.State != "planned" {
		t.Fatalf("state %q: %s", plan.State, out.String())
	}
	steps := map[string][]string{}
	for _, s := range plan.Plan.Steps {
		steps[s.UserID] = append(steps[s.UserID], s.Action+":"+s.Rule)
	}
	t.Logf("plan summary %v", plan.Plan.Summary)
	if !hasAction(steps[changed.UserID], "delete") || !hasAction(steps[changed.UserID], "create") {
		t.Errorf("changed mobile: steps %v, want delete then create", steps[changed.UserID])
	}
	if got := steps[holder.UserID]; len(got) != 1 || got[0] != "delete:mobile_moved_to_other_person" {
		t.Errorf("old holder of a reassigned mobile: steps %v, want only delete by rule (a)", got)
	}
	if !hasAction(steps[leaver.UserID], "disable") {
		t.Errorf("leaver: steps %v, want disable", steps[leaver.UserID])
	}
	// Dry run changed nothing in WeCom.
	if u, ok := d.User(changed.UserID); !ok || u.Mobile != changed.Mobile {
		t.Fatalf("dry run touched WeCom: %+v", u)
	}

	out.Reset()
	if err := a.Sync(ctx, app.SyncOptions{Corp: app.DemoCorpKey, HRFile: hr}, &out); err != nil {
		t.Fatalf("apply: %v\n%s", err, out.String())
	}
	if u, ok := d.User(leaver.UserID); !ok || u.Status != 2 {
		t.Errorf("leaver after apply: %+v (want status 2, disabled)", u)
	}
	if u, ok := d.User(changed.UserID); !ok || !strings.HasSuffix(u.Mobile, "13999990001") {
		t.Errorf("changed-mobile employee after apply: %+v", u)
	}
	found := false
	for _, u := range d.Users() {
		if strings.HasSuffix(u.Mobile, strings.TrimPrefix(giver.Mobile, "+86 ")) && u.UserID != giver.UserID {
			found = true
		}
	}
	if !found {
		t.Errorf("the new hire does not hold the reassigned mobile %s", giver.Mobile)
	}
	if _, ok := d.User(holder.UserID); ok {
		t.Errorf("the old holder %s of %s was not deleted", holder.UserID, holder.Mobile)
	}
	if id, ok := userByMobile(d, holder.Mobile); !ok || id != "jie.haoren" {
		t.Errorf("reassigned mobile %s held by %q, want jie.haoren", holder.Mobile, id)
	}
	// The next sync of the same file plans nothing: no update for fields
	// WeCom does not return, no rule firing again on the new accounts.
	out.Reset()
	if err := a.Sync(ctx, app.SyncOptions{Corp: app.DemoCorpKey, HRFile: hr, DryRun: true}, &out); err != nil {
		t.Fatalf("second dry run: %v\n%s", err, out.String())
	}
	plan.Plan.Steps = nil
	if err := json.Unmarshal(out.Bytes(), &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan.Plan.Steps) != 0 {
		t.Errorf("second sync of the same file plans %d steps: %+v", len(plan.Plan.Steps), plan.Plan.Steps)
	}
}

func userByMobile(d *wecomsim.Directory, mobile string) (string, bool) {
	want := strings.TrimPrefix(mobile, "+86 ")
	for _, u := range d.Users() {
		if strings.HasSuffix(u.Mobile, want) {
			return u.UserID, true
		}
	}
	return "", false
}

func hasAction(steps []string, action string) bool {
	for _, s := range steps {
		if strings.HasPrefix(s, action+":") {
			return true
		}
	}
	return false
}

func deptPaths(ds []wecomsim.Department) map[int64]string {
	byID := map[int64]wecomsim.Department{}
	for _, d := range ds {
		byID[d.ID] = d
	}
	out := map[int64]string{}
	for _, d := range ds {
		var parts []string
		for cur, ok := d, true; ok; cur, ok = byID[cur.ParentID] {
			parts = append([]string{cur.Name}, parts...)
			if cur.ParentID == 0 {
				break
			}
		}
		out[d.ID] = strings.Join(parts, "/")
	}
	return out
}
