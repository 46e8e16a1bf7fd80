package httpapi

import (
	"net/http"
	"strings"

	"wecomadmin/internal/auth"
)

// enrolmentJSON is a new one-time link: the URL is shown to the admin once
// (to copy and send); the token rides in the fragment, so it never reaches
// a server log or a Referer header.
type enrolmentJSON struct {
	URL       string `json:"url"`
	Token     string `json:"token"`
	ExpiresAt int64  `json:"expires_at"`
}

func (s *Server) enrolmentJSON(r *http.Request, l auth.EnrolmentLink) enrolmentJSON {
	base := strings.TrimRight(s.d.BaseURL, "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return enrolmentJSON{URL: base + "/enrol#" + l.Token, Token: l.Token, ExpiresAt: l.ExpiresAt.UnixMilli()}
}

// createEnrolment resets a local admin: a new one-time link (earlier ones stop working).
func (s *Server) createEnrolment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	l, err := s.d.AuthSvc.CreateEnrolment(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, s.enrolmentJSON(r, l))
	return nil
}

// enrolmentPageView is what the public enrolment page shows.
type enrolmentPageView struct {
	ExpiresAt  int64  `json:"expires_at"`
	OTPAuthURL string `json:"otpauth_url"`
	TOTPSecret string `json:"totp_secret"`
	Username   string `json:"username"`
}

// openEnrolment is the public enrolment page's first call: which account,
// and the authenticator key to add.
func (s *Server) openEnrolment(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Token string `json:"token"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	pg, err := s.d.AuthSvc.OpenEnrolment(r.Context(), body.Token)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, enrolmentPageView{ExpiresAt: pg.ExpiresAt.UnixMilli(), OTPAuthURL: pg.OTPAuthURL,
		TOTPSecret: pg.TOTPSecret, Username: pg.Username})
	return nil
}

// completeEnrolment spends the link: the person's password and a code.
func (s *Server) completeEnrolment(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Token    string `json:"token"`
		Password string `json:"password"`
		TOTP     string `json:"totp"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if err := s.d.AuthSvc.CompleteEnrolment(r.Context(), body.Token, body.Password, body.TOTP); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, enrolledView{Enrolled: true})
	return nil
}

// changePassword is the account page's password change.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Current  string `json:"current_password"`
		TOTP     string `json:"totp"`
		Password string `json:"new_password"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if err := s.d.AuthSvc.ChangePassword(r.Context(), body.Current, body.TOTP, body.Password); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, changedView{Changed: true})
	return nil
}

// beginTOTPChange offers a new authenticator key (not in use until confirmed).
func (s *Server) beginTOTPChange(w http.ResponseWriter, r *http.Request) error {
	t, err := s.d.AuthSvc.BeginTOTPChange(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, totpKeyView{OTPAuthURL: t.OTPAuthURL, TOTPSecret: t.TOTPSecret})
	return nil
}

// confirmTOTPChange swaps in the new key: a code from the old and the new.
func (s *Server) confirmTOTPChange(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Current string `json:"current_totp"`
		New     string `json:"new_totp"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if err := s.d.AuthSvc.ConfirmTOTPChange(r.Context(), body.Current, body.New); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, changedView{Changed: true})
	return nil
}

type enrolledView struct {
	Enrolled bool `json:"enrolled"`
}

// changedView answers a credential change.
type changedView struct {
	Changed bool `json:"changed"`
}

// totpKeyView is a new authenticator key, shown once.
type totpKeyView struct {
	OTPAuthURL string `json:"otpauth_url"`
	TOTPSecret string `json:"totp_secret"`
}
