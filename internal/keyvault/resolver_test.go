package keyvault

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"wecomadmin/internal/config"
)

func testResolver(t *testing.T, f *fakeAzure, kind string, logs *bytes.Buffer) *Resolver {
	t.Helper()
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte("federated-jwt"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{envTenantID: testTenant, envClientID: "client-1"}
	c := config.KeyVault{Credential: kind, AuthorityURL: authority}
	switch kind {
	case "workload":
		env[envTokenFile] = tokenFile
	case "client_secret":
		c.ClientSecret = config.NewSecret("sp-secret")
	}
	cred, _, err := NewCredential(c, func(k string) string { return env[k] }, f.client())
	if err != nil {
		t.Fatal(err)
	}
	return New(Options{
		Credential: cred, Transport: f.client(), Timeout: 10 * time.Second,
		Logger: slog.New(slog.NewTextHandler(logs, nil)),
		Retry:  &policy.RetryOptions{MaxRetries: 3, RetryDelay: time.Millisecond, MaxRetryDelay: time.Millisecond},
	})
}

func TestLookupWithEachCredential(t *testing.T) {
	for _, tc := range []struct{ kind, grant string }{
		{"workload", "assertion:federated-jwt"},
		{"client_secret", "client_secret:sp-secret"},
		{"managed", "imds:https://example.com:client-1"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			f := newFakeAzure(t)
			f.set("corp-app", "", "s3cr3t-value")
			var logs bytes.Buffer
			r := testResolver(t, f, tc.kind, &logs)
			for range 3 { // the second and third come from the cache
				v, err := r.Lookup(context.Background(), testVault+"/secrets/corp-app")
				if err != nil || v != "s3cr3t-value" {
					t.Fatalf("Lookup = %q, %v", v, err)
				}
			}
			if len(f.gets) != 1 || f.unauth != 1 || f.tokens != 1 || f.grants[0] != tc.grant {
				t.Fatalf("gets %v, unauthenticated %d, tokens %d, grants %v", f.gets, f.unauth, f.tokens, f.grants)
			}
			if strings.Contains(logs.String(), "s3cr3t") {
				t.Fatalf("a value reached the log: %s", logs.String())
			}
		})
	}
}

func TestLookupAnswers(t *testing.T) {
	const ver = "0123456789abcdef0123456789abcdef"
	for _, tc := range []struct {
		name, ref string
		throttle  int
		want      string
		wantErr   error
	}{
		{name: "version pinned", ref: "/secrets/key/" + ver, want: "old"},
		{name: "current", ref: "/secrets/key", want: "old"},
		{name: "missing 404", ref: "/secrets/nothing", wantErr: ErrNotFound},
		{name: "forbidden 403", ref: "/secrets/locked", wantErr: ErrForbidden},
		{name: "throttled 429 then served", ref: "/secrets/key", throttle: 2, want: "old"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeAzure(t)
			f.set("key", ver, "old")
			f.set("locked", "", "x")
			f.forbidden["locked"] = true
			f.throttle = tc.throttle
			var logs bytes.Buffer
			r := testResolver(t, f, "workload", &logs)
			v, err := r.Lookup(context.Background(), testVault+tc.ref)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil || v != tc.want {
				t.Fatalf("Lookup = %q, %v", v, err)
			}
			if !strings.HasSuffix(f.gets[0], " 2026-04-01") && !strings.Contains(f.gets[0], " 7.") {
				t.Fatalf("api-version not sent: %v", f.gets)
			}
		})
	}
}

func TestRefreshFollowsRotationAndKeepsValueOnFailure(t *testing.T) {
	f := newFakeAzure(t)
	f.set("corp-app", "", "v1")
	var logs bytes.Buffer
	r := testResolver(t, f, "workload", &logs)
	ctx := context.Background()
	ref := testVault + "/secrets/corp-app"
	if v, _ := r.Lookup(ctx, ref); v != "v1" {
		t.Fatalf("first = %q", v)
	}
	rotations := 0
	r.OnRotate(func() { rotations++ })
	if err := r.RefreshAll(ctx); err != nil || rotations != 0 {
		t.Fatalf("refresh without a change: %v, %d rotations", err, rotations)
	}
	f.set("corp-app", "", "v2-rotated")
	if err := r.RefreshAll(ctx); err != nil || rotations != 1 {
		t.Fatalf("refresh after rotation: %v, %d rotations", err, rotations)
	}
	if v, _ := r.Lookup(ctx, ref); v != "v2-rotated" {
		t.Fatalf("after rotation = %q", v)
	}
	f.mu.Lock()
	f.forbidden["corp-app"] = true // the identity loses access: keep serving the last value
	f.mu.Unlock()
	if err := r.RefreshAll(ctx); !errors.Is(err, ErrForbidden) {
		t.Fatalf("refresh err = %v", err)
	}
	if v, _ := r.Lookup(ctx, ref); v != "v2-rotated" {
		t.Fatalf("after failed refresh = %q", v)
	}
	st := r.Stats()
	if st.RefreshFailures != 1 || st.LastRefreshErr == "" || st.Refs != 1 {
		t.Fatalf("stats %+v", st)
	}
	if strings.Contains(logs.String(), "v2-rotated") || strings.Contains(logs.String(), "v1") {
		t.Fatalf("a value reached the log: %s", logs.String())
	}
}

func TestConfigSecretsResolveThroughTheVault(t *testing.T) {
	f := newFakeAzure(t)
	f.set("wc-app", "", "corp-app-secret")
	var logs bytes.Buffer
	r := testResolver(t, f, "workload", &logs)
	cfg := config.Defaults()
	cfg.Corps = []config.Corp{{Key: "main", Secrets: config.CorpSecrets{App: config.NewSecret("keyvault:" + testVault + "/secrets/wc-app")}}}
	cfg.Mail.Password = config.NewSecret("keyvault:" + testVault + "/secrets/missing")
	if n := cfg.BindSecretSource(r); n != 2 {
		t.Fatalf("bound %d references, want 2", n)
	}
	if v, err := cfg.Corps[0].Secrets.App.Resolve(); err != nil || v != "corp-app-secret" {
		t.Fatalf("corp app secret = %q, %v", v, err)
	}
	if _, err := cfg.Mail.Password.Resolve(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing secret err = %v", err)
	}
	if s := cfg.Corps[0].Secrets.App.String(); strings.Contains(s, "corp-app-secret") {
		t.Fatalf("String shows the value: %s", s)
	}
}
