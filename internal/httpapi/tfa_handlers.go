package httpapi

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/reqmeta"
)

const (
	tfaCSRFCookie = "wecom_tfa_csrf"
	tfaLangCookie = "wecom_tfa_lang"
)

// tfaPage is the page WeCom redirects a member to (?code=...). The language
// toggle comes back with ?session=... so the one-shot code is never spent twice.
func (s *Server) tfaPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v accounts.TFAView
	if sess := q.Get("session"); sess != "" {
		v = s.d.Accounts.TFAShow(r.Context(), sess)
	} else {
		v = s.d.Accounts.TFAStart(r.Context(), q.Get("corp"), q.Get("code"), reqmeta.From(r.Context()).IP)
	}
	return s.renderTFA(w, r, v, q.Get("lang"))
}

func (s *Server) tfaSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return s.renderTFA(w, r, accounts.TFAView{Outcome: accounts.TFABadRequest}, "")
	}
	cookie := ""
	if c, err := r.Cookie(tfaCSRFCookie); err == nil {
		cookie = c.Value
	}
	v := s.d.Accounts.TFAVerify(r.Context(), r.PostForm.Get("session"), cookie, r.PostForm.Get("csrf"),
		strings.TrimSpace(r.PostForm.Get("otp")), reqmeta.From(r.Context()).IP)
	return s.renderTFA(w, r, v, r.PostForm.Get("lang"))
}

func (s *Server) renderTFA(w http.ResponseWriter, r *http.Request, v accounts.TFAView, choice string) error {
	if choice == "" {
		if c, err := r.Cookie(tfaLangCookie); err == nil {
			choice = c.Value
		}
	}
	lang := accounts.PickLang(choice, r.Header.Get("Accept-Language"))
	self := "/wecom/tfa"
	if v.Session != "" {
		self += "?session=" + url.QueryEscape(v.Session)
	}
	var buf bytes.Buffer
	if err := accounts.RenderTFA(&buf, v, lang, self); err != nil {
		return err
	}
	// Secure as for the session cookie: behind a TLS-terminating proxy r.TLS
	// is nil, and the https base_url (CookieSecure) is what says so.
	secure := s.d.CookieSecure || r.TLS != nil
	if v.CSRF != "" {
		http.SetCookie(w, &http.Cookie{Name: tfaCSRFCookie, Value: v.CSRF, Path: "/wecom/tfa", HttpOnly: true, Secure: secure,
			SameSite: http.SameSiteStrictMode, MaxAge: 600})
	}
	http.SetCookie(w, &http.Cookie{Name: tfaLangCookie, Value: lang, Path: "/wecom/tfa", Secure: secure, SameSite: http.SameSiteLaxMode, MaxAge: 86400 * 365})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(accounts.TFAStatus(v.Outcome))
	_, _ = w.Write(buf.Bytes())
	return nil
}

// rootFiles serves WeCom's domain-ownership files (/WW_verify_<code>.txt,
// content set per corp in settings) and hands every other path to next.
func (s *Server) rootFiles(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code, ok := strings.CutPrefix(r.URL.Path, "/WW_verify_")
		if ok && s.d.Accounts != nil && r.Method == http.MethodGet {
			if code, ok = strings.CutSuffix(code, ".txt"); ok {
				content, err := s.d.Accounts.VerifyFile(r.Context(), code)
				if err != nil {
					http.NotFound(w, r)
					return
				}
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				_, _ = w.Write([]byte(content))
				return
			}
		}
		if next == nil {
			http.NotFound(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}
