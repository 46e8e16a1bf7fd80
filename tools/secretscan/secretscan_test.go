package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Fake secrets are built from pieces so this file is no finding itself.
var (
	pemBody   = strings.Repeat("MIIEowIBAAKCAQEA", 5)
	wecomLike = strings.Repeat("Ab3_-", 8) + "xyz" // 43 characters
	azureKey  = strings.Repeat("Zm9vYmFy", 10) + "Zm9vYm" + "=="
)

func TestScan(t *testing.T) {
	for _, tc := range []struct {
		name, path, text, want string
	}{
		{"pem key", "deploy/key.pem", "-----BEGIN RSA PRIVATE KEY-----\n" + pemBody + "\n-----END RSA PRIVATE KEY-----", "private-key"},
		{"pem key in a string", "a_test.go", `k := "-----BEGIN PRIVATE KEY-----\n` + pemBody + `"`, "private-key"},
		{"pem armour only", "a_test.go", "-----BEGIN RSA PRIVATE KEY-----\nnope\n-----END RSA PRIVATE KEY-----", ""},
		{"azure connection string", "scripts/x.sh", "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=" + azureKey + ";", "azure-storage-key"},
		{"azure sas", "README.md", "https://a.blob.core.windows.net/c?sv=2022-11-02&ss=b&sig=" + strings.Repeat("aB3%2F", 9), "azure-sas-token"},
		{"azure ad secret", "config.yaml", "client_secret: abc8Q~" + strings.Repeat("x", 34), "azure-ad-client-secret"},
		{"corpsecret url", "internal/x.go", "gettoken?corpid=ww1&corpsecret=" + wecomLike, "wecom-corpsecret-url"},
		{"corpsecret url placeholder", "internal/x.go", "gettoken?corpid=ww1&corpsecret=SECRET", ""},
		{"wecom secret in yaml", "deploy/values.yaml", "corps:\n  - secrets:\n      app_secret: " + wecomLike + "\n", "wecom-secret-in-config"},
		{"aes key in json", "conf/corp.json", `{"encoding_aes_key": "` + wecomLike + `"}`, "wecom-secret-in-config"},
		{"keyvault reference in yaml", "deploy/values.yaml", "app_secret: keyvault:https://kv.vault.azure.net/secrets/app\n", ""},
		{"chinese comment in yaml", "deploy/values.yaml", "# 密钥放在 Key Vault\nsecret: 请在部署时填写\n", ""},
		{"same shape in go code", "internal/x_test.go", `secret: "` + wecomLike + `"`, ""},
		{"aws key", "scripts/x.sh", "AWS_ACCESS_KEY_ID=AKIA" + "ABCDEFGHIJKLMNOP", "aws-access-key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := scan(tc.path, []byte(tc.text))
			switch {
			case tc.want == "" && len(got) != 0:
				t.Fatalf("unexpected findings %+v", got)
			case tc.want != "" && (len(got) != 1 || got[0].rule != tc.want):
				t.Fatalf("got %+v, want one %s", got, tc.want)
			case tc.want != "" && strings.Contains(got[0].mask, wecomLike[10:]):
				t.Fatalf("mask shows the secret: %q", got[0].mask)
			}
		})
	}
}

func TestAllowList(t *testing.T) {
	list, err := parseAllow(strings.NewReader("# comment\nazure-storage-key scripts/services.sh # Azurite's published dev key\n* internal/**/testdata/** # fixtures\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rule, path string
		want       bool
	}{
		{"azure-storage-key", "scripts/services.sh", true},
		{"private-key", "scripts/services.sh", false},
		{"azure-storage-key", "scripts/other.sh", false},
		{"private-key", "internal/wecom/testdata/k.pem", true},
		{"private-key", "internal/audit/testdata/k.pem", true},
		{"private-key", "internal/audit/testdata/sub/k.pem", true},
	} {
		if got := allowed(list, tc.rule, tc.path); got != tc.want {
			t.Errorf("allowed(%s, %s) = %v, want %v", tc.rule, tc.path, got, tc.want)
		}
	}
	for _, bad := range []string{"private-key a/b\n", "private-key # no path\n", "private-key a b # too many\n", "private-key [ # bad pattern\n"} {
		if _, err := parseAllow(strings.NewReader(bad)); err == nil {
			t.Errorf("parseAllow(%q) accepted", bad)
		}
	}
}

// TestRun scans a real git checkout: a secret fails the run until the
// allow-list names it.
func TestRun(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command("git", "init", "-q", dir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v %s", err, out)
	}
	write("deploy/values.yaml", "app_secret: "+wecomLike+"\n")
	write("bin.dat", "\x00"+"app_secret: "+wecomLike)
	write(".gitignore", "ignored.yaml\n")
	write("ignored.yaml", "app_secret: "+wecomLike+"\n")
	var out, errOut bytes.Buffer
	if code := run(dir, "", &out, &errOut); code != 1 || !strings.Contains(out.String(), "deploy/values.yaml:1: wecom-secret-in-config") || strings.Count(out.String(), "\n") != 1 {
		t.Fatalf("code %d, output %q %q", code, out.String(), errOut.String())
	}
	write("allow.txt", "wecom-secret-in-config deploy/*.yaml # test fixture\n")
	out.Reset()
	if code := run(dir, filepath.Join(dir, "allow.txt"), &out, &errOut); code != 0 {
		t.Fatalf("allowed finding still fails: %d %q", code, out.String())
	}
}
