package config

import (
	"fmt"
	"regexp"
	"time"
)

// OIDCProvider is one OpenID Connect identity provider (Entra ID in
// production). The portal uses the authorization code flow with PKCE; its
// redirect URL is {base_url}/api/v1/auth/oidc/callback.
type OIDCProvider struct {
	Name         string            `yaml:"name"` // short name used in URLs
	DisplayName  string            `yaml:"display_name"`
	Issuer       string            `yaml:"issuer"`
	ClientID     string            `yaml:"client_id"`
	ClientSecret Secret            `yaml:"client_secret"`
	Scopes       []string          `yaml:"scopes"`      // default openid, profile, email
	RolesClaim   string            `yaml:"roles_claim"` // claim holding groups or app roles; default "roles"
	UserClaim    string            `yaml:"user_claim"`  // claim naming the user; default "preferred_username"
	RoleMappings []OIDCRoleMapping `yaml:"role_mappings"`
}

// OIDCRoleMapping grants a role to users whose roles claim holds Value.
type OIDCRoleMapping struct {
	Value       string   `yaml:"value"`
	Role        string   `yaml:"role"`
	CorpID      string   `yaml:"corp_id"`
	Departments []string `yaml:"departments"`
}

var providerNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)

func (s Security) validate() error {
	switch {
	case s.SessionIdle < Duration(time.Minute):
		return fmt.Errorf("config: security.session_idle: must be at least 1m")
	case s.SessionAbsolute < s.SessionIdle:
		return fmt.Errorf("config: security.session_absolute: must be at least session_idle")
	case s.AuditCheckpointInterval < Duration(time.Second):
		return fmt.Errorf("config: security.audit_checkpoint_interval: must be at least 1s")
	case s.LoginMaxFailures < 1:
		return fmt.Errorf("config: security.login_max_failures: must be at least 1")
	case s.LockoutBase <= 0 || s.LockoutMax < s.LockoutBase:
		return fmt.Errorf("config: security.lockout_base/lockout_max: need 0 < base <= max")
	}
	names := map[string]bool{}
	for i, p := range s.OIDC {
		at := fmt.Sprintf("security.oidc[%d]", i)
		if !providerNameRe.MatchString(p.Name) || names[p.Name] {
			return fmt.Errorf("config: %s.name: %q must be unique, 1-32 of a-z, 0-9, '-'", at, p.Name)
		}
		names[p.Name] = true
		at = "security.oidc[" + p.Name + "]"
		if err := checkURL(p.Issuer); err != nil {
			return fmt.Errorf("config: %s.issuer: %w", at, err)
		}
		if p.ClientID == "" {
			return fmt.Errorf("config: %s.client_id: required", at)
		}
		for _, m := range p.RoleMappings {
			if m.Value == "" || m.Role == "" {
				return fmt.Errorf("config: %s.role_mappings: value and role are required", at)
			}
		}
	}
	return nil
}

func (s Security) resolveSecrets() error {
	if s.AuditSigningKey.IsSet() {
		v, err := s.AuditSigningKey.Resolve()
		if err != nil {
			return fmt.Errorf("config: security.audit_signing_key: %w", err)
		}
		if len(v) < 32 {
			return fmt.Errorf("config: security.audit_signing_key: must be at least 32 characters (got %d)", len(v))
		}
	}
	for _, p := range s.OIDC {
		if !p.ClientSecret.IsSet() {
			continue
		}
		if _, err := p.ClientSecret.Resolve(); err != nil {
			return fmt.Errorf("config: security.oidc[%s].client_secret: %w", p.Name, err)
		}
	}
	return nil
}
