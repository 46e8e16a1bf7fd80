package monitor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/monitor/detect"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// fixture is a corp with two departments, a message from each employee
// and the service over a real store and audit trail.
type fixture struct {
	st  *store.Store
	rec *audit.Recorder
	svc *Service
	now time.Time
}

func newFixture(t *testing.T, b storetest.Backend) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{st: b.Store, rec: audit.New(b.Store, nil, nil), now: time.UnixMilli(1_700_000_000_000)}
	f.svc = New(b.Store, f.rec, Options{})
	f.svc.SetClock(func() time.Time { return f.now })
	storetest.SeedCorp(t, b.Store, "wwc1", "c1")
	for _, e := range [][3]string{{"e0", "张三", "总部/医学部"}, {"e1", "李四", "总部/销售部"}} {
		if err := b.Store.UpsertEmployee(ctx, store.Employee{CorpID: "wwc1", EmployeeID: "E" + e[0], UserID: e[0], Name: e[1],
			DepartmentPath: e[2], HRStatus: "active"}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 6 {
		emp := fmt.Sprintf("e%d", i%2)
		if _, err := b.Store.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: fmt.Sprintf("m%d", i), Seq: int64(i + 1),
			MsgType: "text", From: "wmhcp", ToList: `["` + emp + `"]`, ConversationID: emp + "|wmhcp",
			MsgTime: f.now.UnixMilli() - 3600_000 + int64(i), Content: fmt.Sprintf("病人服药后住院了 %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []struct{ name, role, corp, dept string }{
		{"rev", "reviewer", "", ""}, {"sales", "reviewer", "wwc1", "总部/销售部"}, {"aud", "auditor", "", ""}} {
		var deps []string
		if u.dept != "" {
			deps = []string{u.dept}
		}
		if _, err := b.Store.CreateAdmin(ctx, store.AdminUser{Username: u.name, DisplayName: u.name, Kind: "local"},
			[]store.AdminRole{{Role: u.role, CorpID: u.corp, Departments: deps}}); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// alert raises an alert on message msgid with labels, through the path ingest uses.
func (f *fixture) alert(t *testing.T, msgid string, labels ...string) int64 {
	t.Helper()
	ctx := context.Background()
	m, err := f.st.MessageByMsgID(ctx, "wwc1", msgid)
	if err != nil {
		t.Fatal(err)
	}
	var hits []detect.Hit
	for _, l := range labels {
		hits = append(hits, detect.Hit{Label: l, Rule: "test." + l, Start: 0, End: 2, Text: "病人"})
	}
	created, err := f.svc.raise(ctx, m, employeeOf(m), m.Content, detect.Result{Labels: labels, Hits: hits, Severity: "high"}, "test", false)
	if err != nil || !created {
		t.Fatalf("raise %s: %v %v", msgid, created, err)
	}
	rows, err := f.st.ListAlerts(ctx, store.AlertFilter{CorpID: "wwc1", Scope: store.DeptScope{All: true}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	return rows[0].ID
}

func as(name string, id int64, g auth.Grant) context.Context {
	return auth.WithPrincipal(context.Background(), auth.Principal{ID: id, Name: name, Kind: auth.KindAdmin, Grants: []auth.Grant{g}})
}

func (f *fixture) audited(t *testing.T, action, outcome string) int {
	t.Helper()
	es, _, err := f.rec.List(context.Background(), audit.Filter{Action: action, Outcome: outcome, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestReviewStateMachine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b)
		rev := as("rev", 1, auth.Grant{Role: auth.RoleReviewer})
		id := f.alert(t, "m0", "bribery")
		a, err := f.svc.Get(rev, id)
		if err != nil || a.State != StateOpen || a.Employee != "e0" || a.EmployeeName != "张三" || a.DueAt != nil || len(a.Context) == 0 {
			t.Fatalf("get: %+v %v", a, err)
		}
		if a.History[0].Action != "created" {
			t.Fatalf("history: %+v", a.History)
		}
		for _, who := range []string{"nobody", "aud", "sales"} { // unknown; no alerts:write; another department
			var ie *InputError
			if _, err := f.svc.Assign(rev, id, who); !errors.As(err, &ie) {
				t.Errorf("assign to %s: %v, want refused", who, err)
			}
		}
		if a, err = f.svc.Assign(rev, id, "rev"); err != nil || a.State != StateInReview || a.Assignee != "rev" {
			t.Fatalf("assign: %+v %v", a.Item, err)
		}
		bad := []Decision{
			{Disposition: "maybe"},
			{Disposition: "ae_reported"},
			{Disposition: "no_action", Note: strings.Repeat("长", MaxNote+1)},
			{Disposition: "ae_reported", CaseNumber: strings.Repeat("9", MaxCaseNumber+1)},
		}
		for _, d := range bad {
			var ie *InputError
			if _, err := f.svc.Disposition(rev, id, d); !errors.As(err, &ie) {
				t.Errorf("disposition %q: %v, want an input error", d.Disposition, err)
			}
		}
		if a, err = f.svc.Disposition(rev, id, Decision{Disposition: "coaching", Note: "已辅导"}); err != nil || a.State != StateClosed ||
			a.NeedsApproval || len(a.Notes) != 1 {
			t.Fatalf("disposition: %+v %v", a.Item, err)
		}
		if _, err := f.svc.Assign(rev, id, "other"); !errors.Is(err, ErrState) {
			t.Fatalf("assign closed: %v", err)
		}
		if _, err := f.svc.Disposition(rev, id, Decision{Disposition: "no_action"}); !errors.Is(err, ErrState) {
			t.Fatalf("disposition closed: %v", err)
		}
		if a, err = f.svc.Note(rev, id, "复核完毕"); err != nil || len(a.Notes) != 2 {
			t.Fatalf("note on closed: %v", err)
		}
		if len(a.History) != 4 || a.History[3].Action != audit.AlertNote || a.History[2].ToState != StateClosed {
			t.Fatalf("history: %+v", a.History)
		}
		for _, act := range []string{audit.AlertView, audit.AlertAssign, audit.AlertDisposition, audit.AlertNote, audit.AlertClose} {
			if f.audited(t, act, "") == 0 {
				t.Errorf("no %s audit entry", act)
			}
		}
	})
}

func TestFourEyesAEClosing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b)
		alice := as("alice", 1, auth.Grant{Role: auth.RoleReviewer})
		bob := as("bob", 2, auth.Grant{Role: auth.RoleReviewer})
		id := f.alert(t, "m0", "ae")
		a, err := f.svc.Get(alice, id)
		if err != nil || a.DueAt == nil || *a.DueAt != a.MsgTime+24*3600*1000 || a.Overdue || !a.FourEyes {
			t.Fatalf("ae clock: %+v %v", a.Item, err)
		}
		f.now = f.now.Add(25 * time.Hour)
		over := true
		l, err := f.svc.List(alice, Query{Corp: "c1", Overdue: &over})
		if err != nil || len(l.Items) != 1 || !l.Items[0].Overdue {
			t.Fatalf("overdue list: %+v %v", l, err)
		}
		if _, err := f.svc.Approve(bob, id, ""); !errors.Is(err, ErrState) {
			t.Fatalf("approve before disposition: %v", err)
		}
		a, err = f.svc.Disposition(alice, id, Decision{Disposition: "ae_reported", CaseNumber: "CN-2026-0001"})
		if err != nil || a.State != StateInReview || !a.NeedsApproval || a.CaseNumber != "CN-2026-0001" {
			t.Fatalf("disposition: %+v %v", a.Item, err)
		}
		if _, err := f.svc.Approve(alice, id, "ok"); !errors.Is(err, ErrSelfApproval) {
			t.Fatalf("self approval: %v", err)
		}
		if n := f.audited(t, audit.AlertApprove, audit.Denied); n != 1 {
			t.Fatalf("denied approvals audited: %d", n)
		}
		a, err = f.svc.Approve(bob, id, "复核同意")
		if err != nil || a.State != StateClosed || a.NeedsApproval || len(a.Approvals) != 1 || a.Approvals[0].Approver != "bob" {
			t.Fatalf("approve: %+v %v", a, err)
		}
		if _, err := f.svc.Approve(bob, id, ""); !errors.Is(err, ErrState) {
			t.Fatalf("approve twice: %v", err)
		}
		// With four eyes off, an ae alert closes on one person's disposition.
		admin := as("adm", 3, auth.Grant{Role: auth.RoleAdmin})
		if _, err := f.svc.PutSettings(admin, "c1", Settings{FourEyesAE: false, AEDueDays: 2, QCRate: 0.05}); err != nil {
			t.Fatal(err)
		}
		id2 := f.alert(t, "m2", "ae", "pii")
		if a, err = f.svc.Disposition(alice, id2, Decision{Disposition: "false_positive"}); err != nil || a.State != StateClosed ||
			*a.DueAt != a.MsgTime+2*24*3600*1000 {
			t.Fatalf("no four eyes: %+v %v", a.Item, err)
		}
	})
}

// A reviewer scoped to 医学部 neither sees nor acts on 销售部's alerts:
// they are not found (404), not forbidden, so nothing leaks.
func TestScopedReviewerSeesOnlyOwnDepartment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b)
		own := f.alert(t, "m0", "pii")   // e0, 医学部
		other := f.alert(t, "m1", "pii") // e1, 销售部
		other2 := f.alert(t, "m3", "bribery")
		sc := as("scoped", 5, auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}})
		l, err := f.svc.List(sc, Query{Corp: "wwc1"})
		if err != nil || len(l.Items) != 1 || l.Items[0].ID != own {
			t.Fatalf("scoped list: %+v %v", l, err)
		}
		if _, err := f.svc.Get(sc, own); err != nil {
			t.Fatalf("own alert: %v", err)
		}
		for name, call := range map[string]func() error{
			"get":         func() error { _, err := f.svc.Get(sc, other); return err },
			"assign":      func() error { _, err := f.svc.Assign(sc, other, "scoped"); return err },
			"disposition": func() error { _, err := f.svc.Disposition(sc, other, Decision{Disposition: "no_action"}); return err },
			"note":        func() error { _, err := f.svc.Note(sc, other, "x"); return err },
			"approve":     func() error { _, err := f.svc.Approve(sc, other, "x"); return err },
		} {
			if err := call(); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s on another department's alert: %v, want not found", name, err)
			}
		}
		res, err := f.svc.Bulk(sc, []int64{own, other, other2}, Decision{Disposition: "false_positive"})
		if err != nil || !res[0].OK || res[1].OK || res[2].OK || res[1].Error != "not found" {
			t.Fatalf("bulk: %+v %v", res, err)
		}
		a, _ := f.st.AlertByID(context.Background(), other)
		if a.State != StateOpen {
			t.Fatalf("other department's alert changed: %+v", a)
		}
		// Another corp's reviewer sees nothing of this corp.
		stranger := as("stranger", 6, auth.Grant{Role: auth.RoleReviewer, CorpID: "wwother"})
		if _, err := f.svc.Get(stranger, own); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("other corp: %v", err)
		}
		if l, err := f.svc.List(stranger, Query{Corp: "wwc1"}); err != nil || len(l.Items) != 0 {
			t.Fatalf("other corp list: %+v %v", l, err)
		}
	})
}

