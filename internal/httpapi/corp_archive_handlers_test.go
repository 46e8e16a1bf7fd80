package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"wecomadmin/internal/accounts"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/secretbox"
	"wecomadmin/internal/store/storetest"
)

// testKeyPEM returns a fresh RSA private key in PKCS#1 PEM.
func testKeyPEM(t testing.TB) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
}

func jsonString(t testing.TB, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// auditLog records the accounts service's audit entries.
type auditLog struct {
	mu      sync.Mutex
	entries []string
}

func (a *auditLog) Record(_ context.Context, e audit.Event) error {
	if e.Outcome == "" {
		e.Outcome = audit.Success // as the recorder does
	}
	b, _ := json.Marshal(e.Metadata)
	a.mu.Lock()
	defer a.mu.Unlock()
	a.entries = append(a.entries, e.Action+" "+e.Target+" "+e.Outcome+" "+string(b))
	return nil
}

// TestCorpArchiveAPI: archive settings and keys of a corp added through the
// API, on both stores. Secrets and private keys never come back, not in
// answers, audit entries or logs.
func TestCorpArchiveAPI(t *testing.T) {
	t.Parallel()
	pem1, pem2 := testKeyPEM(t), testKeyPEM(t)
	fp1, err := accounts.ArchiveKeyFingerprint(pem1)
	if err != nil {
		t.Fatal(err)
	}
	const secret = "ARCHIVE-SECRET-91c2"
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		box, err := secretbox.New(base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef")))
		if err != nil {
			t.Fatal(err)
		}
		var logs bytes.Buffer
		log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		au := &auditLog{}
		svc := &accounts.Service{Store: b.Store, SealSecret: box.Seal, Audit: au, Log: log,
			Endpoints: accounts.EndpointPolicy{AllowPrivate: true}, // the archive simulator on loopback
			WeComFor:  func(context.Context, string) (accounts.WeCom, error) { return nil, errors.New("no wecom in this test") },
			ConfigArchive: func(corpID string) (accounts.ArchiveView, bool) {
				return accounts.ArchiveView{Source: "sdk", Secret: "set", Keys: []accounts.ArchiveKeyView{{Version: 1, Fingerprint: "f"}}}, corpID == "wwconf"
			}}
		storetest.SeedCorp(t, b.Store, "wwconf", "conf")
		authn := tokenAuth{
			"admin":    {Name: "a", Grants: []auth.Grant{{Role: auth.RoleAdmin}}},
			"auditor":  {Name: "au", Grants: []auth.Grant{{Role: auth.RoleAuditor}}},
			"reviewer": {Name: "r", Grants: []auth.Grant{{Role: auth.RoleReviewer}}},
		}
		h := New(Deps{Auth: authn, Accounts: svc, Log: log}).Handler()
		corp := `{"corp_id":"wwui","key":"ui","name":"UI","base_url":"https://qyapi.weixin.qq.com"}`
		key := func(v int, p string) string {
			return fmt.Sprintf(`{"version":%d,"private_key":%s}`, v, jsonString(t, p))
		}
		cases := []struct {
			name, method, path, token, body string
			status                          int
			want                            string
		}{
			{"add corp", "POST", "/api/v1/corps", "admin", corp, 201, `"archive_keys":[]`},
			{"no archive yet", "GET", "/api/v1/corps/ui/archive", "auditor", "", 200, `"managed_by":"ui","source":"","url":"","secret":"unset","keys":[]`},
			{"reviewer cannot set", "PUT", "/api/v1/corps/ui/archive", "reviewer", `{"source":"sdk"}`, 403, "forbidden"},
			{"bad source", "PUT", "/api/v1/corps/ui/archive", "admin", `{"source":"ftp"}`, 422, "source must be"},
			{"sim needs url", "PUT", "/api/v1/corps/ui/archive", "admin", `{"source":"sim"}`, 422, "url must be"},
			{"set sim", "PUT", "/api/v1/corps/ui/archive", "admin", `{"source":"sim","url":"http://127.0.0.1:9001","secret":"` + secret + `"}`, 200, `"source":"sim","url":"http://127.0.0.1:9001","secret":"set"`},
			{"malformed PEM", "POST", "/api/v1/corps/ui/archive/keys", "admin", key(1, "-----BEGIN RSA PRIVATE KEY-----\nnope\n-----END RSA PRIVATE KEY-----\n"), 400, `"code":"bad_archive_key"`},
			{"not PEM", "POST", "/api/v1/corps/ui/archive/keys", "admin", key(1, "hello"), 400, "not PEM"},
			{"bad version", "POST", "/api/v1/corps/ui/archive/keys", "admin", key(0, pem1), 400, "version must be"},
			{"add v1", "POST", "/api/v1/corps/ui/archive/keys", "admin", key(1, pem1), 201, `"version":1,"fingerprint":"` + fp1 + `"`},
			{"duplicate v1", "POST", "/api/v1/corps/ui/archive/keys", "admin", key(1, pem2), 400, "already held"},
			{"add v2", "POST", "/api/v1/corps/ui/archive/keys", "admin", key(2, pem2), 201, `"version":2`},
			{"keys kept", "GET", "/api/v1/corps/ui/archive", "admin", "", 200, `{"version":1,"fingerprint":"` + fp1 + `"`},
			{"corps list shows versions", "GET", "/api/v1/corps", "admin", "", 200, `"archive_keys":[1,2]`},
			{"secret kept on a blank", "PUT", "/api/v1/corps/ui/archive", "admin", `{"source":"sdk"}`, 200, `"source":"sdk","url":"","secret":"set"`},
			{"disable", "PUT", "/api/v1/corps/ui/archive", "admin", `{"source":""}`, 200, `"source":"","url":"","secret":"set"`},
			{"config corp shown", "GET", "/api/v1/corps/conf/archive", "admin", "", 200, `"managed_by":"config","source":"sdk"`},
			{"config corp read-only", "PUT", "/api/v1/corps/conf/archive", "admin", `{"source":"sdk"}`, 422, "config file"},
			{"config corp no keys", "POST", "/api/v1/corps/conf/archive/keys", "admin", key(3, pem1), 422, "config file"},
			{"unknown corp", "GET", "/api/v1/corps/nope/archive", "admin", "", 404, "not_found"},
		}
		for _, c := range cases {
			req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
			req.Header.Set("Authorization", "Bearer "+c.token)
			if c.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			body := rec.Body.String()
			if rec.Code != c.status || !strings.Contains(body, c.want) {
				t.Errorf("%s: %s %s: %d %s", c.name, c.method, c.path, rec.Code, body)
			}
			for _, leak := range []string{secret, "PRIVATE KEY", pem1[40:80], pem2[40:80]} {
				if strings.Contains(body, leak) {
					t.Errorf("%s: the answer holds a secret or key", c.name)
				}
			}
		}
		trail := strings.Join(au.entries, "\n")
		for _, want := range []string{
			`corp.archive_update wwui success {"key":"ui","secret_written":true,"source":"sim","source_before":"","url":"http://127.0.0.1:9001","url_before":""}`,
			`corp.archive_key_add wwui success {"fingerprint":"` + fp1 + `","key":"ui","version":1}`,
			`corp.archive_update wwui success {"key":"ui","secret_written":false,"source":""`,
		} {
			if !strings.Contains(trail, want) {
				t.Errorf("audit trail lacks %s:\n%s", want, trail)
			}
		}
		for _, leak := range []string{secret, "PRIVATE KEY", pem1[40:80], pem2[40:80]} {
			if strings.Contains(trail, leak) || strings.Contains(logs.String(), leak) {
				t.Errorf("a secret or key reached the audit trail or the log")
			}
		}
		// Stored sealed, and bound to the corp and version.
		keys, err := b.Store.ArchiveKeys(context.Background(), "wwui")
		if err != nil || len(keys) != 2 || strings.Contains(keys[0].Sealed, "PRIVATE") {
			t.Fatalf("stored keys: %v", err)
		}
		if got, err := box.Open(keys[0].Sealed, "wwui/archive_key_v1"); err != nil || got != pem1 {
			t.Fatalf("sealed key does not open to the PEM: %v", err)
		}
	})
}
