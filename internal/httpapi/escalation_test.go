package httpapi

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
)

// TestCorpAdminCannotEscalate: an admin of corp A can neither grant nor
// mint beyond corp A, nor disable a global admin or revoke a global token
// (finding 1). The same admin still manages its own corp.
func TestCorpAdminCannotEscalate(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{SessionIdle: time.Hour, SessionAbsolute: time.Hour})
		globalID, _ := e.admin("root", auth.Grant{Role: auth.RoleAdmin})
		corpID, _ := e.admin("corp-a-admin", auth.Grant{Role: auth.RoleAdmin, CorpID: "wwA"})
		_, globalTok, err := e.svc.CreateToken(context.Background(), auth.TokenSpec{Name: "global", Role: auth.RoleAdmin})
		if err != nil {
			t.Fatal(err)
		}
		sid, csrf := e.session(corpID)
		as := withSession(sid, csrf)
		for _, c := range []struct {
			name, method, path, body string
			want                     int
		}{
			{"create a global admin", "POST", "/api/v1/admins", `{"username":"evil","password":"` + testPassword + `","roles":[{"role":"admin"}]}`, 403},
			{"create an admin of corp B", "POST", "/api/v1/admins", `{"username":"evil2","password":"` + testPassword + `","roles":[{"role":"reviewer","corp_id":"wwB"}]}`, 403},
			{"grant itself global admin", "PATCH", fmt.Sprintf("/api/v1/admins/%d", corpID), `{"roles":[{"role":"admin"}]}`, 403},
			{"change a global admin's roles", "PATCH", fmt.Sprintf("/api/v1/admins/%d", globalID), `{"roles":[{"role":"admin","corp_id":"wwA"}]}`, 403},
			{"disable a global admin", "PATCH", fmt.Sprintf("/api/v1/admins/%d", globalID), `{"disabled":true}`, 403},
			{"mint a global token", "POST", "/api/v1/tokens", `{"name":"mint","role":"admin"}`, 403},
			{"revoke a global token", "DELETE", fmt.Sprintf("/api/v1/tokens/%d", globalTok.ID), "", 403},
			{"create an admin of its own corp", "POST", "/api/v1/admins", `{"username":"ok-a","password":"` + testPassword + `","roles":[{"role":"reviewer","corp_id":"wwA"}]}`, 201},
			{"mint a token of its own corp", "POST", "/api/v1/tokens", `{"name":"ok-a","role":"reviewer","corp_id":"wwA"}`, 201},
		} {
			w := e.do(c.method, c.path, c.body, as)
			if w.Code != c.want && !(c.want == 403 && w.Code == 404) { // 404: the target is not even visible
				t.Errorf("%s: %d %s; want %d", c.name, w.Code, w.Body.String(), c.want)
			}
		}
		g, err := e.svc.GetAdmin(context.Background(), globalID)
		if err != nil || g.Disabled || len(g.Roles) != 1 || g.Roles[0].CorpID != "" {
			t.Fatalf("global admin changed: %+v %v", g, err)
		}
	})
}

// TestCorpAuditorReadsOnlyItsCorp: the audit list, one entry and the CSV
// export show a corp-scoped auditor only its corp's events (finding 1).
func TestCorpAuditorReadsOnlyItsCorp(t *testing.T) {
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{SessionIdle: time.Hour, SessionAbsolute: time.Hour})
		ctx := context.Background()
		for _, c := range []string{"wwA", "wwB", ""} {
			if err := e.rec.Record(ctx, audit.Event{Action: audit.MessagesSearch, Target: "corp-" + c, CorpID: c}); err != nil {
				t.Fatal(err)
			}
		}
		bID, _, err := e.rec.List(ctx, audit.Filter{Target: "corp-wwB"})
		if err != nil || len(bID) != 1 {
			t.Fatal(err)
		}
		id, _ := e.admin("aud-a", auth.Grant{Role: auth.RoleAuditor, CorpID: "wwA"})
		sid, csrf := e.session(id)
		as := withSession(sid, csrf)
		for _, path := range []string{"/api/v1/audit?limit=500", "/api/v1/audit/export.csv", fmt.Sprintf("/api/v1/audit/%d", bID[0].ID)} {
			w := e.do("GET", path, "", as)
			if strings.Contains(w.Body.String(), "corp-wwB") || strings.Contains(w.Body.String(), `"corp-"`) {
				t.Errorf("%s shows another corp's events: %s", path, w.Body.String())
			}
		}
		if w := e.do("GET", "/api/v1/audit?corp=wwB", "", as); w.Code != 403 {
			t.Errorf("corp=wwB: %d", w.Code)
		}
		if w := e.do("GET", "/api/v1/audit", "", as); w.Code != 200 || !strings.Contains(w.Body.String(), "corp-wwA") {
			t.Errorf("own corp: %d %s", w.Code, w.Body.String())
		}
	})
}

// TestSmallerFindings: a corp auditor cannot write a checkpoint for the
// whole chain; a token made through the API expires by default (finding 12).
func TestSmallerFindings(t *testing.T) {
	e := newEnv(t, "sqlite", auth.Options{SessionIdle: time.Hour, SessionAbsolute: time.Hour})
	corpAud, _ := e.admin("corp-aud", auth.Grant{Role: auth.RoleAuditor, CorpID: "wwA"})
	sid, csrf := e.session(corpAud)
	if w := e.do("POST", "/api/v1/audit/checkpoints", "{}", withSession(sid, csrf)); w.Code != 403 {
		t.Errorf("corp auditor checkpoint: %d %s", w.Code, w.Body)
	}
	root, _ := e.admin("root", auth.Grant{Role: auth.RoleAdmin})
	sid, csrf = e.session(root)
	w := e.do("POST", "/api/v1/tokens", `{"name":"ci","role":"auditor"}`, withSession(sid, csrf))
	if w.Code != 201 || strings.Contains(w.Body.String(), `"expires_at":0`) {
		t.Errorf("token without a lifetime: %d %s", w.Code, w.Body)
	}
}

// TestLockoutDoesNotRevealUsernames: an unknown username fails and locks
// exactly like a real one, so 423 versus 401 tells nothing (finding 12).
func TestLockoutDoesNotRevealUsernames(t *testing.T) {
	e := newEnv(t, "sqlite", auth.Options{LoginMaxFailures: 3, LockoutBase: time.Minute, LockoutMax: 10 * time.Minute})
	e.admin("alice", auth.Grant{Role: auth.RoleAdmin})
	for i := range 5 {
		real, ghost := e.login("alice", "wrong password", "000000"), e.login("ghost", "wrong password", "000000")
		if real.Code != ghost.Code || errCode(real) != errCode(ghost) || real.Header().Get("Retry-After") != ghost.Header().Get("Retry-After") {
			t.Errorf("attempt %d: real %d %s, unknown %d %s", i, real.Code, real.Body, ghost.Code, ghost.Body)
		}
	}
}
