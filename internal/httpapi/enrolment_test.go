package httpapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/secretbox"
)

func sealBox(t *testing.T) *secretbox.Box {
	t.Helper()
	b, err := secretbox.New(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{5}, 32)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func jsonBody(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Finding 10: an admin creating a local account gets a one-time link, never
// the password or the TOTP seed; the person sets both; the link works once,
// is replaced by a reset and expires, each audited; the seed is sealed.
func TestEnrolmentLinkLifecycle(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		e.svc.SetSeedBox(sealBox(t))
		ctx := context.Background()
		boss, _ := e.admin("boss", auth.Grant{Role: auth.RoleAdmin})
		sid, csrf := e.session(boss)
		w := e.do("POST", "/api/v1/admins", `{"username":"carol","kind":"local","roles":[{"role":"reviewer"}]}`, withSession(sid, csrf))
		var created struct {
			Admin      struct{ ID int64 }
			TOTPSecret string `json:"totp_secret"`
			Enrolment  struct {
				URL, Token string
				ExpiresAt  int64 `json:"expires_at"`
			}
		}
		decodeData(t, w, &created)
		if w.Code != 201 || created.TOTPSecret != "" || !strings.Contains(created.Enrolment.URL, "/enrol#"+created.Enrolment.Token) ||
			created.Enrolment.ExpiresAt != e.now().Add(auth.EnrolmentTTL).UnixMilli() {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
		tok := created.Enrolment.Token
		if row, _ := e.b.Store.AdminByID(ctx, created.Admin.ID); row.PasswordHash != "" || row.TOTPSecret != "" {
			t.Fatalf("account has credentials before enrolment: %+v", row)
		}
		// The person opens the link: the same key on every opening.
		var page struct {
			Username   string
			TOTPSecret string `json:"totp_secret"`
		}
		w = e.do("POST", "/api/v1/enrolment/open", jsonBody(map[string]string{"token": tok}))
		decodeData(t, w, &page)
		if w.Code != 200 || page.Username != "carol" || page.TOTPSecret == "" {
			t.Fatalf("open: %d %s", w.Code, w.Body)
		}
		var again struct {
			TOTPSecret string `json:"totp_secret"`
		}
		decodeData(t, e.do("POST", "/api/v1/enrolment/open", jsonBody(map[string]string{"token": tok})), &again)
		if again.TOTPSecret != page.TOTPSecret {
			t.Fatal("a second opening offered another key")
		}
		complete := func(pw, code string) string {
			return errCode(e.do("POST", "/api/v1/enrolment/complete", jsonBody(map[string]string{"token": tok, "password": pw, "totp": code})))
		}
		if c := complete("short", e.code(page.TOTPSecret)); c != "validation_failed" {
			t.Fatalf("short password: %s", c)
		}
		if c := complete(testPassword, "000000"); c != "totp_code_wrong" {
			t.Fatalf("wrong code: %s", c)
		}
		if w := e.do("POST", "/api/v1/enrolment/complete", jsonBody(map[string]string{"token": tok, "password": testPassword,
			"totp": e.code(page.TOTPSecret)})); w.Code != 200 {
			t.Fatalf("complete: %d %s", w.Code, w.Body)
		}
		if c := complete(testPassword, e.code(page.TOTPSecret)); c != "enrolment_invalid" {
			t.Fatalf("second use: %s", c)
		}
		row, _ := e.b.Store.AdminByID(ctx, created.Admin.ID)
		if !strings.HasPrefix(row.TOTPSecret, "v1:") || strings.Contains(row.TOTPSecret, page.TOTPSecret) {
			t.Fatalf("seed stored unsealed: %q", row.TOTPSecret)
		}
		e.advance(31 * time.Second) // the enrolment spent this step's code
		if w := e.login("carol", testPassword, e.code(page.TOTPSecret)); w.Code != 200 {
			t.Fatalf("sign-in after enrolment: %d %s", w.Code, w.Body)
		}

		// A reset gives a new link and kills the old one; links expire, audited.
		var reset struct{ Token string }
		w = e.do("POST", "/api/v1/admins/"+itoa(int(created.Admin.ID))+"/enrolment", "", withSession(sid, csrf))
		decodeData(t, w, &reset)
		var second struct{ Token string }
		decodeData(t, e.do("POST", "/api/v1/admins/"+itoa(int(created.Admin.ID))+"/enrolment", "", withSession(sid, csrf)), &second)
		if w := e.do("POST", "/api/v1/enrolment/open", jsonBody(map[string]string{"token": reset.Token})); errCode(w) != "enrolment_invalid" {
			t.Fatalf("replaced link: %d %s", w.Code, w.Body)
		}
		if w := e.do("POST", "/api/v1/admins/"+itoa(int(boss))+"/enrolment", "", withSession(sid, csrf)); w.Code != 201 {
			t.Fatalf("reset of a peer: %d", w.Code)
		}
		e.advance(auth.EnrolmentTTL + time.Minute)
		if err := e.svc.ExpireEnrolments(ctx); err != nil {
			t.Fatal(err)
		}
		if w := e.do("POST", "/api/v1/enrolment/open", jsonBody(map[string]string{"token": second.Token})); errCode(w) != "enrolment_invalid" {
			t.Fatalf("expired link: %d %s", w.Code, w.Body)
		}
		count := func(action string) int { return len(e.auditReasons(action)) }
		if count(audit.EnrolmentCreate) != 4 || count(audit.EnrolmentUse) != 1 || count(audit.EnrolmentExpire) != 2 {
			t.Fatalf("audited create %d use %d expire %d; want 4, 1, 2", count(audit.EnrolmentCreate), count(audit.EnrolmentUse), count(audit.EnrolmentExpire))
		}
		if w := e.do("POST", "/api/v1/enrolment/open", `{"token":"guess"}`); w.Code != 410 {
			t.Fatalf("unknown token: %d", w.Code)
		}
	})
}

// Finding 10: a person changes their own password (current password and a
// code) and moves their TOTP (a code from the old and the new authenticator);
// wrong answers count towards the lock; other sessions end.
func TestSelfServicePasswordAndTOTPChange(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		ctx := context.Background()
		id, secret := e.admin("dave", auth.Grant{Role: auth.RoleAuditor})
		sid, csrf := e.session(id)
		other, _ := e.session(id)
		const newPassword = "a much longer new passphrase"
		w := e.do("POST", "/api/v1/auth/password", jsonBody(map[string]string{"current_password": "wrong", "totp": e.code(secret),
			"new_password": newPassword}), withSession(sid, csrf))
		if w.Code != 422 || errCode(w) != "current_credentials_wrong" {
			t.Fatalf("wrong current password: %d %s", w.Code, w.Body)
		}
		if a, _ := e.svc.GetAdmin(ctx, id); a.FailedAttempts != 1 {
			t.Fatalf("failed attempts = %d; want 1", a.FailedAttempts)
		}
		w = e.do("POST", "/api/v1/auth/password", jsonBody(map[string]string{"current_password": testPassword, "totp": e.code(secret),
			"new_password": newPassword}), withSession(sid, csrf))
		if w.Code != 200 {
			t.Fatalf("change: %d %s", w.Code, w.Body)
		}
		if w := e.do("GET", "/api/v1/auth/me", "", withCookie(other)); w.Code != 401 {
			t.Fatalf("other session survived a password change: %d", w.Code)
		}
		if w := e.do("GET", "/api/v1/auth/me", "", withCookie(sid)); w.Code != 200 || !strings.Contains(w.Body.String(), `"account_kind":"local"`) {
			t.Fatalf("own session: %d %s", w.Code, w.Body)
		}

		// TOTP: the new key is offered, the old one works until confirmed.
		var nk struct {
			TOTPSecret string `json:"totp_secret"`
		}
		decodeData(t, e.do("POST", "/api/v1/auth/totp", "", withSession(sid, csrf)), &nk)
		e.advance(31 * time.Second)
		confirm := func(cur, nw string) *httpResult {
			w := e.do("POST", "/api/v1/auth/totp/confirm", jsonBody(map[string]string{"current_totp": cur, "new_totp": nw}), withSession(sid, csrf))
			return &httpResult{w.Code, errCode(w)}
		}
		if r := confirm("000000", e.code(nk.TOTPSecret)); r.code != "current_credentials_wrong" {
			t.Fatalf("wrong current code: %+v", r)
		}
		if r := confirm(e.code(secret), "000000"); r.code != "totp_code_wrong" {
			t.Fatalf("wrong new code: %+v", r)
		}
		e.advance(31 * time.Second)
		if r := confirm(e.code(secret), e.code(nk.TOTPSecret)); r.status != 200 {
			t.Fatalf("confirm: %+v", r)
		}
		e.advance(31 * time.Second)
		if w := e.login("dave", newPassword, e.code(secret)); w.Code != 401 {
			t.Fatalf("old authenticator still signs in: %d", w.Code)
		}
		if w := e.login("dave", newPassword, e.code(nk.TOTPSecret)); w.Code != 200 {
			t.Fatalf("new authenticator: %d %s", w.Code, w.Body)
		}
		if got := e.auditReasons(audit.AuthTOTPChange); strings.Join(got, ",") != "success:,failure:bad_totp" {
			t.Fatalf("totp change audit = %v", got)
		}
		if got := e.auditReasons(audit.AuthPasswordChange); strings.Join(got, ",") != "success:,failure:bad_password" {
			t.Fatalf("password change audit = %v", got)
		}
	})
}

