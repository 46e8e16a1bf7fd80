package httpapi

import (
	"crypto/subtle"
	"errors"
	"math"
	"mime"
	"net/http"
	"slices"
	"strings"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

type userJSON struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Kind        string `json:"kind"` // admin or token
	// AccountKind is an admin's "local" (password + TOTP, changed on the
	// account page) or "oidc"; "" for a token.
	AccountKind string `json:"account_kind"`
}

type roleJSON struct {
	Role        string   `json:"role"`
	CorpID      string   `json:"corp_id"`
	Departments []string `json:"departments"`
}

// meJSON is the answer of login and /auth/me.
type meJSON struct {
	User        userJSON   `json:"user"`
	Roles       []roleJSON `json:"roles"`
	Permissions []string   `json:"permissions"`
	CSRFToken   string     `json:"csrf_token"`
}

func rolesJSON(rs []store.AdminRole) []roleJSON {
	out := make([]roleJSON, 0, len(rs))
	for _, r := range rs {
		deps := r.Departments
		if deps == nil {
			deps = []string{}
		}
		out = append(out, roleJSON{Role: r.Role, CorpID: r.CorpID, Departments: deps})
	}
	return out
}

func (s *Server) meFor(r *http.Request, p auth.Principal) (meJSON, error) {
	m := meJSON{User: userJSON{ID: p.ID, Username: p.Name, DisplayName: p.Name, Kind: p.Kind},
		Roles: []roleJSON{}, Permissions: []string{}, CSRFToken: p.CSRFToken}
	if p.Kind == auth.KindAdmin {
		a, err := s.d.AuthSvc.GetAdmin(r.Context(), p.ID)
		if err != nil {
			return meJSON{}, err
		}
		if a.DisplayName != "" {
			m.User.DisplayName = a.DisplayName
		}
		m.User.AccountKind = a.Kind
	}
	for _, g := range p.Grants {
		m.Roles = append(m.Roles, rolesJSON([]store.AdminRole{{Role: string(g.Role), CorpID: g.CorpID, Departments: g.Departments}})...)
		for _, perm := range g.Role.Permissions() {
			if !slices.Contains(m.Permissions, string(perm)) {
				m.Permissions = append(m.Permissions, string(perm))
			}
		}
	}
	slices.Sort(m.Permissions)
	return m, nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	// A JSON content type cannot be sent cross-site without CORS, which
	// stops login CSRF from a form on another site.
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return badRequest("Content-Type", "Content-Type must be application/json")
	}
	var body struct {
		Username string `json:"username"`
		Password string `json:"password"`
		TOTP     string `json:"totp"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if body.Username == "" || body.Password == "" || len(body.Username) > 128 || len(body.Password) > 1024 || len(body.TOTP) > 16 {
		return badRequest("", "username, password and totp are required")
	}
	var prev string
	if c, err := r.Cookie(SessionCookie); err == nil {
		prev = c.Value
	}
	ns, err := s.d.AuthSvc.Login(r.Context(), body.Username, body.Password, strings.TrimSpace(body.TOTP), prev)
	var le *auth.LockedError
	if errors.As(err, &le) {
		secs := int(math.Ceil(le.RetryAfter.Seconds()))
		w.Header().Set("Retry-After", itoa(secs))
		err = &detailedError{safeError{http.StatusLocked, "account_locked", "too many failed sign-ins; try again later"},
			map[string]int{"retry_after_seconds": secs}}
	}
	if err != nil {
		return err
	}
	return s.startedSession(w, r, ns)
}

func (s *Server) startedSession(w http.ResponseWriter, r *http.Request, ns auth.NewSession) error {
	me, err := s.meFor(r, ns.Principal)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, ns.ID, ns.ExpiresAt)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, me)
	return nil
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) error {
	p, _ := auth.FromContext(r.Context())
	me, err := s.meFor(r, p)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, me)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.d.AuthSvc.Logout(r.Context()); err != nil {
		return err
	}
	s.clearCookie(w, r, SessionCookie, "/")
	writeJSON(w, http.StatusOK, signedOutView{SignedOut: true})
	return nil
}

func (s *Server) logoutAll(w http.ResponseWriter, r *http.Request) error {
	n, err := s.d.AuthSvc.LogoutAll(r.Context())
	if err != nil {
		return err
	}
	s.clearCookie(w, r, SessionCookie, "/")
	writeJSON(w, http.StatusOK, sessionsEndedView{SessionsEnded: n})
	return nil
}

type signedOutView struct {
	SignedOut bool `json:"signed_out"`
}

type sessionsEndedView struct {
	SessionsEnded int64 `json:"sessions_ended"`
}

// providersView lists the sign-in methods the login page offers.
type providersView struct {
	Local bool                `json:"local"`
	OIDC  []auth.ProviderInfo `json:"oidc"`
}

func (s *Server) providers(w http.ResponseWriter, r *http.Request) error {
	out := providersView{Local: true, OIDC: []auth.ProviderInfo{}}
	if s.d.AuthSvc != nil {
		out.OIDC = s.d.AuthSvc.Providers()
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

const oidcStateCookie, oidcCookiePath = "wa_oidc_state", "/api/v1/auth/oidc"

func (s *Server) oidcRedirectURL(r *http.Request) string {
	if s.d.BaseURL != "" {
		return strings.TrimRight(s.d.BaseURL, "/") + oidcCookiePath + "/callback"
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + oidcCookiePath + "/callback"
}

func (s *Server) oidcLogin(w http.ResponseWriter, r *http.Request) error {
	if len(s.d.AuthSvc.Providers()) == 0 {
		return errUnavailable
	}
	u, state, err := s.d.AuthSvc.OIDCStart(r.Context(), r.URL.Query().Get("provider"), s.oidcRedirectURL(r))
	if err != nil {
		return err
	}
	// The state cookie binds the callback to this browser. Lax, because the
	// callback is a top-level navigation from the provider's site.
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: state, Path: oidcCookiePath, MaxAge: 600, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.d.CookieSecure || r.TLS != nil})
	http.Redirect(w, r, u, http.StatusFound)
	return nil
}

// oidcCallback finishes the sign-in and sends the browser to the app; on
// failure it sends it to /login?error=oidc_failed (the reason is logged and audited).
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	s.clearCookie(w, r, oidcStateCookie, oidcCookiePath)
	var cookie string
	if c, err := r.Cookie(oidcStateCookie); err == nil {
		cookie = c.Value
	}
	state := q.Get("state")
	if cookie == "" || state == "" || q.Get("error") != "" || subtle.ConstantTimeCompare([]byte(cookie), []byte(state)) != 1 {
		s.d.Log.WarnContext(r.Context(), "oidc callback refused", "provider_error", q.Get("error"), "has_state_cookie", cookie != "")
		http.Redirect(w, r, "/login?error=oidc_failed", http.StatusFound)
		return nil
	}
	var prev string
	if c, err := r.Cookie(SessionCookie); err == nil {
		prev = c.Value
	}
	ns, err := s.d.AuthSvc.OIDCFinish(r.Context(), state, q.Get("code"), s.oidcRedirectURL(r), prev)
	if err != nil {
		if !errors.Is(err, auth.ErrOIDC) {
			s.d.Log.ErrorContext(r.Context(), "oidc callback", "err", err)
		}
		http.Redirect(w, r, "/login?error=oidc_failed", http.StatusFound)
		return nil
	}
	s.setSessionCookie(w, r, ns.ID, ns.ExpiresAt)
	http.Redirect(w, r, "/", http.StatusFound)
	return nil
}
