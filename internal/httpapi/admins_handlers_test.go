package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
)

func TestAdminManagement(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		root, _ := e.admin("root", auth.Grant{Role: auth.RoleAdmin})
		s, csrf := e.session(root)
		as := withSession(s, csrf)

		w := e.do("POST", "/api/v1/admins", `{"username":"rita","display_name":"Rita","password":"short","roles":[{"role":"reviewer"}]}`, as)
		if w.Code != 422 || errCode(w) != "validation_failed" {
			t.Fatalf("short password: %d %s", w.Code, w.Body)
		}
		w = e.do("POST", "/api/v1/admins", `{"username":"rita","display_name":"Rita","password":"`+testPassword+`","roles":[{"role":"wizard"}]}`, as)
		if w.Code != 422 {
			t.Fatalf("unknown role: %d %s", w.Code, w.Body)
		}
		w = e.do("POST", "/api/v1/admins", `{"username":"rita","display_name":"Rita","password":"`+testPassword+`","roles":[{"role":"reviewer","corp_id":"ww1","departments":["总部/医学部"]}]}`, as)
		var created struct {
			Admin      adminJSON `json:"admin"`
			TOTPSecret string    `json:"totp_secret"`
			OTPAuthURL string    `json:"otpauth_url"`
		}
		decodeData(t, w, &created)
		if w.Code != 201 || created.Admin.Username != "rita" || created.TOTPSecret == "" || !strings.HasPrefix(created.OTPAuthURL, "otpauth://totp/") ||
			created.Admin.Roles[0].Departments[0] != "总部/医学部" || strings.Contains(w.Body.String(), "argon2") {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
		if w := e.do("POST", "/api/v1/admins", `{"username":"rita","password":"`+testPassword+`","roles":[{"role":"reviewer"}]}`, as); w.Code != 409 {
			t.Fatalf("duplicate: %d", w.Code)
		}
		id := created.Admin.ID
		rs, rcsrf := e.session(id)
		path := fmt.Sprintf("/api/v1/admins/%d", id)
		w = e.do("PATCH", path, `{"roles":[{"role":"auditor"}]}`, as)
		var upd adminJSON
		decodeData(t, w, &upd)
		if w.Code != 200 || len(upd.Roles) != 1 || upd.Roles[0].Role != "auditor" {
			t.Fatalf("update roles: %d %s", w.Code, w.Body)
		}
		// The change applies to running sessions at once.
		if w := e.do("GET", "/api/v1/audit", "", withSession(rs, rcsrf)); w.Code != 200 {
			t.Fatalf("rita as auditor: %d", w.Code)
		}
		w = e.do("PATCH", path, `{"disabled":true}`, as)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"disabled":true`) {
			t.Fatalf("disable: %d %s", w.Code, w.Body)
		}
		if w := e.do("GET", "/api/v1/auth/me", "", withCookie(rs)); w.Code != 401 {
			t.Fatalf("disabled admin's session: %d", w.Code)
		}
		if w := e.login("rita", testPassword, e.code(created.TOTPSecret)); w.Code != 401 {
			t.Fatalf("disabled admin signs in: %d", w.Code)
		}
		if w := e.do("PATCH", fmt.Sprintf("/api/v1/admins/%d", root), `{"roles":[{"role":"auditor"}]}`, as); w.Code != 422 {
			t.Fatalf("self-demotion: %d %s", w.Code, w.Body)
		}
		if w := e.do("PATCH", fmt.Sprintf("/api/v1/admins/%d", root), `{"disabled":true}`, as); w.Code != 422 {
			t.Fatalf("self-disable: %d %s", w.Code, w.Body)
		}
		if w := e.do("PATCH", path, `{"disabled":false}`, as); w.Code != 200 {
			t.Fatalf("enable: %d", w.Code)
		}
		e.advance(30 * time.Second)
		if w := e.login("rita", testPassword, e.code(created.TOTPSecret)); w.Code != 200 {
			t.Fatalf("re-enabled admin: %d %s", w.Code, w.Body)
		}
		w = e.do("GET", path+"/logins", "", as)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"outcome":"success"`) || !strings.Contains(w.Body.String(), `"reason":"disabled"`) {
			t.Fatalf("logins: %d %s", w.Code, w.Body)
		}
		w = e.do("GET", "/api/v1/admins", "", as)
		if w.Code != 200 || strings.Count(w.Body.String(), `"username"`) != 2 {
			t.Fatalf("list: %d %s", w.Code, w.Body)
		}
		if w := e.do("GET", "/api/v1/admins/424242", "", as); w.Code != 404 {
			t.Fatalf("unknown admin: %d", w.Code)
		}
		es, _, _ := e.rec.List(context.Background(), audit.Filter{Action: "admin.", Limit: 50})
		var got []string
		for _, ev := range es {
			got = append(got, ev.Action)
		}
		if strings.Join(got, ",") != "admin.enable,admin.disable,admin.update_roles,admin.create,admin.create" {
			t.Fatalf("audited admin changes: %v", got)
		}
	})
}

