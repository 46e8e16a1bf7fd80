package accounts

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"wecomadmin/internal/secretbox"
	"wecomadmin/internal/store/storetest"
)

// TestEditedEndpointGetsNoSecrets: a UI corp's base_url may only name an
// allowed host, never a private address outside demo mode; changing it
// needs the secrets again; the simulator archive source is demo only; the
// old and new endpoints are audited (finding 5).
func TestEditedEndpointGetsNoSecrets(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		box, _ := secretbox.New(base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef")))
		au := &fakeAudit{}
		svc := &Service{Store: b.Store, Audit: au, SealSecret: box.Seal, Endpoints: EndpointPolicy{AllowedHosts: []string{".proxy.example.cn"}}}
		in := CorpInput{CorpID: "wwnew", Key: "new", BaseURL: "https://qyapi.weixin.qq.com", Secrets: map[string]string{"contacts": "s1", "app": "s2"}}
		if _, err := svc.SaveCorp(ctx, in, true); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"https://evil.example.com", "https://127.0.0.1:9", "https://10.0.0.5", "https://[::1]/",
			"https://169.254.169.254/", "http://qyapi.weixin.qq.com", "https://user:pw@qyapi.weixin.qq.com", "https://localhost"} {
			edit := in
			edit.BaseURL = bad
			if _, err := svc.SaveCorp(ctx, edit, false); !errors.Is(err, ErrInvalid) {
				t.Errorf("base_url %s: %v", bad, err)
			}
		}
		moved := CorpInput{CorpID: "wwnew", Key: "new", BaseURL: "https://wecom.proxy.example.cn"}
		if _, err := svc.SaveCorp(ctx, moved, false); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "contacts") {
			t.Fatalf("moved without secrets: %v", err)
		}
		moved.Secrets = map[string]string{"contacts": "n1", "app": "n2"}
		if _, err := svc.SaveCorp(ctx, moved, false); err != nil {
			t.Fatalf("moved with secrets: %v", err)
		}
		if _, err := svc.SaveArchive(ctx, "new", ArchiveInput{Source: "sim", URL: "http://127.0.0.1:9001"}); !errors.Is(err, ErrInvalid) {
			t.Errorf("sim archive source in production: %v", err)
		}
		if _, err := svc.SaveArchive(ctx, "new", ArchiveInput{Source: "sdk", Secret: "a1"}); err != nil {
			t.Fatal(err)
		}
		svc.Endpoints.AllowPrivate = true
		if _, err := svc.SaveArchive(ctx, "new", ArchiveInput{Source: "sim", URL: "http://127.0.0.1:9001"}); err != nil {
			t.Errorf("demo mode, first simulator URL: %v", err)
		}
		if _, err := svc.SaveArchive(ctx, "new", ArchiveInput{Source: "sim", URL: "http://127.0.0.1:9002"}); !errors.Is(err, ErrInvalid) {
			t.Errorf("archive URL changed without its secret: %v", err)
		}
		if _, err := svc.SaveArchive(ctx, "new", ArchiveInput{Source: "sim", URL: "http://127.0.0.1:9002", Secret: "a2"}); err != nil {
			t.Errorf("demo mode, secret given: %v", err)
		}
	})
}