type httpResult struct {
	status int
	code   string
}

// Seeds stored in plain text before sealing keep working and are sealed at start.
func TestPlainTOTPSeedsAreSealedAndKeepWorking(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, kind string) {
		e := newEnv(t, kind, auth.Options{})
		ctx := context.Background()
		id, secret := e.admin("erin", auth.Grant{Role: auth.RoleAuditor}) // no key yet: stored plain
		if row, _ := e.b.Store.AdminByID(ctx, id); row.TOTPSecret != secret {
			t.Fatalf("expected a plain seed before sealing, got %q", row.TOTPSecret)
		}
		e.svc.SetSeedBox(sealBox(t))
		if w := e.login("erin", testPassword, e.code(secret)); w.Code != 200 {
			t.Fatalf("plain seed with a key set: %d", w.Code)
		}
		if n, err := e.svc.SealTOTPSeeds(ctx); err != nil || n != 1 {
			t.Fatalf("sealed %d %v; want 1", n, err)
		}
		if n, _ := e.svc.SealTOTPSeeds(ctx); n != 0 {
			t.Fatalf("second run sealed %d", n)
		}
		if row, _ := e.b.Store.AdminByID(ctx, id); !strings.HasPrefix(row.TOTPSecret, "v1:") {
			t.Fatalf("not sealed: %q", row.TOTPSecret)
		}
		e.advance(31 * time.Second)
		if w := e.login("erin", testPassword, e.code(secret)); w.Code != 200 {
			t.Fatalf("sealed seed: %d %s", w.Code, w.Body)
		}
		// A seed sealed for one account does not open as another's.
		row, _ := e.b.Store.AdminByID(ctx, id)
		id2, _ := e.admin("mallory", auth.Grant{Role: auth.RoleAuditor})
		if err := e.b.Store.SetAdminTOTP(ctx, id2, row.TOTPSecret, ""); err != nil {
			t.Fatal(err)
		}
		e.advance(31 * time.Second)
		if w := e.login("mallory", testPassword, e.code(secret)); w.Code != 401 {
			t.Fatalf("a seed moved to another account signed in: %d", w.Code)
		}
	})
}