func TestAPITokens(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		root, _ := e.admin("root", auth.Grant{Role: auth.RoleAdmin})
		s, csrf := e.session(root)
		as := withSession(s, csrf)
		w := e.do("POST", "/api/v1/tokens", `{"name":"siem","role":"auditor","expires":"1d"}`, as)
		var created struct {
			Token string    `json:"token"`
			Item  tokenJSON `json:"item"`
		}
		decodeData(t, w, &created)
		if w.Code != 201 || !strings.HasPrefix(created.Token, "wa_") || created.Item.CreatedBy != "root" || created.Item.ExpiresAt == 0 {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
		bearer := withBearer(created.Token)
		if w := e.do("GET", "/api/v1/audit", "", bearer); w.Code != 200 {
			t.Fatalf("auditor token reads audit: %d", w.Code)
		}
		if w := e.do("GET", "/api/v1/admins", "", bearer); w.Code != 200 {
			t.Fatalf("auditor token lists admins: %d", w.Code)
		}
		if w := e.do("POST", "/api/v1/tokens", `{"name":"x","role":"admin"}`, bearer); w.Code != 403 {
			t.Fatalf("auditor token creates tokens: %d", w.Code)
		}
		// The token is audited under its own name.
		es, _, _ := e.rec.List(context.Background(), audit.Filter{Actor: "siem"})
		if len(es) != 1 || es[0].ActorType != "token" || es[0].Action != audit.AuthDenied {
			t.Fatalf("token's audit entries: %+v", es)
		}
		w = e.do("GET", "/api/v1/tokens", "", as)
		if w.Code != 200 || strings.Contains(w.Body.String(), created.Token) || !strings.Contains(w.Body.String(), created.Token[:10]) {
			t.Fatalf("list leaks or lacks the prefix: %s", w.Body)
		}
		if w := e.do("DELETE", fmt.Sprintf("/api/v1/tokens/%d", created.Item.ID), "", as); w.Code != 200 {
			t.Fatalf("revoke: %d %s", w.Code, w.Body)
		}
		if w := e.do("GET", "/api/v1/audit", "", bearer); w.Code != 401 {
			t.Fatalf("revoked token: %d", w.Code)
		}
		// Expiry.
		w = e.do("POST", "/api/v1/tokens", `{"name":"hr","role":"account_manager","expires":"1h"}`, as)
		decodeData(t, w, &created)
		if w := e.do("GET", "/api/v1/status", "", withBearer(created.Token)); w.Code != 200 {
			t.Fatalf("fresh token: %d", w.Code)
		}
		e.advance(61 * time.Minute)
		if w := e.do("GET", "/api/v1/status", "", withBearer(created.Token)); w.Code != 401 {
			t.Fatalf("expired token: %d", w.Code)
		}
		for _, bad := range []string{"wa_nope", "Basic abc", "garbage"} {
			r := e.do("GET", "/api/v1/status", "", func(r *http.Request) { r.Header.Set("Authorization", bad) })
			if r.Code != 401 {
				t.Errorf("%q: %d", bad, r.Code)
			}
		}
		s, csrf = e.session(root)
		if w := e.do("POST", "/api/v1/tokens", `{"name":"bad name!","role":"admin"}`, withSession(s, csrf)); w.Code != 422 {
			t.Fatalf("bad name: %d", w.Code)
		}
	})
}

func TestAuditEndpoints(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		aud, _ := e.admin("aud", auth.Grant{Role: auth.RoleAuditor})
		s, csrf := e.session(aud)
		as := withSession(s, csrf)
		ctx := audit.WithActor(context.Background(), "system:test")
		for i := range 5 {
			_ = e.rec.Record(ctx, audit.Event{Action: audit.MessagesSearch, Target: fmt.Sprintf("q%d", i), CorpID: "ww1"})
		}
		w := e.do("GET", "/api/v1/audit?action=messages.search&limit=2", "", as)
		var page struct {
			Items      []auditJSON `json:"items"`
			NextCursor string      `json:"next_cursor"`
		}
		decodeData(t, w, &page)
		if w.Code != 200 || len(page.Items) != 2 || page.NextCursor == "" || page.Items[0].Target != "q4" || string(page.Items[0].Metadata) != "{}" {
			t.Fatalf("list: %d %s", w.Code, w.Body)
		}
		w = e.do("GET", "/api/v1/audit?action=messages.search&limit=2&cursor="+page.NextCursor, "", as)
		decodeData(t, w, &page)
		if page.Items[0].Target != "q2" {
			t.Fatalf("page 2: %s", w.Body)
		}
		if w := e.do("GET", "/api/v1/audit?from=2000-01-01T00:00:00Z&to=bad", "", as); w.Code != 422 || errCode(w) != "validation_failed" {
			t.Fatalf("bad time: %d", w.Code)
		}
		w = e.do("GET", fmt.Sprintf("/api/v1/audit/%d", page.Items[0].ID), "", as)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"hash":"`) {
			t.Fatalf("get: %d %s", w.Code, w.Body)
		}
		w = e.do("GET", "/api/v1/audit/verify", "", as)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"intact":true`) || !strings.Contains(w.Body.String(), `"first_broken_id":null`) {
			t.Fatalf("verify: %d %s", w.Code, w.Body)
		}
		w = e.do("GET", "/api/v1/audit/export.csv?action=messages.search", "", as)
		if w.Code != 200 || w.Header().Get("Content-Type") != "text/csv; charset=utf-8" || strings.Count(w.Body.String(), "messages.search") != 5 ||
			len(w.Header().Get("X-Content-SHA256")) != 64 {
			t.Fatalf("export: %d %s", w.Code, w.Body)
		}
		w = e.do("POST", "/api/v1/audit/checkpoints", "{}", as)
		if w.Code != 201 || !strings.Contains(w.Body.String(), `"valid":true`) {
			t.Fatalf("checkpoint: %d %s", w.Code, w.Body)
		}
		w = e.do("GET", "/api/v1/audit/checkpoints", "", as)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `"algorithm":"ed25519"`) || !strings.Contains(w.Body.String(), `"public_key":"`) {
			t.Fatalf("checkpoints: %d %s", w.Code, w.Body)
		}
		w = e.do("GET", "/api/v1/audit?actor=aud", "", as)
		for _, want := range []string{audit.AuditExport, audit.AuditVerify} {
			if !strings.Contains(w.Body.String(), `"action":"`+want+`"`) {
				t.Errorf("%s not audited: %s", want, w.Body)
			}
		}
	})
}
