package httpapi

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
)

// publicAPI lists the API routes that need no sign-in.
var publicAPI = map[string]bool{
	"GET /api/v1/version": true, "GET /api/openapi.json": true, "POST /api/v1/auth/login": true,
	"GET /api/v1/auth/providers": true, "GET /api/v1/auth/oidc/login": true, "GET /api/v1/auth/oidc/callback": true,
	// The one-time enrolment link is the credential (rate-limited per address).
	"POST /api/v1/enrolment/open": true, "POST /api/v1/enrolment/complete": true,
}

var wildcardRe = regexp.MustCompile(`\{[^}]+\}`)

// concretePath fills a route pattern's wildcards with a value that parses
// as an id or a key.
func concretePath(pattern string) (method, path string) {
	method, path, _ = cut(pattern)
	return method, wildcardRe.ReplaceAllString(path, "999999")
}

func cut(pattern string) (string, string, bool) {
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == ' ' {
			return pattern[:i], pattern[i+1:], true
		}
	}
	return "GET", pattern, false
}

// TestAuthorizationMatrix walks every route in Routes() (including routes
// added later by other features) as every role with a session, as every role
// with an API token, with no credentials and with an expired session. The
// expectation comes from the route's permission and the role catalog, so a
// new route cannot skip it.
func TestAuthorizationMatrix(t *testing.T) {
	e := newEnv(t, "sqlite", auth.Options{SessionIdle: 30 * time.Minute, SessionAbsolute: 12 * time.Hour})
	ctx := context.Background()
	admins := map[auth.Role]int64{}
	tokens := map[auth.Role]string{}
	for _, role := range auth.Roles() {
		admins[role], _ = e.admin("u-"+string(role), auth.Grant{Role: role})
		raw, _, err := e.svc.CreateToken(ctx, auth.TokenSpec{Name: "t-" + string(role), Role: role})
		if err != nil {
			t.Fatal(err)
		}
		tokens[role] = raw
	}
	expiredAdmin, _ := e.admin("u-expired", auth.Grant{Role: auth.RoleAdmin})
	expired, expiredCSRF := e.session(expiredAdmin)
	e.advance(31 * time.Minute) // idle timeout passes for that session only

	routes := e.srv.Routes()
	if len(routes) < 20 {
		t.Fatalf("only %d routes", len(routes))
	}
	for _, rt := range routes {
		method, path := concretePath(rt.Pattern)
		body := ""
		if !safeMethod(method) {
			body = "{}"
		}
		check := func(who string, status int, code string, ok bool) {
			if !ok {
				t.Errorf("%s as %s: %d %s", rt.Pattern, who, status, code)
			}
		}
		if rt.Permission == auth.Public {
			// authorize passes public routes straight to their handler, so an
			// API route may be public only on purpose: list it here.
			if strings.HasPrefix(path, "/api/") && !publicAPI[method+" "+path] {
				t.Errorf("%s is public; if that is meant, add it to publicAPI in matrix_test.go", rt.Pattern)
			}
			continue
		}
		w := e.do(method, path, body)
		check("nobody", w.Code, errCode(w), w.Code == 401 && errCode(w) == "unauthenticated")
		w = e.do(method, path, body, withSession(expired, expiredCSRF))
		check("expired session", w.Code, errCode(w), w.Code == 401 && errCode(w) == "session_expired")
		for _, role := range auth.Roles() {
			allowed := rt.Permission == auth.Authenticated || role.Has(rt.Permission)
			// A fresh session each time: some routes (sign-out) end the session they run in.
			id, csrf := e.session(admins[role])
			w = e.do(method, path, body, withSession(id, csrf))
			if allowed {
				check("session "+string(role), w.Code, errCode(w), w.Code != 401 && w.Code != 403)
			} else {
				check("session "+string(role), w.Code, errCode(w), w.Code == 403 && errCode(w) == "forbidden")
			}
			w = e.do(method, path, body, withBearer(tokens[role]))
			if allowed {
				check("token "+string(role), w.Code, errCode(w), w.Code != 403)
			} else {
				check("token "+string(role), w.Code, errCode(w), w.Code == 403)
			}
			if !safeMethod(method) {
				// The same request without the CSRF header is refused before the handler.
				id, _ := e.session(admins[role])
				w = e.do(method, path, body, withCookie(id))
				check("session "+string(role)+" without CSRF", w.Code, errCode(w), w.Code == 403 && errCode(w) == "csrf_failed")
				w = e.do(method, path, body, withSession(id, "wrong"+fmt.Sprint(len(id))))
				check("session "+string(role)+" with a wrong CSRF token", w.Code, errCode(w), w.Code == 403 && errCode(w) == "csrf_failed")
			}
		}
	}
	// Every denial is in the audit trail, and the trail is intact.
	es, _, err := e.rec.List(ctx, audit.Filter{Action: audit.AuthDenied, Outcome: audit.Denied, Limit: 500})
	if err != nil || len(es) == 0 {
		t.Fatalf("denials audited: %d %v", len(es), err)
	}
	rep, err := e.rec.Verify(ctx)
	if err != nil || !rep.Intact {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}
