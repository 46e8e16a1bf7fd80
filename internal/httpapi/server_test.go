package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/webui"
)

type fakeReady struct {
	pingErr error
	current bool
}

func (f fakeReady) Ping(context.Context) error            { return f.pingErr }
func (f fakeReady) Current(context.Context) (bool, error) { return f.current, nil }

type tokenAuth map[string]auth.Principal

func (t tokenAuth) Authenticate(r *http.Request) (auth.Principal, error) {
	p, ok := t[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	if !ok {
		return auth.Principal{}, auth.ErrUnauthenticated
	}
	return p, nil
}

func TestEndpoints(t *testing.T) {
	t.Parallel()
	authn := tokenAuth{
		"admin":   {Name: "a", Grants: []auth.Grant{{Role: auth.RoleAdmin}}},
		"nothing": {Name: "n"},
	}
	srv := New(Deps{Ready: fakeReady{current: true}, Auth: authn, SPA: webui.Handler(), Version: "t"})
	h := srv.Handler()
	cases := []struct {
		method, path, token string
		status              int
		body                string
	}{
		{"GET", "/healthz", "", 200, `"status":"ok"`},
		{"GET", "/readyz", "", 200, `"ready":true`},
		{"GET", "/metrics", "admin", 200, "go_goroutines"},
		{"GET", "/metrics", "", 401, `"code":"unauthenticated"`}, // corp ids are not public (finding 12)
		{"GET", "/api/v1/status", "", 401, `"code":"unauthenticated"`},
		{"GET", "/api/v1/status", "nothing", 403, `"code":"forbidden"`},
		{"GET", "/api/v1/status", "admin", 503, `"code":"unavailable"`},
		{"GET", "/api/v1/no-such-thing", "admin", 404, `"code":"not_found"`},
		{"POST", "/api/v1/status", "admin", 405, ""},
		{"GET", "/conversations", "", 200, "<html"}, // the SPA, or the placeholder when the UI is not built
	}
	for _, c := range cases {
		req := httptest.NewRequest(c.method, c.path, nil)
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.body) {
			t.Errorf("%s %s: %d %s", c.method, c.path, rec.Code, rec.Body.String())
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Header().Get("X-Request-Id") == "" {
			t.Errorf("%s %s: missing security headers or request id", c.method, c.path)
		}
	}
}

func TestReadyzFailsWhenStoreDownOrBehind(t *testing.T) {
	t.Parallel()
	for _, r := range []fakeReady{{pingErr: errors.New("down")}, {current: false}} {
		rec := httptest.NewRecorder()
		New(Deps{Ready: r}).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
		var body struct {
			Data struct{ Ready bool } `json:"data"`
		}
		_ = json.Unmarshal(rec.Body.Bytes(), &body)
		if rec.Code != 503 || body.Data.Ready {
			t.Errorf("readyz with %+v: %d %s", r, rec.Code, rec.Body.String())
		}
	}
}

func TestPanicBecomesJSON500(t *testing.T) {
	t.Parallel()
	s := New(Deps{})
	s.mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("x") })
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"code":"internal"`) || strings.Contains(rec.Body.String(), "x\"") {
		t.Fatalf("panic: %d %s", rec.Code, rec.Body.String())
	}
}
