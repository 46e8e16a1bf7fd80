package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"wecomadmin/internal/config"
	"wecomadmin/internal/keyvault"
	"wecomadmin/internal/metrics"
	"wecomadmin/internal/store"
	"wecomadmin/internal/supervise"
	"wecomadmin/internal/wecom"
)

// BindKeyVault gives the configuration's keyvault: references a resolver
// (azidentity credential + azsecrets client, values cached). It returns nil
// when the configuration has no such reference. Values are fetched at first
// use; ResolveSecrets at start fetches them all.
func BindKeyVault(cfg *config.Config, log *slog.Logger) (*keyvault.Resolver, error) {
	if len(cfg.KeyVaultRefs()) == 0 {
		return nil, nil
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cred, kind, err := keyvault.NewCredential(cfg.KeyVault, os.Getenv, nil)
	if err != nil {
		return nil, fmt.Errorf("config: keyvault: %w", err)
	}
	r := keyvault.New(keyvault.Options{
		Credential: cred, Refresh: cfg.KeyVault.Refresh.D(), Timeout: cfg.KeyVault.Timeout.D(), Logger: log,
	})
	n := cfg.BindSecretSource(r)
	log.Info("keyvault: secret references bound", "count", n, "credential", kind)
	return r, nil
}

// runKeyVault refreshes the cached Key Vault values and exports how that goes.
func runKeyVault(ctx context.Context, g *supervise.Group, r *keyvault.Resolver, m *metrics.Metrics) {
	if r == nil {
		return
	}
	_ = m.Register(prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "wecomadmin_secret_refresh_failures_total", Help: "Key Vault secret refreshes that failed (the last good value is kept).",
	}, func() float64 { return float64(r.Stats().RefreshFailures) }))
	_ = m.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "wecomadmin_secret_refresh_ok", Help: "1 when the last Key Vault refresh fetched every secret, else 0.",
	}, func() float64 {
		if r.Stats().LastRefreshErr != "" {
			return 0
		}
		return 1
	}))
	_ = m.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "wecomadmin_secret_refresh_last_timestamp_seconds", Help: "Unix time of the last Key Vault refresh round.",
	}, func() float64 {
		t := r.Stats().LastRefresh
		if t.IsZero() {
			return float64(time.Now().Unix())
		}
		return float64(t.Unix())
	}))
	g.Go(ctx, "keyvault-refresh", func(ctx context.Context) error { r.Run(ctx); return nil })
}

// OpenStore opens the configured database, with db_password put into the
// DSN, and the read pool when db_read is set.
func OpenStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*store.Store, error) {
	dsn, err := cfg.DSN()
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, dsn, log)
	if err != nil {
		return nil, err
	}
	readDSN, err := cfg.ReadDSN()
	if err == nil && readDSN != "" {
		err = st.AttachReadPool(ctx, readDSN)
	}
	if err != nil {
		_ = st.Close()
		return nil, err
	}
	return st, nil
}

// openResolved binds cfg's Key Vault references, resolves every secret
// reference (a bad one fails start-up naming its key) and opens the store.
func openResolved(ctx context.Context, cfg *config.Config, log *slog.Logger) (*keyvault.Resolver, *store.Store, error) {
	kv, err := BindKeyVault(cfg, log)
	if err != nil {
		return nil, nil, err
	}
	if err := cfg.ResolveSecrets(); err != nil {
		return nil, nil, err
	}
	st, err := OpenStore(ctx, *cfg, log)
	if err != nil {
		return nil, nil, err
	}
	return kv, st, nil
}

// reloadCorpClients rebuilds the WeCom clients of configured corps from
// their (re-resolved) secrets after a Key Vault rotation: a new client has
// an empty token cache, so the next call takes a token with the new secret.
func (a *App) reloadCorpClients() {
	for _, corp := range a.Cfg.Corps {
		opts, err := wecomOptions(corp, a.Cfg.WeCom)
		if err == nil {
			opts.Metrics, opts.Logger = a.Metrics, a.Log
			var c *wecom.Client
			if c, err = wecom.New(opts); err == nil {
				a.WeCom.Set(corp.Key, c)
				continue
			}
		}
		a.Log.Warn("keyvault: corp client not rebuilt after rotation; the old secret stays in use", "corp", corp.Key, "err", err)
	}
}
