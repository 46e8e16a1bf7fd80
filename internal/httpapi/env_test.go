package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/status"
	"wecomadmin/internal/store/storetest"
)

// env is the real API over a fresh store with real sign-in and audit.
type env struct {
	t     testing.TB
	b     storetest.Backend
	svc   *auth.Service
	rec   *audit.Recorder
	srv   *Server
	h     http.Handler
	mu    sync.Mutex
	clock time.Time
}

const testPassword = "correct horse battery staple"

func newEnv(t testing.TB, kind string, opt auth.Options) *env {
	t.Helper()
	b := storetest.Open(t, kind)
	sg, err := audit.NewSigner("test-signing-key-0123456789abcdef-xyz")
	if err != nil {
		t.Fatal(err)
	}
	rec := audit.New(b.Store, nil, sg)
	opt.Password = auth.PasswordParams{Memory: 64, Time: 1, Threads: 1} // fast hashes in tests
	svc, err := auth.NewService(b.Store, rec, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, b: b, svc: svc, rec: rec, clock: time.Now()}
	svc.SetClock(e.now)
	e.srv = New(Deps{Auth: NewAuthenticator(svc, rec), AuthSvc: svc, Audit: rec, Status: status.New(b.Store, "test")})
	e.h = e.srv.Handler()
	return e
}

func (e *env) now() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.clock
}

func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	e.clock = e.clock.Add(d)
	e.mu.Unlock()
}

// admin creates a local admin with the grants and returns its id and TOTP secret.
func (e *env) admin(username string, grants ...auth.Grant) (int64, string) {
	e.t.Helper()
	c, err := e.svc.CreateAdmin(context.Background(), auth.AdminSpec{Username: username, Password: testPassword, Grants: grants})
	if err != nil {
		e.t.Fatal(err)
	}
	return c.Admin.ID, c.TOTPSecret
}

// session starts a session directly (no password round) and returns cookie and CSRF token.
func (e *env) session(adminID int64) (string, string) {
	e.t.Helper()
	ns, err := e.svc.StartSession(context.Background(), adminID, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return ns.ID, ns.Principal.CSRFToken
}

func (e *env) code(secret string) string {
	c, err := auth.TOTPCode(secret, auth.TOTPStep(e.now()))
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

type reqOpt func(*http.Request)

func withCookie(id string) reqOpt {
	return func(r *http.Request) { r.AddCookie(&http.Cookie{Name: SessionCookie, Value: id}) }
}
func withCSRF(tok string) reqOpt { return func(r *http.Request) { r.Header.Set(CSRFHeader, tok) } }
func withBearer(tok string) reqOpt {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
}
func withSession(id, csrf string) reqOpt {
	return func(r *http.Request) { withCookie(id)(r); withCSRF(csrf)(r) }
}

func (e *env) do(method, path, body string, opts ...reqOpt) *httptest.ResponseRecorder {
	var r *http.Request
	if body != "" {
		r = httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequest(method, path, nil)
	}
	for _, o := range opts {
		o(r)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

func (e *env) login(username, password, code string, opts ...reqOpt) *httptest.ResponseRecorder {
	b, _ := json.Marshal(map[string]string{"username": username, "password": password, "totp": code})
	return e.do("POST", "/api/v1/auth/login", string(b), opts...)
}

func errCode(w *httptest.ResponseRecorder) string {
	var body struct {
		Error struct{ Code string } `json:"error"`
	}
	_ = json.Unmarshal(w.Body.Bytes(), &body)
	return body.Error.Code
}

func sessionCookie(w *httptest.ResponseRecorder) *http.Cookie {
	for _, c := range w.Result().Cookies() {
		if c.Name == SessionCookie {
			return c
		}
	}
	return nil
}

func decodeData(t testing.TB, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil {
		t.Fatalf("decode %s: %v", w.Body.String(), err)
	}
	if err := json.Unmarshal(env.Data, v); err != nil {
		t.Fatalf("decode data %s: %v", env.Data, err)
	}
}

// eachStore runs fn on SQLite and, when configured, PostgreSQL.
func eachStore(t *testing.T, fn func(t *testing.T, kind string)) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) { fn(t, kind) })
	}
}
