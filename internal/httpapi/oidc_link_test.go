package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/storage"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
)

// oidcEnv is the portal with the test provider configured: "portal-reviewers"
// maps to a scoped reviewer, "portal-auditors" to an auditor.
func oidcEnv(t *testing.T, kind string, roles map[string][]string, edit func(storage.UserStore)) (*env, string, string, *roleTable) {
	t.Helper()
	e := newEnv(t, kind, auth.Options{})
	portal := httptest.NewServer(e.h)
	t.Cleanup(portal.Close)
	issuer, rt, _ := startOPWith(t, portal.URL, roles, edit)
	if err := e.svc.ConfigureOIDC([]auth.OIDCConfig{{Name: "test", Issuer: issuer, ClientID: "portal", ClientSecret: "portal-secret",
		Mappings: []auth.OIDCMapping{
			{Value: "portal-reviewers", Grant: auth.Grant{Role: auth.RoleReviewer, CorpID: "ww1"}},
			{Value: "portal-auditors", Grant: auth.Grant{Role: auth.RoleAuditor}},
		}}}); err != nil {
		t.Fatal(err)
	}
	return e, portal.URL, issuer, rt
}

func (e *env) preCreate(username, email string) int64 {
	e.t.Helper()
	c, err := e.svc.CreateAdmin(context.Background(), auth.AdminSpec{Username: username, Email: email, Kind: "oidc",
		Grants: []auth.Grant{{Role: auth.RoleAdmin}}})
	if err != nil {
		e.t.Fatal(err)
	}
	return c.Admin.ID
}

func (e *env) auditReasons(action string) []string {
	e.t.Helper()
	es, _, err := e.rec.List(context.Background(), audit.Filter{Action: action})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, ev := range es {
		out = append(out, ev.Outcome+":"+ev.Reason)
	}
	return out
}

// Finding 9: a pre-created account is linked by a verified e-mail address
// only, never by a preferred_username (which the user may be able to set at
// the provider), and the link is (issuer, subject).
func TestOIDCLinksPreCreatedAccountsByVerifiedEmailOnly(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e, portal, issuer, _ := oidcEnv(t, kind, map[string][]string{"id1": {"portal-reviewers"}, "id2": {"portal-reviewers"}},
			func(us storage.UserStore) { us.GetUserByID("id2").EmailVerified = false })
		ctx := context.Background()
		// An admin pre-created for id2's username (and address): id2's address
		// is not verified, so signing in as id2 must not take it over.
		victim := e.preCreate("test-user2", "test-user2@zitadel.ch")
		_, resp := oidcSignIn(t, portal, "test-user2", "verysecure")
		if resp.Header.Get("Location") != "/login?error=oidc_failed" {
			t.Fatalf("id2 signed in: %s", resp.Header.Get("Location"))
		}
		if a, _ := e.svc.GetAdmin(ctx, victim); a.OIDCSubject != "" || len(a.Roles) != 1 || a.Roles[0].Role != "admin" {
			t.Fatalf("unverified address linked or changed the account: %+v", a)
		}
		// A pre-created account with id1's verified address (any username) is linked.
		pre := e.preCreate("alice", "TEST-USER@zitadel.ch")
		c, resp := oidcSignIn(t, portal, "test-user@127.0.0.1", "verysecure")
		if resp.Header.Get("Location") != "/" {
			t.Fatalf("id1: %s", resp.Header.Get("Location"))
		}
		me, _ := c.Get(portal + "/api/v1/auth/me")
		if body := readAll(t, me); !strings.Contains(body, `"username":"alice"`) ||
			!strings.Contains(body, `"roles":[{"role":"reviewer","corp_id":"ww1","departments":[]}]`) {
			t.Fatalf("me: %s", body)
		}
		a, _ := e.svc.GetAdmin(ctx, pre)
		if a.OIDCSubject != issuer+"|id1" {
			t.Fatalf("linked as %q", a.OIDCSubject)
		}
		if got := e.auditReasons(audit.AdminOIDCLink); len(got) != 1 || got[0] != "success:verified_email" {
			t.Fatalf("link audit = %v", got)
		}
		// A second unlinked account with the same address is never linked.
		e.preCreate("alice2", "test-user@zitadel.ch")
		if _, resp := oidcSignIn(t, portal, "test-user@127.0.0.1", "verysecure"); resp.Header.Get("Location") != "/" {
			t.Fatalf("id1 again: %s", resp.Header.Get("Location"))
		}
		if admins, _ := e.svc.ListAdmins(ctx); len(admins) != 3 {
			t.Fatalf("admins = %d; want the 3 pre-created", len(admins))
		}
	})
}

// Finding 9: with role mappings configured, the provider's claims are the
// portal's roles on every sign-in, removals included, audited before/after.
func TestOIDCMappedRolesAreAuthoritative(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e, portal, _, rt := oidcEnv(t, kind, map[string][]string{"id1": {"portal-reviewers", "portal-auditors"}}, nil)
		ctx := context.Background()
		c, resp := oidcSignIn(t, portal, "test-user@127.0.0.1", "verysecure")
		if resp.Header.Get("Location") != "/" {
			t.Fatalf("first sign-in: %s", resp.Header.Get("Location"))
		}
		admins, _ := e.svc.ListAdmins(ctx)
		id := admins[0].ID
		// An admin adds a role in the portal; the provider then drops one.
		if _, err := e.svc.SetRoles(ctx, id, []auth.Grant{{Role: auth.RoleReviewer, CorpID: "ww1"}, {Role: auth.RoleAuditor}, {Role: auth.RoleAdmin}}); err != nil {
			t.Fatal(err)
		}
		rt.set("id1", "portal-auditors")
		if _, resp := oidcSignIn(t, portal, "test-user@127.0.0.1", "verysecure"); resp.Header.Get("Location") != "/" {
			t.Fatalf("second sign-in: %s", resp.Header.Get("Location"))
		}
		if a, _ := e.svc.GetAdmin(ctx, id); len(a.Roles) != 1 || a.Roles[0].Role != "auditor" {
			t.Fatalf("roles after the provider removed reviewer = %+v; want auditor only", a.Roles)
		}
		// Every mapped role removed: the roles are emptied, so the session
		// already open loses its rights too, and the sign-in is refused.
		rt.set("id1", "nobody-we-know")
		if _, resp := oidcSignIn(t, portal, "test-user@127.0.0.1", "verysecure"); resp.Header.Get("Location") != "/login?error=oidc_failed" {
			t.Fatalf("sign-in with no mapped role: %s", resp.Header.Get("Location"))
		}
		if a, _ := e.svc.GetAdmin(ctx, id); len(a.Roles) != 0 {
			t.Fatalf("roles = %+v; want none", a.Roles)
		}
		if r, _ := c.Get(portal + "/api/v1/audit/events"); r.StatusCode != http.StatusForbidden {
			t.Fatalf("old session still reads the audit trail: %d", r.StatusCode)
		}
		es, _, _ := e.rec.List(ctx, audit.Filter{Action: audit.AdminUpdateRoles})
		var oidc int
		for _, ev := range es {
			if ev.Reason == "oidc claims" {
				oidc++
				if !strings.Contains(ev.Metadata, `"before"`) || !strings.Contains(ev.Metadata, `"after"`) {
					t.Fatalf("role change audited without before/after: %s", ev.Metadata)
				}
			}
		}
		if oidc != 2 {
			t.Fatalf("%d role changes audited from claims; want 2", oidc)
		}
		if got := e.auditReasons(audit.AuthLogin); got[0] != "failure:no_role" {
			t.Fatalf("last sign-in audited as %v", got)
		}
	})
}
