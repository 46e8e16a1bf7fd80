package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/config"
	"wecomadmin/internal/logging"
	"wecomadmin/internal/store"
)

// buildSecurity makes the audit recorder (with its checkpoint signer when a
// key is configured) and the sign-in service with its identity providers.
func buildSecurity(cfg config.Config, st *store.Store, log *slog.Logger) (*auth.Service, *audit.Recorder, error) {
	var signer *audit.Signer
	if cfg.Security.AuditSigningKey.IsSet() {
		key, err := cfg.Security.AuditSigningKey.Resolve()
		if err != nil {
			return nil, nil, fmt.Errorf("app: security.audit_signing_key: %w", err)
		}
		if signer, err = audit.NewSigner(key); err != nil {
			return nil, nil, fmt.Errorf("app: security.audit_signing_key: %w", err)
		}
	}
	rec := audit.New(st, log, signer)
	sec := cfg.Security
	svc, err := auth.NewService(st, rec, log, auth.Options{
		SessionIdle: sec.SessionIdle.D(), SessionAbsolute: sec.SessionAbsolute.D(), LoginMaxFailures: sec.LoginMaxFailures,
		LockoutBase: sec.LockoutBase.D(), LockoutMax: sec.LockoutMax.D(),
	})
	if err != nil {
		return nil, nil, err
	}
	var provs []auth.OIDCConfig
	for _, p := range sec.OIDC {
		secret := ""
		if p.ClientSecret.IsSet() {
			if secret, err = p.ClientSecret.Resolve(); err != nil {
				return nil, nil, fmt.Errorf("app: security.oidc[%s].client_secret: %w", p.Name, err)
			}
		}
		oc := auth.OIDCConfig{Name: p.Name, DisplayName: p.DisplayName, Issuer: p.Issuer, ClientID: p.ClientID,
			ClientSecret: secret, Scopes: p.Scopes, RolesClaim: p.RolesClaim, UserClaim: p.UserClaim}
		for _, m := range p.RoleMappings {
			oc.Mappings = append(oc.Mappings, auth.OIDCMapping{Value: m.Value,
				Grant: auth.Grant{Role: auth.Role(m.Role), CorpID: m.CorpID, Departments: m.Departments}})
		}
		provs = append(provs, oc)
	}
	if err := svc.ConfigureOIDC(provs); err != nil {
		return nil, nil, err
	}
	box, err := secretBox(sec.SecretsKey) // TOTP seeds are sealed with the key corp secrets use
	if err != nil {
		return nil, nil, err
	}
	svc.SetSeedBox(box)
	return svc, rec, nil
}

// Admin is what the admin and audit CLI commands need: the store and the
// sign-in and audit services, without the HTTP server.
type Admin struct {
	Store *store.Store
	Auth  *auth.Service
	Audit *audit.Recorder
}

// OpenAdmin opens and migrates the store and builds the services.
func OpenAdmin(ctx context.Context, cfg config.Config, logOut io.Writer) (*Admin, error) {
	log := logging.New(logOut, cfg.Log.Level, cfg.Log.Format)
	st, err := OpenStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if _, err := st.Migrate(ctx); err != nil {
		_ = st.Close()
		return nil, err
	}
	svc, rec, err := buildSecurity(cfg, st, log)
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	return &Admin{Store: st, Auth: svc, Audit: rec}, nil
}

// Close releases the store.
func (a *Admin) Close() error { return a.Store.Close() }
