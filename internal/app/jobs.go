package app

import (
	"context"
	"log/slog"
	"time"

	"wecomadmin/internal/config"
	"wecomadmin/internal/jobs"
	"wecomadmin/internal/metrics"
	"wecomadmin/internal/store"
)

// finishedJobRetention is how long succeeded and cancelled jobs stay listed.
// Dead jobs stay until an admin retries them.
const finishedJobRetention = 14 * 24 * time.Hour

// newJobs builds the job runner from config. Features register their
// handlers on it in Build; Serve starts it.
func newJobs(cfg config.Jobs, st *store.Store, log *slog.Logger, m *metrics.Metrics) *jobs.Runner {
	r := jobs.New(st, jobs.Options{
		Workers:      cfg.Workers,
		Lease:        cfg.Lease.D(),
		PollInterval: cfg.PollInterval.D(),
		Defaults: jobs.Policy{
			InitialDelay: cfg.InitialBackoff.D(),
			Multiplier:   cfg.Multiplier,
			MaxDelay:     cfg.MaxBackoff.D(),
			MaxAttempts:  cfg.MaxAttempts,
		},
		Log:     log,
		Metrics: m,
	})
	r.Every("jobs.purge", 24*time.Hour, func(ctx context.Context) error {
		n, err := st.PurgeJobs(ctx, time.Now().Add(-finishedJobRetention))
		if err == nil && n > 0 {
			log.Info("jobs: purged finished jobs", "count", n)
		}
		return err
	})
	return r
}
