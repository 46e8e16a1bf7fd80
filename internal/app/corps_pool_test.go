package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wecomadmin/internal/apiclient"
	"wecomadmin/internal/app"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/config"
	"wecomadmin/internal/wecom/callback"
	"wecomadmin/internal/wecomsim"
)

// TestCorpAddedThroughAPIGetsClients adds a corp through /api/v1/corps
// (no corp in the config), pointing at the simulator, then reads licences
// over the HTTP API and plans an HR sync through the real WeCom client;
// editing its archive secret replaces the client at once. The secrets never
// reach the log.
func TestCorpAddedThroughAPIGetsClients(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const secret = "ui-entered-secret-7f3a9c"
	sim := wecomsim.New(wecomsim.Options{Seed: 7, Secret: secret})
	simSrv := httptest.NewServer(sim)
	t.Cleanup(simSrv.Close)
	dir := t.TempDir()
	cfg := simConfig(dir, simSrv.URL, sim.Options().CorpID)
	cfg.Corps, cfg.Media.Corps = nil, nil
	cfg.Security.SecretsKey = config.NewSecret(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32)))
	var logs bytes.Buffer
	cfg.Log.Level = "debug"
	a, err := app.Build(ctx, cfg, &logs, app.Info{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	tok, _, err := a.Auth.CreateToken(ctx, auth.TokenSpec{Name: "it", Role: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	portal := httptest.NewServer(a.API.Handler())
	t.Cleanup(portal.Close)
	api, _ := apiclient.New(portal.URL)
	api = api.WithToken(tok)

	corp := map[string]any{"corp_id": sim.Options().CorpID, "key": "added", "name": "UI corp", "base_url": simSrv.URL,
		"secrets":  map[string]string{"contacts": secret, "app": secret, "archive": "wrong-archive-secret"},
		"callback": map[string]string{"token": "uitoken", "aes_key": app.DemoCallbackAESKey}}
	var view struct {
		Secrets map[string]string `json:"secrets"`
		Source  string            `json:"source"`
	}
	if err := api.Do(ctx, "POST", "/api/v1/corps", corp, &view); err != nil {
		t.Fatal(err)
	}
	if view.Secrets["contacts"] != "set" || view.Source != "ui" {
		t.Fatalf("corp view %+v", view)
	}
	// Its callback URL answers WeCom's verification with the stored keys.
	cr, err := callback.New("uitoken", app.DemoCallbackAESKey, sim.Options().CorpID)
	if err != nil {
		t.Fatal(err)
	}
	echo, _ := cr.Encrypt([]byte("hello"))
	q := url.Values{"msg_signature": {cr.Signature("1", "2", echo)}, "timestamp": {"1"}, "nonce": {"2"}, "echostr": {echo}}
	resp, err := http.Get(portal.URL + "/wecom/callback/added?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "hello" {
		t.Fatalf("callback verify of the UI corp: %d %s", resp.StatusCode, body)
	}
	type licences []struct {
		Permitted int    `json:"permitted"`
		Error     string `json:"error"`
	}
	var lic licences
	if err := api.Do(ctx, "GET", "/api/v1/licences?corp=added", nil, &lic); err != nil {
		t.Fatal(err)
	}
	if len(lic) != 1 || !strings.Contains(lic[0].Error, "40001") {
		t.Fatalf("licences with a wrong archive secret: %+v", lic)
	}
	// The edit replaces the corp's clients: the right secret works at once.
	corp["secrets"] = map[string]string{"archive": secret}
	if err := api.Do(ctx, "PUT", "/api/v1/corps", corp, &view); err != nil {
		t.Fatal(err)
	}
	lic = nil
	if err := api.Do(ctx, "GET", "/api/v1/licences?corp=added", nil, &lic); err != nil {
		t.Fatal(err)
	}
	want := len(sim.Directory().PermitUsers(0))
	if len(lic) != 1 || lic[0].Error != "" || lic[0].Permitted != want || want == 0 {
		t.Fatalf("licences after the edit: %+v, want %d permitted", lic, want)
	}

	// An HR sync plan for the UI corp goes through its contacts secret.
	hr := writeHR(t, dir, sim.Directory())
	var out bytes.Buffer
	if err := a.Sync(ctx, app.SyncOptions{Corp: "added", HRFile: hr, DryRun: true}, &out); err != nil {
		t.Fatalf("dry run: %v\n%s", err, out.String())
	}
	var plan struct {
		State string `json:"state"`
		Plan  struct {
			Summary map[string]int `json:"summary"`
		} `json:"plan"`
	}
	if err := json.Unmarshal(out.Bytes(), &plan); err != nil || plan.State != "planned" || plan.Plan.Summary["unchanged"] == 0 {
		t.Fatalf("plan: %v %s", err, out.String())
	}
	if strings.Contains(logs.String(), secret) {
		t.Fatal("a corp secret reached the log")
	}
}

// writeHR writes an HR file of the simulator's active members as they are.
func writeHR(t *testing.T, dir string, d *wecomsim.Directory) string {
	t.Helper()
	paths := deptPaths(d.Departments())
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"employee_id", "name", "email", "mobile", "department", "title", "status", "archive_licence"})
	for _, u := range d.Users() {
		if u.Status == 1 && !u.Creator && u.Mobile != "" && u.Email != "" {
			w.Write([]string{u.UserID, u.Name, u.Email, u.Mobile, paths[u.MainDepartment], "医药代表", "active", "no"})
		}
	}
	w.Flush()
	p := filepath.Join(dir, "hr.csv")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
