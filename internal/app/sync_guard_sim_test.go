package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wecomadmin/internal/app"
	"wecomadmin/internal/wecomsim"
)

// TestHRSyncRefusesPartialFile: after a full sync, a file with a third of
// the rows is refused by `wecomadmin sync --dry-run` (ErrSyncRefused: exit
// 2) with one JSON object whose report explains the removal limit.
func TestHRSyncRefusesPartialFile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim := wecomsim.New(wecomsim.Options{Seed: 11})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	a, err := app.Build(ctx, simConfig(dir, srv.URL, sim.Options().CorpID), io.Discard, app.Info{Version: "test"})
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
	file := func(name string, n int) string {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write([]string{"employee_id", "name", "email", "mobile", "department", "title", "status", "archive_licence"})
		for _, u := range active[:n] {
			_ = w.Write([]string{u.UserID, u.Name, u.Email, u.Mobile, paths[u.MainDepartment], "医药代表", "active", "no"})
		}
		w.Flush()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var out bytes.Buffer
	if err := a.Sync(ctx, app.SyncOptions{Corp: app.DemoCorpKey, HRFile: file("full.csv", len(active))}, &out); err != nil {
		t.Fatalf("full sync: %v\n%s", err, out.String())
	}
	out.Reset()
	kept := len(active) / 3
	err = a.Sync(ctx, app.SyncOptions{Corp: app.DemoCorpKey, HRFile: file("part.csv", kept), DryRun: true}, &out)
	if !errors.Is(err, app.ErrSyncRefused) {
		t.Fatalf("partial file: %v, want refused (exit 2)\n%s", err, out.String())
	}
	var res struct {
		State  string `json:"state"`
		Report struct {
			Refused    bool   `json:"refused"`
			RefuseCode string `json:"refuse_code"`
			Reason     string `json:"refuse_reason"`
		} `json:"report"`
		Plan struct {
			Guard struct {
				Removals int `json:"removals"`
				Active   int `json:"active"`
			} `json:"removal_guard"`
			Steps []struct {
				Name string `json:"name"`
			} `json:"steps"`
		} `json:"plan"`
	}
	dec := json.NewDecoder(&out)
	if err := dec.Decode(&res); err != nil || dec.More() {
		t.Fatalf("not one JSON object: %v", err)
	}
	if res.State != "refused" || !res.Report.Refused || res.Report.RefuseCode != "removal_limit_exceeded" ||
		res.Plan.Guard.Removals != len(active)-kept || !strings.Contains(res.Report.Reason, "second person") {
		t.Fatalf("refusal does not explain the guard: %+v", res)
	}
	for _, s := range res.Plan.Steps {
		if s.Name == "" {
			t.Fatalf("a planned step has no name: %+v", res.Plan.Steps)
		}
	}
	if u, _ := d.User(active[len(active)-1].UserID); u.Status != 1 {
		t.Errorf("a refused dry run touched WeCom: %+v", u)
	}
}
