package httpapi

import (
	"context"
	"errors"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

type countCustomers map[string]int

func (c countCustomers) CustomerCount(_ context.Context, _, userid string) (int, error) {
	return c[userid], nil
}

// TestEmployeeHistoryAndHeldLeavers: the drawer's history lists the sync
// steps of that employee; held leavers are the leavers customers still follow.
func TestEmployeeHistoryAndHeldLeavers(t *testing.T) {
	t.Parallel()
	b := storetest.Open(t, "sqlite")
	ctx := context.Background()
	storetest.SeedCorp(t, b.Store, "wwmain", "main")
	for _, e := range []store.Employee{
		{CorpID: "wwmain", EmployeeID: "E1", UserID: "zhang.san", Name: "张三", HRStatus: "active"},
		{CorpID: "wwmain", EmployeeID: "E2", UserID: "li.si", Name: "李四", HRStatus: "leaver", LeftAt: 1},
		{CorpID: "wwmain", EmployeeID: "E3", UserID: "wang.wu", Name: "王五", HRStatus: "leaver", LeftAt: 1},
	} {
		if err := b.Store.UpsertEmployee(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.Store.CreateSyncRun(ctx, store.SyncRun{CorpID: "wwmain", Source: "csv", State: "planned", Report: "{}", Plan: "{}", Records: "[]"},
		[]store.SyncStep{{Seq: 1, EmployeeID: "E1", UserID: "zhang.san", Action: "update", Rule: "hr_profile_changed", Reason: "title",
			Changes: `[{"field":"position","from":"代表","to":"经理"}]`, Payload: "{}"}}); err != nil {
		t.Fatal(err)
	}
	svc := &accounts.Service{Store: b.Store, Customers: countCustomers{"li.si": 3},
		WeComFor: func(context.Context, string) (accounts.WeCom, error) { return nil, errors.New("no wecom in this test") }}
	authn := tokenAuth{
		"manager": {Name: "m", Grants: []auth.Grant{{Role: auth.RoleAccountManager}}},
		"auditor": {Name: "au", Grants: []auth.Grant{{Role: auth.RoleAuditor}}},
	}
	h := New(Deps{Auth: authn, Accounts: svc}).Handler()
	e1, err := b.Store.EmployeeByUserID(ctx, "wwmain", "zhang.san")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path, token string
		status            int
		want              []string
	}{
		{"history", "/api/v1/employees/" + strconv.FormatInt(e1.ID, 10) + "/history", "manager", 200,
			[]string{`"rule":"hr_profile_changed"`, `"field":"position"`, `"run_state":"planned"`, `"userid":"zhang.san"`}},
		{"history of a missing employee", "/api/v1/employees/999/history", "manager", 404, nil},
		{"history needs employees:read", "/api/v1/employees/" + strconv.FormatInt(e1.ID, 10) + "/history", "auditor", 403, nil},
		{"held leavers", "/api/v1/employees/held-leavers?corp=main", "manager", 200, []string{`"userid":"li.si"`, `"customers":3`}},
		{"held leavers need a corp", "/api/v1/employees/held-leavers", "manager", 400, nil},
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", c.path, nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code != c.status {
			t.Errorf("%s: %d %s", c.name, rec.Code, body)
		}
		for _, w := range c.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: missing %s in %s", c.name, w, body)
			}
		}
		if c.name == "held leavers" && strings.Contains(body, "wang.wu") {
			t.Errorf("a leaver without customers is listed: %s", body)
		}
	}
}
