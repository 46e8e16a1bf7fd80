package app_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"wecomadmin/internal/apiclient"
	"wecomadmin/internal/app"
	"wecomadmin/internal/auth"
)

// TestDemoMonitoringQueue: the demo's ingest classifies the simulator's
// conversations, the queue has alerts, and one alert is worked from open
// to closed, with four eyes when it is an AE, through the typed client.
func TestDemoMonitoringQueue(t *testing.T) {
	t.Parallel()
	d, ctx := runDemo(t, app.DemoOptions{Seed: 1})
	login := func(user string) *apiclient.Client {
		c, _ := apiclient.New(d.PortalURL)
		code, err := auth.TOTPCode(d.Cred.TOTPSecret, auth.TOTPStep(time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Login(ctx, user, d.Cred.Password, code); err != nil {
			t.Fatalf("%s login: %v", user, err)
		}
		return c
	}
	reviewer, admin := login("reviewer"), login(d.Cred.User)
	var page apiclient.AlertPage
	waitFor(t, 3*time.Minute, "alerts from ingest", func() bool {
		var err error
		page, err = reviewer.Alerts(ctx, apiclient.AlertQuery{Corp: app.DemoCorpKey, State: "open"})
		return err == nil && len(page.Items) > 0
	})
	a := page.Items[0]
	for _, it := range page.Items {
		if slices.Contains(it.Labels, "ae") {
			a = it
			break
		}
	}
	if len(a.Hits) == 0 || a.CorpID == "" || a.MsgID == "" {
		t.Fatalf("alert without its evidence: %+v", a)
	}
	if _, err := reviewer.AssignAlert(ctx, a.ID, "reviewer"); err != nil {
		t.Fatalf("assign: %v", err)
	}
	dec := apiclient.Disposition{Disposition: "no_action", Note: "demo"}
	if slices.Contains(a.Labels, "ae") {
		dec = apiclient.Disposition{Disposition: "ae_reported", CaseNumber: "DEMO-1"}
	}
	got, err := reviewer.DispositionAlert(ctx, a.ID, dec)
	if err != nil {
		t.Fatalf("disposition: %v", err)
	}
	if got.NeedsApproval {
		if _, err := reviewer.ApproveAlert(ctx, a.ID, "self"); !isCode(err, "self_approval") {
			t.Fatalf("self approval: %v", err)
		}
		if got, err = admin.ApproveAlert(ctx, a.ID, "复核同意"); err != nil {
			t.Fatalf("approve: %v", err)
		}
	}
	if got.State != "closed" || len(got.History) < 3 {
		t.Fatalf("not closed: %+v", got)
	}
	raw, err := reviewer.AlertIntake(ctx, a.ID, "json")
	var rec map[string]any
	if err != nil || json.Unmarshal(raw, &rec) != nil || rec["msgid"] != a.MsgID {
		t.Fatalf("intake: %s %v", raw, err)
	}
}
