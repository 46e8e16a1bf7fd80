package httpapi

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	zoidc "github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
)

// roleStorage is zitadel's example OP storage with a "roles" claim added to
// UserInfo and ID tokens, as Entra ID's app roles would be.
type roleStorage struct {
	*storage.Storage
	roles *roleTable
}

// roleTable is the provider's role assignments, changed by tests between sign-ins.
type roleTable struct {
	mu sync.Mutex
	m  map[string][]string // by subject
}

func (r *roleTable) get(sub string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.m[sub]
}

func (r *roleTable) set(sub string, roles ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[sub] = roles
}

func (s roleStorage) SetUserinfoFromRequest(ctx context.Context, ui *zoidc.UserInfo, tok op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, ui, tok, scopes); err != nil {
		return err
	}
	ui.AppendClaims("roles", s.roles.get(tok.GetSubject()))
	return nil
}

func (s roleStorage) SetUserinfoFromToken(ctx context.Context, ui *zoidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, ui, tokenID, subject, origin); err != nil {
		return err
	}
	ui.AppendClaims("roles", s.roles.get(ui.Subject))
	return nil
}

// startOP runs zitadel's OpenID Provider in-process on loopback.
func startOP(t *testing.T, portalURL string, roles map[string][]string) string {
	t.Helper()
	issuer, _, _ := startOPWith(t, portalURL, roles, nil)
	return issuer
}

// startOPWith is startOP with the provider's users changed by edit before
// it starts (its users are id1 and id2, both with verified addresses), and
// returns the role table to change between sign-ins.
func startOPWith(t *testing.T, portalURL string, roles map[string][]string, edit func(storage.UserStore)) (string, *roleTable, storage.UserStore) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String()
	clients := map[string]*storage.Client{
		"portal": storage.WebClient("portal", "portal-secret", portalURL+"/api/v1/auth/oidc/callback"),
	}
	if roles == nil {
		roles = map[string][]string{}
	}
	users := storage.NewUserStore(issuer)
	if edit != nil {
		edit(users)
	}
	rt := &roleTable{m: roles}
	st := roleStorage{storage.NewStorageWithClients(users, clients), rt}
	srv.Config.Handler = exampleop.SetupServer(issuer, st, nil, false)
	srv.Start()
	t.Cleanup(srv.Close)
	return issuer, rt, users
}

// browser signs in through the portal and the provider's login form, as a
// person would, and returns the final response from the portal.
func oidcSignIn(t *testing.T, portal, username, password string) (*http.Client, *http.Response) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	var last *http.Response
	c := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), portal+"/") && !strings.HasPrefix(req.URL.Path, "/api/") {
			return http.ErrUseLastResponse // back in the app (/ or /login?error=...)
		}
		return nil
	}}
	resp, err := c.Get(portal + "/api/v1/auth/oidc/login?provider=test")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasSuffix(resp.Request.URL.Path, "/login/username") {
		t.Fatalf("expected the provider's login form, got %d %s", resp.StatusCode, resp.Request.URL)
	}
	id := resp.Request.URL.Query().Get("authRequestID")
	form := url.Values{"username": {username}, "password": {password}, "id": {id}}
	loginURL := resp.Request.URL.Scheme + "://" + resp.Request.URL.Host + "/login/username"
	last, err = c.PostForm(loginURL, form)
	if err != nil {
		t.Fatal(err)
	}
	last.Body.Close()
	return c, last
}

