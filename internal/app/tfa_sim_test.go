package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"wecomadmin/internal/app"
	"wecomadmin/internal/wecomsim"
)

var (
	hiddenRe = regexp.MustCompile(`name="(session|csrf)" value="([^"]+)"`)
	otpRe    = regexp.MustCompile(`(\d{6})`)
)

// TestTFAPageAgainstSimulator runs the second-factor page end to end: the
// portal's /wecom/tfa, the real WeCom client and the simulator, in today's
// mode (user/get shows no mobile) and in legacy mode. The HR check must
// pass for the member whose HR mobile maps to them and refuse the one whose
// mobile was changed in WeCom after the sync.
func TestTFAPageAgainstSimulator(t *testing.T) {
	t.Parallel()
	for _, legacy := range []bool{false, true} {
		t.Run(map[bool]string{false: "today", true: "legacy"}[legacy], func(t *testing.T) {
			tfaFlow(t, legacy)
		})
	}
}

func tfaFlow(t *testing.T, legacy bool) {
	ctx := context.Background()
	sim := wecomsim.New(wecomsim.Options{Seed: 7, LegacyAppFields: legacy})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	var logs syncBuffer
	a, err := app.Build(ctx, app.DemoConfig("127.0.0.1:0", dir, srv.URL, sim.Options().CorpID), &logs, app.Info{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	portal := httptest.NewServer(a.API.Handler())
	t.Cleanup(portal.Close)

	d := sim.Directory()
	paths := deptPaths(d.Departments())
	// ok is an active member; moved one not yet activated, whose mobile
	// the admin may still change in WeCom (an activated member's is theirs).
	var ok, moved wecomsim.User
	for _, u := range d.Users() {
		switch {
		case u.Creator || u.Mobile == "" || u.Email == "":
		case ok.UserID == "" && u.Status == wecomsim.StatusActive:
			ok = u
		case moved.UserID == "" && u.Status == wecomsim.StatusNotActive && !u.Activated:
			moved = u
		}
	}
	if ok.UserID == "" || moved.UserID == "" {
		t.Fatal("simulator lacks an active and a not-activated member")
	}
	pair := []wecomsim.User{ok, moved}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"employee_id", "name", "email", "mobile", "department", "title", "status", "archive_licence"})
	for _, u := range pair {
		w.Write([]string{u.UserID, u.Name, u.Email, u.Mobile, paths[u.MainDepartment], u.Position, "active", "no"})
	}
	w.Flush()
	hr := filepath.Join(dir, "hr.csv")
	if err := os.WriteFile(hr, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := a.Sync(ctx, app.SyncOptions{Corp: app.DemoCorpKey, HRFile: hr}, &out); err != nil {
		t.Fatalf("sync: %v\n%s", err, out.String())
	}
	// The employee's details the UI shows come from the HR file, though
	// WeCom (today's mode) returned no mobile or email.
	emp, err := a.Store.EmployeeByUserID(ctx, sim.Options().CorpID, strings.ToLower(ok.UserID))
	if err != nil || !strings.HasSuffix(strings.ReplaceAll(emp.Mobile, " ", ""), strings.TrimPrefix(strings.ReplaceAll(ok.Mobile, " ", ""), "+86")) || !strings.EqualFold(emp.Email, ok.Email) {
		t.Fatalf("employee shown as %+v (%v), want HR mobile %s and email %s", emp, err, ok.Mobile, ok.Email)
	}
	// After the sync the member changes mobile inside WeCom.
	newMobile := "+86 13999990077"
	if err := d.UpdateUser(moved.UserID, wecomsim.UserPatch{Mobile: &newMobile}); err != nil {
		t.Fatal(err)
	}

	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar}
	page := func(method, target string, form url.Values) (int, string) {
		t.Helper()
		var resp *http.Response
		var err error
		if method == "GET" {
			resp, err = hc.Get(portal.URL + target)
		} else {
			resp, err = hc.PostForm(portal.URL+target, form)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, err := sim.IssueTFACode(moved.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if _, body := page("GET", "/wecom/tfa?lang=en&code="+url.QueryEscape(code), nil); !strings.Contains(body, "does not match the HR records") {
		t.Fatalf("member whose mobile changed in WeCom: %s", body)
	}

	code, err = sim.IssueTFACode(ok.UserID)
	if err != nil {
		t.Fatal(err)
	}
	before := logs.String()
	status, body := page("GET", "/wecom/tfa?lang=en&code="+url.QueryEscape(code), nil)
	form := url.Values{"lang": {"en"}}
	for _, m := range hiddenRe.FindAllStringSubmatch(body, -1) {
		form.Set(m[1], m[2])
	}
	if status != http.StatusOK || form.Get("session") == "" || form.Get("csrf") == "" {
		t.Fatalf("member matching HR: status %d, no code form: %s", status, body)
	}
	mail := strings.TrimPrefix(logs.String(), before)
	i := strings.Index(mail, "log mailer")
	if i < 0 {
		t.Fatalf("no one-time code mailed: %s", mail)
	}
	otp := otpRe.FindString(mail[i:])
	form.Set("otp", otp)
	if _, body = page("POST", "/wecom/tfa", form); !strings.Contains(body, "Verified") {
		t.Fatalf("verify with the mailed code %s: %s", otp, body)
	}
}
