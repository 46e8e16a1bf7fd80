package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/auth"
	"wecomadmin/internal/config"
	"wecomadmin/internal/store"
	"wecomadmin/internal/wecomsim"
)

// Demo corp settings: the simulator accepts the secret "sim" for every kind.
const (
	DemoCorpKey        = "demo"
	DemoSecret         = "sim"
	DemoAgentID        = 1000002
	DemoCallbackToken  = "simcallbacktoken"
	DemoCallbackAESKey = "c2ltdWxhdG9yY2FsbGJhY2thZXNrZXkwMTIzNDU2Nzg" // 43 characters
)

// DemoConfig is the configuration of `wecomadmin demo`: SQLite under dataDir,
// one corp whose qyapi and archive are the simulator at simURL.
func DemoConfig(addr, dataDir, simURL, corpID string) config.Config {
	cfg := config.Defaults()
	cfg.Addr = addr
	cfg.DataDir = dataDir
	cfg.DB = "sqlite:" + filepath.Join(dataDir, "wecomadmin.db")
	cfg.BaseURL = "http://" + addr
	// A fixed key keeps checkpoints verifiable across demo restarts; demo only.
	cfg.Security.AuditSigningKey = config.NewSecret("demo-audit-checkpoint-signing-key-not-for-production")
	// The demo's corps talk to the simulator on loopback.
	cfg.Security.AllowPrivateEndpoints = true
	sec := config.NewSecret(DemoSecret)
	cfg.Corps = []config.Corp{{
		Key: DemoCorpKey, CorpID: corpID, Name: "模拟医药 (demo)", BaseURL: simURL, AgentID: DemoAgentID,
		Secrets:  config.CorpSecrets{Contacts: sec, App: sec, Archive: sec, CustomerContact: sec},
		Callback: config.Callback{Token: config.NewSecret(DemoCallbackToken), AESKey: config.NewSecret(DemoCallbackAESKey)},
		Archive:  config.Archive{Source: "sim", URL: simURL, PollInterval: config.Duration(15 * time.Second)},
	}}
	// `wecomadmin demo` starts clamd when ClamAV is installed (demo_clamd.go);
	// then only files clamd passed are served. Without it scanning is off and
	// says so, and this corp serves files unscanned, each flagged, so media can be seen.
	cfg.Media.Corps = []config.MediaCorp{{Corp: DemoCorpKey, AllowUnscanned: true, Language: "zh-CN",
		// Azure Speech's short-audio REST API, served by the simulator (Azure
		// cannot be reached here): only the endpoint and key differ.
		STT: config.STT{Engine: "azure", URL: simURL, Key: sec}}}
	// The fictional products of the generated conversations (StartDemo
	// writes the file first), so off-label detection has a label to judge
	// against; a config built for tests without it loads no catalog.
	if p := filepath.Join(dataDir, DemoProductsFile); fileExists(p) {
		cfg.Monitoring.ProductsFile = p
	}
	// The archive simulator keeps its RSA keys in DATA/simkeys; the portal
	// is given the same private keys, by publickey_ver.
	for v := 1; v <= 9; v++ {
		p := filepath.Join(dataDir, "simkeys", fmt.Sprintf("v%d.pem", v))
		if _, err := os.Stat(p); err == nil {
			cfg.Corps[0].ArchiveKeys = append(cfg.Corps[0].ArchiveKeys, config.ArchiveKey{Version: v, PrivateKey: config.NewSecret("file:" + p)})
		}
	}
	return cfg
}

// Demo accounts. The TOTP secret is fixed so the demo and its browser tests
// can compute codes; it is printed with the credentials. Never use these
// outside a demo.
const (
	DemoAdminUser     = "admin"
	DemoAdminPassword = "admin-demo-2026"
	DemoTOTPSecret    = "JBSWY3DPEHPK3PXP"
)

// DemoSimOptions configures the demo's in-process simulator: its change
// events go to the demo corp's callback URL on the portal.
func DemoSimOptions(seed int64, portalURL, keysDir string, log *slog.Logger) wecomsim.Options {
	return wecomsim.Options{
		Seed: seed, Logger: log, KeysDir: keysDir,
		Callback: wecomsim.CallbackOptions{URL: portalURL + "/wecom/callback/" + DemoCorpKey, Token: DemoCallbackToken, AESKey: DemoCallbackAESKey},
	}
}

// DemoCredentials is the demo admin account printed at start.
type DemoCredentials struct {
	User, Password, TOTPSecret string
}

// SeedDemo prepares the demo portal after Build: the demo accounts and
// portal data. It is idempotent, since demo reuses its data directory.
func SeedDemo(ctx context.Context, a *App) (DemoCredentials, error) {
	return seedDemo(ctx, a)
}

func seedDemo(ctx context.Context, a *App) (DemoCredentials, error) {
	ctx = audit.WithActor(ctx, "system:demo")
	accounts := []struct {
		user string
		role auth.Role
	}{
		{DemoAdminUser, auth.RoleAdmin},
		{"reviewer", auth.RoleReviewer},
		{"auditor", auth.RoleAuditor},
		{"hr-it", auth.RoleAccountManager},
	}
	for _, acc := range accounts {
		_, err := a.Auth.CreateLocalAdmin(ctx, acc.user, DemoAdminPassword, acc.role, DemoTOTPSecret)
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return DemoCredentials{}, fmt.Errorf("demo: create %s: %w", acc.user, err)
		}
	}
	return DemoCredentials{User: DemoAdminUser, Password: DemoAdminPassword, TOTPSecret: DemoTOTPSecret}, nil
}

// DemoBanner is what demo prints once it serves.
func DemoBanner(portalURL, simURL string, cred DemoCredentials) string {
	return fmt.Sprintf("wecomadmin demo: portal at %s\nWeCom simulator at %s (corp %q, secret %q)\n"+
		"demo admin: %s / %s (TOTP secret %s; also reviewer, auditor, hr-it with the same password and TOTP)\n",
		portalURL, simURL, DemoCorpKey, DemoSecret, cred.User, cred.Password, cred.TOTPSecret)
}
