package config

import (
	"context"
	"errors"
	"strings"
	"testing"
)

type fakeSource map[string]string

func (f fakeSource) Lookup(_ context.Context, ref string) (string, error) {
	if v, ok := f[ref]; ok {
		return v, nil
	}
	return "", errors.New("no such secret")
}

func TestKeyVaultReferencesBindEverywhere(t *testing.T) {
	cfg := Defaults()
	kv := func(name string) Secret { return NewSecret("keyvault:https://kv.vault.azure.net/secrets/" + name) }
	cfg.Corps = []Corp{{Key: "main", Secrets: CorpSecrets{App: kv("app")}, ArchiveKeys: []ArchiveKey{{Version: 1, PrivateKey: kv("pem")}}}}
	cfg.Security.SecretsKey = kv("box")
	cfg.Mail.Password = NewSecret("literal")
	cfg.DBPassword = kv("db")
	cfg.DB = "postgres://app@db:5432/wecomadmin?sslmode=require"
	src := fakeSource{"https://kv.vault.azure.net/secrets/app": "a", "https://kv.vault.azure.net/secrets/pem": "p", "https://kv.vault.azure.net/secrets/box": "b", "https://kv.vault.azure.net/secrets/db": "p@ss:w/rd"}
	if got := len(cfg.KeyVaultRefs()); got != 4 {
		t.Fatalf("KeyVaultRefs = %d, want 4", got)
	}
	if _, err := cfg.Corps[0].Secrets.App.Resolve(); !errors.Is(err, ErrSecretUnresolved) {
		t.Fatalf("unbound reference: err = %v", err)
	}
	if n := cfg.BindSecretSource(src); n != 4 {
		t.Fatalf("bound %d", n)
	}
	for name, s := range map[string]Secret{"a": cfg.Corps[0].Secrets.App, "p": cfg.Corps[0].ArchiveKeys[0].PrivateKey, "b": cfg.Security.SecretsKey, "literal": cfg.Mail.Password} {
		if v, err := s.Resolve(); err != nil || v != name {
			t.Errorf("Resolve = %q, %v; want %q", v, err, name)
		}
	}
	dsn, err := cfg.DSN()
	if err != nil || dsn != "postgres://app:p%40ss%3Aw%2Frd@db:5432/wecomadmin?sslmode=require" {
		t.Fatalf("DSN = %q, %v", dsn, err)
	}
	if d, _ := cfg.Dump(); strings.Contains(string(d), "p@ss") {
		t.Fatalf("dump shows a value")
	}
}

func TestKeyVaultValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"defaults", func(*Config) {}, ""},
		{"bad credential", func(c *Config) { c.KeyVault.Credential = "password" }, "keyvault.credential"},
		{"client secret missing", func(c *Config) { c.KeyVault.Credential = "client_secret" }, "keyvault.client_secret"},
		{"client secret from the vault", func(c *Config) {
			c.KeyVault.ClientSecret = NewSecret("keyvault:https://kv.vault.azure.net/secrets/sp")
		}, "cannot itself"},
		{"refresh too short", func(c *Config) { c.KeyVault.Refresh = 0 }, "keyvault.refresh"},
		{"blob identity", func(c *Config) {
			c.Blob = Blob{Backend: "azure", Azure: AzureBlob{AccountURL: "https://acct.blob.core.windows.net", Container: "media"}}
		}, ""},
		{"blob identity bad credential", func(c *Config) {
			c.Blob = Blob{Backend: "azure", Azure: AzureBlob{AccountURL: "https://acct.blob.core.windows.net", Container: "media", Credential: "key"}}
		}, "blob.azure.credential"},
		{"blob nothing", func(c *Config) { c.Blob = Blob{Backend: "azure", Azure: AzureBlob{Container: "media"}} }, "blob.azure"},
		{"db password on sqlite", func(c *Config) { c.DBPassword = NewSecret("x") }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Defaults()
			tc.edit(&c)
			err := c.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to name %s", err, tc.want)
			}
		})
	}
	c := Defaults()
	c.DBPassword = NewSecret("x")
	if _, err := c.DSN(); err == nil {
		t.Fatal("a password for SQLite was accepted")
	}
}
