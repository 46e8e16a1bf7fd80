package httpapi

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "wa_session"

// CSRFHeader carries the session's CSRF token on state-changing requests.
const CSRFHeader = "X-CSRF-Token"

// sessionAuth resolves a bearer token or the session cookie, and enforces
// the CSRF token on state-changing requests made with the cookie (bearer
// requests are exempt: a browser never adds that header by itself).
type sessionAuth struct {
	svc   *auth.Service
	audit *audit.Recorder
}

// NewAuthenticator returns the Authenticator for sessions and API tokens.
// rec (may be nil) records refused CSRF checks.
func NewAuthenticator(svc *auth.Service, rec *audit.Recorder) Authenticator {
	return &sessionAuth{svc: svc, audit: rec}
}

func (a *sessionAuth) Authenticate(r *http.Request) (auth.Principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return auth.Principal{}, auth.ErrUnauthenticated
		}
		return a.svc.TokenPrincipal(r.Context(), strings.TrimSpace(tok))
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return auth.Principal{}, auth.ErrUnauthenticated
	}
	p, err := a.svc.SessionPrincipal(r.Context(), c.Value)
	if err != nil {
		return auth.Principal{}, err
	}
	if !safeMethod(r.Method) {
		got := r.Header.Get(CSRFHeader)
		if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(p.CSRFToken)) != 1 {
			if a.audit != nil {
				_ = a.audit.Record(auth.WithPrincipal(r.Context(), p), audit.Event{Action: audit.AuthDenied,
					Target: r.Method + " " + r.URL.Path, Outcome: audit.Denied, Reason: "csrf"})
			}
			return auth.Principal{}, auth.ErrCSRF
		}
	}
	return p, nil
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// recordDenial audits a request refused for want of permission.
func (s *Server) recordDenial(r *http.Request, p auth.Principal, perm string) {
	if s.d.Audit == nil {
		return
	}
	err := s.d.Audit.Record(auth.WithPrincipal(r.Context(), p), audit.Event{Action: audit.AuthDenied,
		Target: r.Method + " " + r.URL.Path, Outcome: audit.Denied, Reason: "missing permission " + perm})
	if err != nil {
		s.d.Log.ErrorContext(r.Context(), "audit denial", "err", err)
	}
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, id string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: id, Path: "/", Expires: expires, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.d.CookieSecure || r.TLS != nil})
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name, path string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.d.CookieSecure || r.TLS != nil})
}
