package httpapi

import (
	"net/http"
	"strconv"

	"wecomadmin/internal/auth"
	"wecomadmin/internal/store"
)

type adminJSON struct {
	ID             int64      `json:"id"`
	Username       string     `json:"username"`
	DisplayName    string     `json:"display_name"`
	Email          string     `json:"email"`
	Kind           string     `json:"kind"`
	Disabled       bool       `json:"disabled"`
	OIDCLinked     bool       `json:"oidc_linked"`
	FailedAttempts int        `json:"failed_attempts"`
	LockedUntil    int64      `json:"locked_until"`
	LastLoginAt    int64      `json:"last_login_at"`
	CreatedAt      int64      `json:"created_at"`
	UpdatedAt      int64      `json:"updated_at"`
	Roles          []roleJSON `json:"roles"`
}

func toAdminJSON(a auth.AdminView) adminJSON {
	return adminJSON{ID: a.ID, Username: a.Username, DisplayName: a.DisplayName, Email: a.Email, Kind: a.Kind,
		Disabled: a.Disabled, OIDCLinked: a.OIDCSubject != "", FailedAttempts: a.FailedAttempts, LockedUntil: a.LockedUntil,
		LastLoginAt: a.LastLoginAt, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, Roles: rolesJSON(a.Roles)}
}

func grantsOf(rs []roleJSON) []auth.Grant {
	out := make([]auth.Grant, 0, len(rs))
	for _, r := range rs {
		out = append(out, auth.Grant{Role: auth.Role(r.Role), CorpID: r.CorpID, Departments: r.Departments})
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("id", "id must be a positive integer")
	}
	return id, nil
}

// needAuthSvc answers 503 when sign-in is not wired.

func (s *Server) listAdmins(w http.ResponseWriter, r *http.Request) error {
	as, err := s.d.AuthSvc.ListAdmins(r.Context())
	if err != nil {
		return err
	}
	items := make([]adminJSON, 0, len(as))
	for _, a := range as {
		items = append(items, toAdminJSON(a))
	}
	writeJSON(w, http.StatusOK, itemsOf(items))
	return nil
}

func (s *Server) createAdmin(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Username    string     `json:"username"`
		DisplayName string     `json:"display_name"`
		Email       string     `json:"email"`
		Kind        string     `json:"kind"`
		Password    string     `json:"password"`
		Roles       []roleJSON `json:"roles"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	c, err := s.d.AuthSvc.CreateAdmin(r.Context(), auth.AdminSpec{Username: body.Username, DisplayName: body.DisplayName,
		Email: body.Email, Kind: body.Kind, Password: body.Password, Grants: grantsOf(body.Roles)})
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	out := createdAdminView{Admin: toAdminJSON(auth.AdminView{AdminUser: c.Admin, Roles: c.Roles}),
		TOTPSecret: c.TOTPSecret, OTPAuthURL: c.OTPAuthURL}
	if c.Enrolment != nil { // no password given: the person enrols themselves
		e := s.enrolmentJSON(r, *c.Enrolment)
		out.Enrolment = &e
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) getAdmin(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err == nil {
		var a auth.AdminView
		if a, err = s.d.AuthSvc.GetAdmin(r.Context(), id); err == nil {
			writeJSON(w, http.StatusOK, toAdminJSON(a))
			return nil
		}
	}
	return err
}

// updateAdmin changes roles and scopes and/or disables or re-enables.
func (s *Server) updateAdmin(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var body struct {
		Roles    *[]roleJSON `json:"roles"`
		Disabled *bool       `json:"disabled"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	a, err := s.d.AuthSvc.GetAdmin(r.Context(), id)
	if err == nil && body.Roles != nil {
		a, err = s.d.AuthSvc.SetRoles(r.Context(), id, grantsOf(*body.Roles))
	}
	if err == nil && body.Disabled != nil {
		a, err = s.d.AuthSvc.SetDisabled(r.Context(), id, *body.Disabled)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAdminJSON(a))
	return nil
}

// createdAdminView answers POST /admins: the TOTP key is shown once; an
// admin created without a password gets an enrolment link instead.
type createdAdminView struct {
	Admin      adminJSON      `json:"admin"`
	Enrolment  *enrolmentJSON `json:"enrolment,omitempty"`
	OTPAuthURL string         `json:"otpauth_url"`
	TOTPSecret string         `json:"totp_secret"`
}

// createdTokenView answers POST /tokens: the raw token is shown once.
type createdTokenView struct {
	Item  tokenJSON `json:"item"`
	Token string    `json:"token"`
}

type loginJSON struct {
	ID        int64  `json:"id"`
	At        int64  `json:"at"`
	Method    string `json:"method"`
	Outcome   string `json:"outcome"`
	Reason    string `json:"reason"`
	IP        string `json:"ip"`
	UserAgent string `json:"user_agent"`
}

func (s *Server) adminLogins(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	ls, err := s.d.AuthSvc.Logins(r.Context(), id, limit)
	if err != nil {
		return err
	}
	items := make([]loginJSON, 0, len(ls))
	for _, l := range ls {
		items = append(items, loginJSON{l.ID, l.At, l.Method, l.Outcome, l.Reason, l.IP, l.UserAgent})
	}
	writeJSON(w, http.StatusOK, itemsOf(items))
	return nil
}

type tokenJSON struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Prefix      string   `json:"prefix"`
	Role        string   `json:"role"`
	CorpID      string   `json:"corp_id"`
	Departments []string `json:"departments"`
	CreatedBy   string   `json:"created_by"`
	CreatedAt   int64    `json:"created_at"`
	ExpiresAt   int64    `json:"expires_at"`
	RevokedAt   int64    `json:"revoked_at"`
	LastUsedAt  int64    `json:"last_used_at"`
}

func toTokenJSON(t store.APIToken) tokenJSON {
	deps := t.Departments
	if deps == nil {
		deps = []string{}
	}
	return tokenJSON{t.ID, t.Name, t.Prefix, t.Role, t.CorpID, deps, t.CreatedBy, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt}
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.d.AuthSvc.ListTokens(r.Context())
	if err != nil {
		return err
	}
	items := make([]tokenJSON, 0, len(ts))
	for _, t := range ts {
		items = append(items, toTokenJSON(t))
	}
	writeJSON(w, http.StatusOK, itemsOf(items))
	return nil
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Name        string   `json:"name"`
		Role        string   `json:"role"`
		CorpID      string   `json:"corp_id"`
		Departments []string `json:"departments"`
		Expires     string   `json:"expires"` // "90d", "12h"; "" the default, auth.DefaultTokenTTL
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	ttl, err := auth.ParseTTL(body.Expires)
	if err != nil {
		return err
	}
	raw, t, err := s.d.AuthSvc.CreateToken(r.Context(), auth.TokenSpec{Name: body.Name, Role: auth.Role(body.Role),
		CorpID: body.CorpID, Departments: body.Departments, TTL: ttl})
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, createdTokenView{Item: toTokenJSON(t), Token: raw})
	return nil
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err == nil {
		err = s.d.AuthSvc.RevokeToken(r.Context(), id)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, revokedView{Revoked: true})
	return nil
}
