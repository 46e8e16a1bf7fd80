package config

import (
	"strings"
	"testing"
)

func TestAuditSigningKeyIsASecret(t *testing.T) {
	t.Setenv("WA_TEST_AUDIT_KEY", "0123456789abcdef0123456789abcdef-audit")
	cfg, err := Load(writeFile(t, "security: {audit_signing_key: \"env:WA_TEST_AUDIT_KEY\"}\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.ResolveSecrets(); err != nil {
		t.Fatal(err)
	}
	if v, _ := cfg.Security.AuditSigningKey.Resolve(); v != "0123456789abcdef0123456789abcdef-audit" {
		t.Fatalf("key = %q", v)
	}
	out, _ := cfg.Dump()
	if strings.Contains(string(out), "0123456789abcdef") || !strings.Contains(string(out), "[redacted:env:WA_TEST_AUDIT_KEY]") {
		t.Fatalf("dump leaks or hides the key source:\n%s", out)
	}
	// The environment sets it too, and a short key is refused at start.
	cfg, err = Load(writeFile(t, ""), []string{"WECOMADMIN_SECURITY_AUDIT_SIGNING_KEY=short"})
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.ResolveSecrets(); err == nil || !strings.Contains(err.Error(), "security.audit_signing_key") {
		t.Fatalf("short key: err = %v", err)
	}
}

func TestSecurityValidation(t *testing.T) {
	t.Parallel()
	cases := []struct{ body, want string }{
		{"security: {session_idle: 10s}\n", "security.session_idle"},
		{"security: {session_idle: 2h, session_absolute: 1h}\n", "security.session_absolute"},
		{"security: {login_max_failures: 0}\n", "security.login_max_failures"},
		{"security: {oidc: [{name: Bad Name, issuer: http://x, client_id: c}]}\n", "security.oidc[0].name"},
		{"security: {oidc: [{name: entra, issuer: nope, client_id: c}]}\n", "security.oidc[entra].issuer"},
		{"security: {oidc: [{name: entra, issuer: http://x}]}\n", "security.oidc[entra].client_id"},
	}
	for _, c := range cases {
		if _, err := Load(writeFile(t, c.body), nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v; want %q", c.body, err, c.want)
		}
	}
	cfg, err := Load(writeFile(t, "security: {oidc: [{name: entra, issuer: http://127.0.0.1:1, client_id: c, role_mappings: [{value: g1, role: reviewer, departments: [总部/医学部]}]}]}\n"), nil)
	if err != nil || cfg.Security.OIDC[0].RoleMappings[0].Departments[0] != "总部/医学部" {
		t.Fatalf("valid oidc config: %v %+v", err, cfg.Security)
	}
}
