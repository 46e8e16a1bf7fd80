package app

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"wecomadmin/internal/config"
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
	sec := config.NewSecret(DemoSecret)
	cfg.Corps = []config.Corp{{
		Key: DemoCorpKey, CorpID: corpID, Name: "模拟医药 (demo)", BaseURL: simURL, AgentID: DemoAgentID,
		Secrets:  config.CorpSecrets{Contacts: sec, App: sec, Archive: sec, CustomerContact: sec},
		Callback: config.Callback{Token: config.NewSecret(DemoCallbackToken), AESKey: config.NewSecret(DemoCallbackAESKey)},
		Archive:  config.Archive{Source: "sim", URL: simURL},
	}}
	return cfg
}

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
	User, Password string
}

// SeedDemo prepares the demo portal after Build: the demo admin account and
// portal data. The hook for features as they land (accounts, roles, sample
// settings); it must be idempotent, since demo reuses its data directory.
func SeedDemo(ctx context.Context, a *App) (DemoCredentials, error) {
	return seedDemo(ctx, a)
}

func seedDemo(ctx context.Context, a *App) (DemoCredentials, error) {
	_ = ctx
	_ = a
	// TODO(lead): create the admin account (auth work) and return its password.
	return DemoCredentials{User: "admin", Password: "<password>"}, nil
}

// DemoBanner is what demo prints once it serves.
func DemoBanner(portalURL, simURL string, cred DemoCredentials) string {
	return fmt.Sprintf("wecomadmin demo: portal at %s\nWeCom simulator at %s (corp %q, secret %q)\ndemo admin: %s / %s\n",
		portalURL, simURL, DemoCorpKey, DemoSecret, cred.User, cred.Password)
}
