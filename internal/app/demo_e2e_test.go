package app_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/apiclient"
	"wecomadmin/internal/app"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/wecomsim"
)

// TestDemoEndToEnd runs the real demo (portal + in-process simulator on
// loopback) and drives it through the typed API client.
func TestDemoEndToEnd(t *testing.T) {
	t.Parallel()
	d, ctx := runDemo(t, app.DemoOptions{Seed: 1})

	code := func() string {
		c, err := auth.TOTPCode(d.Cred.TOTPSecret, auth.TOTPStep(time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	admin, _ := apiclient.New(d.PortalURL)
	if _, err := admin.Status(ctx); !isCode(err, "unauthenticated") {
		t.Fatalf("status before sign-in: %v", err)
	}
	if _, err := admin.Login(ctx, d.Cred.User, "wrong password", code()); !isCode(err, "invalid_credentials") {
		t.Fatalf("wrong password: %v", err)
	}
	me, err := admin.Login(ctx, d.Cred.User, d.Cred.Password, code())
	if err != nil || me.User.Username != "admin" || me.CSRFToken == "" {
		t.Fatalf("login: %+v %v", me, err)
	}
	st, err := admin.Status(ctx)
	if err != nil || len(st.Corps) != 1 || st.Corps[0].Key != app.DemoCorpKey || st.Components["blob"].State != "ok" {
		t.Fatalf("status: %+v %v", st, err)
	}
	v, err := admin.VerifyAudit(ctx)
	if err != nil || !v.Intact || v.Checked == 0 {
		t.Fatalf("audit verify: %+v %v", v, err)
	}

	// The auditor reads the trail but not conversations; the reviewer the reverse.
	auditor, _ := apiclient.New(d.PortalURL)
	if _, err := auditor.Login(ctx, "auditor", d.Cred.Password, code()); err != nil {
		t.Fatalf("auditor login: %v", err)
	}
	if _, err := auditor.VerifyAudit(ctx); err != nil {
		t.Fatalf("auditor verify: %v", err)
	}
	reviewer, _ := apiclient.New(d.PortalURL)
	if _, err := reviewer.Login(ctx, "reviewer", d.Cred.Password, code()); err != nil {
		t.Fatalf("reviewer login: %v", err)
	}
	if _, err := reviewer.VerifyAudit(ctx); !isCode(err, "forbidden") {
		t.Fatalf("reviewer reads the audit trail: %v", err)
	}

	// The archive loop ingests the simulator's conversations.
	waitFor(t, 3*time.Minute, "archive ingest", func() bool {
		st, err := admin.Status(ctx)
		return err == nil && st.Corps[0].MessagesByType["text"] > 0 && st.Corps[0].Ingest.Cursor > 0
	})

	// A representative adds a customer inside WeCom: the simulator calls back
	// (signed, encrypted), the portal records the relationship.
	corpID := d.Sim.Options().CorpID
	var follow []wecomsim.FollowRelation
	for _, f := range d.Sim.Directory().Follows() {
		follow = append(follow, f)
		break
	}
	added := simAddContact(t, d.SimURL, follow[0].UserID)
	waitFor(t, 2*time.Minute, "callback → relationship", func() bool {
		var page struct {
			Items []struct {
				ExternalUserID string `json:"external_userid"`
				State          string `json:"state"`
			} `json:"items"`
		}
		err := admin.Do(ctx, "GET", "/api/v1/contacts?corp="+corpID+"&contact="+added, nil, &page)
		return err == nil && len(page.Items) == 1 && page.Items[0].State == "active"
	})

	if err := admin.Logout(ctx); err != nil {
		t.Fatalf("logout: %v", err)
	}
	if _, err := admin.Me(ctx); err == nil {
		t.Fatal("session still valid after logout")
	}
}

func waitFor(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// simAddContact makes a member add a new customer "in the WeCom app".
func simAddContact(t *testing.T, simURL, userID string) string {
	t.Helper()
	resp, err := http.Post(simURL+"/sim/external_contact/add", "application/json", strings.NewReader(`{"userid":"`+userID+`","state":"e2e"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		ErrCode        int    `json:"errcode"`
		ExternalUserID string `json:"external_userid"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.ErrCode != 0 {
		t.Fatalf("sim add contact: %v %+v", err, out)
	}
	return out.ExternalUserID
}

func isCode(err error, code string) bool {
	var e *apiclient.Error
	return errors.As(err, &e) && e.Code == code
}
