package httpapi

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/search"
	"wecomadmin/internal/status"
	"wecomadmin/internal/store/storetest"
)

// scopedCase is one limited principal of the scope matrix and what it must
// never see: markers of data outside its grant.
type scopedCase struct {
	name    string
	grant   func(auth.Role) auth.Grant
	corpRef string   // what fills {key}, {corp} and ?corp=
	markers []string // never in a 2xx answer
	// blocked: a route naming corpRef must not succeed at all.
	blocked bool
}

// TestAuthorizationMatrixScoped walks every route in Routes() as every role
// limited to one corp and to one department, with a session and with a
// token. The expectation comes from the route's permission and the grant's
// scope: without the permission, 403; with it, never 401, never a 2xx for
// a path or query naming a corp outside the grant, and no 2xx answer ever
// holds data of another corp or department (seeded markers). Routes added
// later (alerts, monitoring) are walked the same way.
func TestAuthorizationMatrixScoped(t *testing.T) {
	e := newEnv(t, "sqlite", auth.Options{SessionIdle: time.Hour, SessionAbsolute: time.Hour})
	ctx := context.Background()
	withReview(t, e) // corp wwc1 (c1): e0 in 总部/医学部, e1 (李四) in 总部/销售部, their messages
	e.srv = New(Deps{Auth: NewAuthenticator(e.svc, e.rec), AuthSvc: e.svc, Audit: e.rec, Status: status.New(e.b.Store, "test"),
		Search: search.New(e.b.Store, e.rec), Accounts: &accounts.Service{Store: e.b.Store, Audit: e.rec}})
	e.h = e.srv.Handler()
	seedVictim(t, e)

	cases := []scopedCase{
		{name: "corp c1", grant: func(r auth.Role) auth.Grant { return auth.Grant{Role: r, CorpID: "wwc1"} },
			corpRef: "victim", markers: []string{"wwvictim", "victim-marker"}, blocked: true},
		{name: "corp c1 asking by id", grant: func(r auth.Role) auth.Grant { return auth.Grant{Role: r, CorpID: "wwc1"} },
			corpRef: "wwvictim", markers: []string{"wwvictim", "victim-marker"}, blocked: true},
		{name: "department 总部/医学部", grant: func(r auth.Role) auth.Grant {
			return auth.Grant{Role: r, CorpID: "wwc1", Departments: []string{"总部/医学部"}}
		}, corpRef: "wwc1", markers: []string{"wwvictim", "victim-marker", "李四", "e1|wmhcp", "总部/销售部"}},
	}
	for ci, c := range cases {
		for _, role := range auth.Roles() {
			id, _ := e.admin(fmt.Sprintf("m%d-%s", ci, role), c.grant(role))
			g := c.grant(role)
			raw, _, err := e.svc.CreateToken(ctx, auth.TokenSpec{Name: fmt.Sprintf("mt%d-%s", ci, role), Role: role,
				CorpID: g.CorpID, Departments: g.Departments})
			if err != nil {
				t.Fatal(err)
			}
			for _, rt := range e.srv.Routes() {
				if rt.Permission == auth.Public {
					continue
				}
				method, path := scopedPath(rt.Pattern, c.corpRef)
				body := ""
				if !safeMethod(method) {
					body = `{"corp_id":"` + c.corpRef + `"}`
				}
				allowed := rt.Permission == auth.Authenticated || role.Has(rt.Permission)
				sid, csrf := e.session(id)
				for who, opt := range map[string]reqOpt{"session": withSession(sid, csrf), "token": withBearer(raw)} {
					if who == "token" && strings.HasPrefix(rt.Pattern, "POST /api/v1/auth/logout") {
						continue // sign-out ends a session; a token has none (the plain matrix covers it)
					}
					w := e.do(method, path, body, opt)
					label := rt.Pattern + " as " + c.name + " " + string(role) + " " + who
					checkScoped(t, label, w, allowed, c, strings.Contains(rt.Pattern, "{key}") || strings.Contains(rt.Pattern, "{corp}"))
				}
			}
		}
	}
}

func checkScoped(t *testing.T, label string, w *httptest.ResponseRecorder, allowed bool, c scopedCase, namesCorp bool) {
	t.Helper()
	ok2xx := w.Code >= 200 && w.Code < 300
	switch {
	case !allowed && w.Code != 403:
		t.Errorf("%s: %d without the permission, want 403", label, w.Code)
	case allowed && w.Code == 401:
		t.Errorf("%s: 401 with a valid credential", label)
	case allowed && ok2xx && c.blocked && namesCorp:
		t.Errorf("%s: %d for a corp outside the grant", label, w.Code)
	case ok2xx:
		for _, m := range c.markers {
			if strings.Contains(w.Body.String(), m) {
				t.Errorf("%s: answer holds %q (outside the grant): %.300s", label, m, w.Body.String())
			}
		}
	}
}

// scopedPath fills wildcards ({key}, {corp} with the corp, others with an
// id) and adds ?corp=.
func scopedPath(pattern, corp string) (string, string) {
	method, path := concretePath(pattern)
	for _, w := range []string{"{key}", "{corp}"} {
		if strings.Contains(pattern, w) {
			_, p, _ := cut(strings.ReplaceAll(pattern, w, corp))
			path = wildcardRe.ReplaceAllString(p, "999999")
		}
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return method, path + sep + "corp=" + corp
}

// seedVictim adds a second corp with data a principal of wwc1 must never see.
func seedVictim(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	storetest.SeedCorp(t, e.b.Store, "wwvictim", "victim")
	storetest.Exec(t, e.b.Store, `INSERT INTO employees (corp_id, userid, name, department_path, created_at, updated_at)
		VALUES ('wwvictim', 'v0', 'victim-marker-employee', '总部/医学部', 0, 0)`)
	if err := e.rec.Record(ctx, audit.Event{Action: audit.MessagesSearch, Target: "victim-marker-audit", CorpID: "wwvictim"}); err != nil {
		t.Fatal(err)
	}
	e.admin("victim-marker-admin", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwvictim"})
	if _, _, err := e.svc.CreateToken(ctx, auth.TokenSpec{Name: "victim-marker-token", Role: auth.RoleReviewer, CorpID: "wwvictim"}); err != nil {
		t.Fatal(err)
	}
}
