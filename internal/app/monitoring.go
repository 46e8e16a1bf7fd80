package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"wecomadmin/internal/config"
	"wecomadmin/internal/monitor"
	"wecomadmin/internal/store"
)

// buildMonitoring builds conversation monitoring and seeds it from the
// boot config: monitoring.products_file becomes the catalog of every corp
// that has none; monitoring.policy_file replaces the built-in default policy.
func (a *App) buildMonitoring(ctx context.Context) error {
	var err error
	a.Monitor, err = NewMonitor(ctx, a.Cfg, a.Store, a.Audit, a.Log.With("component", "monitor"))
	if err != nil {
		return err
	}
	a.Monitor.SetJobs(a.Jobs)
	a.Monitor.SetFence(a.fence())
	a.Monitor.Register(a.Jobs)
	a.Jobs.Every(monitor.QCTaskName, monitor.QCPeriod, func(ctx context.Context) error {
		_, err := a.Monitor.SampleQC(ctx)
		return err
	})
	return nil
}

// NewMonitor builds the monitoring service and seeds it from the boot
// config (serve, and the ingest command, which classifies as serve does).
func NewMonitor(ctx context.Context, cfg config.Config, st *store.Store, rec monitor.Auditor, log *slog.Logger) (*monitor.Service, error) {
	m := monitor.New(st, rec, monitor.Options{Log: log})
	if f := cfg.Monitoring.PolicyFile; f != "" {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("config: monitoring.policy_file: %w", err)
		}
		if err := m.SetDefaultPolicy(data); err != nil {
			return nil, fmt.Errorf("config: monitoring.policy_file %s: %w", f, err)
		}
	}
	if f := cfg.Monitoring.ProductsFile; f != "" {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("config: monitoring.products_file: %w", err)
		}
		seeded, err := m.SeedCatalog(ctx, data)
		if err != nil {
			return nil, fmt.Errorf("config: monitoring.products_file %s: %w", f, err)
		}
		if len(seeded) > 0 {
			log.Info("product catalog loaded", "file", f, "corps", seeded)
		}
	}
	return m, nil
}

// onTranscript makes a transcript searchable and classifies its message
// again with it, in the media pipeline's transaction.
func (a *App) onTranscript(ctx context.Context, corpID, msgid, text string) error {
	if err := a.Store.IndexMessageText(ctx, corpID, msgid, text); err != nil {
		return err
	}
	return a.Monitor.OnTranscript(ctx, corpID, msgid, text)
}