func TestOIDCSignInAgainstARealProvider(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		portal := httptest.NewServer(e.h)
		t.Cleanup(portal.Close)
		issuer := startOP(t, portal.URL, map[string][]string{"id1": {"portal-reviewers"}, "id2": {"nobody-we-know"}})
		if err := e.svc.ConfigureOIDC([]auth.OIDCConfig{{Name: "test", DisplayName: "Test IdP", Issuer: issuer,
			ClientID: "portal", ClientSecret: "portal-secret",
			Mappings: []auth.OIDCMapping{{Value: "portal-reviewers", Grant: auth.Grant{Role: auth.RoleReviewer, CorpID: "ww1", Departments: []string{"总部/医学部"}}}}}}); err != nil {
			t.Fatal(err)
		}
		if w := e.do("GET", "/api/v1/auth/providers", ""); !strings.Contains(w.Body.String(), `"oidc":[{"name":"test","display_name":"Test IdP"}]`) {
			t.Fatalf("providers: %s", w.Body)
		}

		// A user whose role claim maps is created, linked and signed in.
		c, resp := oidcSignIn(t, portal.URL, "test-user@127.0.0.1", "verysecure")
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/" {
			t.Fatalf("callback: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		me, err := c.Get(portal.URL + "/api/v1/auth/me")
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, me)
		if me.StatusCode != 200 || !strings.Contains(body, `"username":"test-user@127.0.0.1"`) ||
			!strings.Contains(body, `"roles":[{"role":"reviewer","corp_id":"ww1","departments":["总部/医学部"]}]`) {
			t.Fatalf("me: %d %s", me.StatusCode, body)
		}
		admins, _ := e.svc.ListAdmins(context.Background())
		if len(admins) != 1 || admins[0].Kind != "oidc" || admins[0].OIDCSubject != issuer+"|id1" {
			t.Fatalf("admins = %+v", admins)
		}
		// Signing in again finds the same admin by subject.
		if _, resp := oidcSignIn(t, portal.URL, "test-user@127.0.0.1", "verysecure"); resp.Header.Get("Location") != "/" {
			t.Fatalf("second sign-in: %s", resp.Header.Get("Location"))
		}
		if admins, _ := e.svc.ListAdmins(context.Background()); len(admins) != 1 {
			t.Fatalf("second sign-in created another admin")
		}

		// A user whose claims map to no role is refused.
		_, resp = oidcSignIn(t, portal.URL, "test-user2", "verysecure")
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/login?error=oidc_failed" {
			t.Fatalf("unmapped user: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}

		// A callback with a forged state (no matching cookie) is refused.
		w := e.do("GET", "/api/v1/auth/oidc/callback?state=forged&code=x", "")
		if w.Code != http.StatusFound || w.Header().Get("Location") != "/login?error=oidc_failed" || sessionCookie(w) != nil && sessionCookie(w).Value != "" {
			t.Fatalf("forged state: %d %s", w.Code, w.Header())
		}
		es, _, _ := e.rec.List(context.Background(), audit.Filter{Action: audit.AuthLogin})
		var got []string
		for _, ev := range es {
			got = append(got, ev.Outcome+":"+ev.Reason)
		}
		if strings.Join(got, ",") != "failure:no_account,success:,success:" {
			t.Fatalf("audited sign-ins: %v", got)
		}
	})
}

func TestOIDCLoginStartUsesPKCEStateAndNonce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", auth.Options{})
	portal := httptest.NewServer(e.h)
	t.Cleanup(portal.Close)
	issuer := startOP(t, portal.URL, nil)
	if err := e.svc.ConfigureOIDC([]auth.OIDCConfig{{Name: "test", Issuer: issuer, ClientID: "portal", ClientSecret: "portal-secret"}}); err != nil {
		t.Fatal(err)
	}
	w := e.do("GET", "/api/v1/auth/oidc/login", "")
	if w.Code != http.StatusFound {
		t.Fatalf("login: %d %s", w.Code, w.Body)
	}
	u, _ := url.Parse(w.Header().Get("Location"))
	q := u.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("state") == "" || q.Get("nonce") == "" ||
		q.Get("client_id") != "portal" || !strings.HasSuffix(q.Get("redirect_uri"), "/api/v1/auth/oidc/callback") {
		t.Fatalf("authorize URL = %s", u)
	}
	var state *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == oidcStateCookie {
			state = c
		}
	}
	if state == nil || state.Value != q.Get("state") || !state.HttpOnly || state.Path != oidcCookiePath {
		t.Fatalf("state cookie = %+v", state)
	}
}

func readAll(t *testing.T, r *http.Response) string {
	t.Helper()
	defer r.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := r.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}
