package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"wecomadmin/internal/archive"
	"wecomadmin/internal/audit"
	"wecomadmin/internal/config"
	"wecomadmin/internal/logging"
	"wecomadmin/internal/store"
)

// CLI is what a one-shot command (ingest, lake export) runs on, assembled as
// serve assembles it: Key Vault references bound and every secret resolved,
// the PII-masking logger, the migrated store holding the configured corps,
// and the signing audit recorder. Commands that built these themselves
// logged mobile numbers unmasked and could not read keyvault: references.
type CLI struct {
	Cfg   config.Config
	Log   *slog.Logger
	Store *store.Store
	Audit *audit.Recorder
}

// OpenCLI builds a CLI writing warnings and errors to logOut.
func OpenCLI(ctx context.Context, cfg config.Config, logOut io.Writer) (*CLI, error) {
	log := logging.New(logOut, "warn", "text")
	_, st, err := openResolved(ctx, &cfg, log)
	if err != nil {
		return nil, err
	}
	c := &CLI{Cfg: cfg, Log: log, Store: st}
	if err := c.prepare(ctx); err != nil {
		_ = st.Close()
		return nil, err
	}
	return c, nil
}

func (c *CLI) prepare(ctx context.Context) error {
	if _, err := c.Store.Migrate(ctx); err != nil {
		return err
	}
	if err := applyCorps(ctx, c.Store, c.Cfg.Corps); err != nil {
		return err
	}
	rec, err := NewAuditRecorder(c.Cfg, c.Store, c.Log)
	if err != nil {
		return err
	}
	c.Audit = rec
	return nil
}

// Close releases the store.
func (c *CLI) Close() error { return c.Store.Close() }

// Ingester returns the archive ingester serve runs: configured and
// UI-added corps, with messages classified by the monitor in the same
// transaction. The returned func closes the archive sources.
func (c *CLI) Ingester(ctx context.Context) (*archive.Ingester, func(), error) {
	in, closeSources, err := NewIngester(c.Cfg, c.Store, nil, c.Log)
	if err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	mon, err := NewMonitor(ctx, c.Cfg, c.Store, c.Audit, c.Log)
	if err != nil {
		closeSources()
		return nil, nil, err
	}
	in.SetClassifier(mon)
	closeStored, err := AddStoredArchives(ctx, c.Cfg, c.Store, in, c.Log)
	if err != nil {
		closeSources()
		return nil, nil, err
	}
	return in, func() { closeStored(); closeSources() }, nil
}
