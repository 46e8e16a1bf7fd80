package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const sample = `
db: sqlite:./data/wecomadmin.db
addr: 127.0.0.1:8080
corps:
  - key: main
    corp_id: ww0123456789abcdef
    base_url: https://qyapi.weixin.qq.com
    agent_id: 1000002
    secrets: {contacts: "env:WC_CONTACTS", app: "env:WC_APP", archive: "env:WC_ARCHIVE"}
    callback: {token: "env:WC_CB_TOKEN", aes_key: "env:WC_CB_AES"}
    archive_keys: [{version: 1, private_key: "file:/run/keys/v1.pem"}]
    archive: {source: sdk}
`

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadDesignSample(t *testing.T) {
	t.Parallel()
	cfg, err := Load(writeFile(t, sample), nil)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	c := cfg.Corps[0]
	if c.Key != "main" || c.AgentID != 1000002 || c.ArchiveKeys[0].Version != 1 || c.Archive.Source != "sdk" {
		t.Fatalf("corp = %+v", c)
	}
	if c.Secrets.Contacts.Source() != "env:WC_CONTACTS" {
		t.Fatalf("secret source = %q", c.Secrets.Contacts.Source())
	}
}

func TestLoadErrorsNameTheKey(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body string
		env        []string
		want       string
	}{
		{"unknown key", sample + "colour: blue\n", nil, "field colour not found"},
		{"bad db", "db: mysql://x\n", nil, "config: db:"},
		{"bad addr", "addr: nowhere\n", nil, "config: addr:"},
		{"bad corp url", "corps: [{key: a, corp_id: ww1, base_url: ftp://x}]\n", nil, "corps[a].base_url"},
		{"dup key", "corps: [{key: a, corp_id: ww1, base_url: http://x}, {key: a, corp_id: ww2, base_url: http://x}]\n", nil, "corps[a].key: duplicate"},
		{"sim needs url", "corps: [{key: a, corp_id: ww1, base_url: http://x, archive: {source: sim}}]\n", nil, "corps[a].archive.url"},
		{"six corps", sixCorps(), nil, "at most 5 corps"},
		{"env typo", "", []string{"WECOMADMIN_DBB=x"}, "WECOMADMIN_DBB names no setting"},
		{"env bad int", "", []string{"WECOMADMIN_JOBS_WORKERS=many"}, "WECOMADMIN_JOBS_WORKERS: not an integer"},
		{"bad duration", "wecom: {timeout: soon}\n", nil, "bad duration"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(writeFile(t, c.body), c.env)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v; want it to contain %q", err, c.want)
			}
			if strings.Count(err.Error(), "\n") > 0 {
				t.Fatalf("error is not one line: %q", err)
			}
		})
	}
}

func sixCorps() string {
	var b strings.Builder
	b.WriteString("corps:\n")
	for _, k := range []string{"a", "b", "c", "d", "e", "f"} {
		b.WriteString("  - {key: " + k + ", corp_id: ww" + k + ", base_url: http://x}\n")
	}
	return b.String()
}

func TestEnvOverridesFileAndCorpByKey(t *testing.T) {
	t.Parallel()
	cfg, err := Load(writeFile(t, sample), []string{
		"WECOMADMIN_DB=postgres://u@h/db", "WECOMADMIN_LOG_LEVEL=debug", "WECOMADMIN_WECOM_TIMEOUT=3s",
		"WECOMADMIN_CORPS_MAIN_BASE_URL=http://127.0.0.1:9001", "WECOMADMIN_CORPS_MAIN_SECRETS_APP=literal-secret",
		"WECOMADMIN_TEST_POSTGRES=ignored", "PATH=/bin",
	})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DB != "postgres://u@h/db" || cfg.Log.Level != "debug" || cfg.WeCom.Timeout.D().Seconds() != 3 {
		t.Fatalf("env not applied: %+v", cfg)
	}
	if cfg.Corps[0].BaseURL != "http://127.0.0.1:9001" {
		t.Fatalf("corp base url = %s", cfg.Corps[0].BaseURL)
	}
	if v, _ := cfg.Corps[0].Secrets.App.Resolve(); v != "literal-secret" {
		t.Fatalf("secret = %q", v)
	}
}

func TestSecretsNeverPrint(t *testing.T) {
	t.Setenv("WA_TEST_SECRET", "hunter2-very-secret")
	cfg, err := Load(writeFile(t, `corps: [{key: a, corp_id: ww1, base_url: http://x, secrets: {app: "env:WA_TEST_SECRET", contacts: "plain-literal-secret"}}]`), nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := cfg.Dump()
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"hunter2", "plain-literal-secret"} {
		if strings.Contains(string(out), leak) {
			t.Fatalf("dump leaks %q:\n%s", leak, out)
		}
	}
	if !strings.Contains(string(out), "[redacted:env:WA_TEST_SECRET]") {
		t.Fatalf("dump does not say where the secret comes from:\n%s", out)
	}
	if v, err := cfg.Corps[0].Secrets.App.Resolve(); err != nil || v != "hunter2-very-secret" {
		t.Fatalf("Resolve = %q, %v", v, err)
	}
}

func TestResolveSecretsNamesMissingReference(t *testing.T) {
	t.Parallel()
	cfg, err := Load(writeFile(t, `corps: [{key: a, corp_id: ww1, base_url: http://x, callback: {token: "env:WA_SURELY_UNSET_VAR"}}]`), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.ResolveSecrets()
	if err == nil || !strings.Contains(err.Error(), "corps[a].callback.token") || !strings.Contains(err.Error(), "WA_SURELY_UNSET_VAR") {
		t.Fatalf("err = %v", err)
	}
}

func TestComplianceSettings(t *testing.T) {
	t.Parallel()
	d := Defaults().Compliance
	if d.RetentionFloorDays != 180 || d.PDFVolumeMessages != 5000 || d.validate() != nil {
		t.Fatalf("defaults %+v", d)
	}
	cfg := Defaults()
	if err := applyEnv(&cfg, []string{"WECOMADMIN_COMPLIANCE_RETENTION_FLOOR_DAYS=365", "WECOMADMIN_COMPLIANCE_EXPORT_TTL=48h"}); err != nil {
		t.Fatal(err)
	}
	if cfg.Compliance.RetentionFloorDays != 365 || time.Duration(cfg.Compliance.ExportTTL) != 48*time.Hour {
		t.Fatalf("env %+v", cfg.Compliance)
	}
	for _, bad := range []Compliance{{RetentionFloorDays: 0, ExportTTL: d.ExportTTL, PDFVolumeMessages: 5000},
		{RetentionFloorDays: 1, ExportTTL: Duration(time.Minute), PDFVolumeMessages: 5000},
		{RetentionFloorDays: 1, ExportTTL: d.ExportTTL, PDFVolumeMessages: 10}} {
		if bad.validate() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