func TestCatalogRefusedKeepsVersionInForce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		f := newFixture(t, b)
		admin := as("adm", 3, auth.Grant{Role: auth.RoleAdmin})
		good := "products:\n  - name: Glucerra\n    aliases: [格鲁克拉]\n    sex: any\n"
		d, err := f.svc.PutCatalog(admin, "c1", []byte(good))
		if err != nil || d.Version != 1 {
			t.Fatalf("good catalog: %+v %v", d, err)
		}
		bad := "products:\n  - name: Glucerra\n  - name: Other\n    sex: both\n"
		var de *DocumentError
		if _, err := f.svc.PutCatalog(admin, "c1", []byte(bad)); !errors.As(err, &de) || !strings.Contains(err.Error(), "products[1] (Other)") {
			t.Fatalf("bad catalog: %v", err)
		}
		if d, _ = f.svc.Catalog(admin, "c1"); d.Version != 1 || !strings.Contains(string(d.Body), "格鲁克拉") {
			t.Fatalf("in force: %+v", d)
		}
		rev := as("rev", 1, auth.Grant{Role: auth.RoleReviewer})
		if _, err := f.svc.PutCatalog(rev, "c1", []byte(good)); !errors.Is(err, auth.ErrForbidden) {
			t.Fatalf("reviewer edits catalog: %v", err)
		}
		seeded, err := f.svc.SeedCatalog(context.Background(), []byte(good))
		if err != nil || len(seeded) != 0 {
			t.Fatalf("seed over an existing catalog: %v %v", seeded, err)
		}
	})
}
