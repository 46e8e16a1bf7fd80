package app

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"wecomadmin/internal/audit"
	"wecomadmin/internal/blob"
	"wecomadmin/internal/config"
	"wecomadmin/internal/lake"
	"wecomadmin/internal/store"
)

// NewLake builds the lake export: its own bucket (lake.blob, the shape of
// the top-level blob block; a local dir under data_dir by default) and
// media read from the portal's bucket when a corp exports media bytes.
func NewLake(ctx context.Context, cfg config.Config, st *store.Store, rec *audit.Recorder, media blob.Bucket, log *slog.Logger) (*lake.Service, error) {
	lc := cfg
	lc.Blob = cfg.Lake.Blob
	if lc.Blob.Backend == "" || lc.Blob.Backend == "local" {
		lc.Blob.Backend = "local"
		if lc.Blob.Dir == "" {
			lc.Blob.Dir = filepath.Join(cfg.DataDir, "lake")
		}
	}
	out, err := openBlob(ctx, lc)
	if err != nil {
		return nil, err
	}
	svc := lake.New(st, out, media, rec, log, lake.Options{Prefix: cfg.Lake.Prefix, Formats: cfg.Lake.Formats,
		TempDir: cfg.Media.TempDir})
	svc.Describe(lc.Blob.Backend, time.Duration(cfg.Lake.Schedule))
	return svc, nil
}

// buildLake wires the lake export and, when lake.schedule is set, its
// periodic task (a durable job: one run per slot across processes).
func (a *App) buildLake(ctx context.Context) error {
	svc, err := NewLake(ctx, a.Cfg, a.Store, a.Audit, a.Blob, a.Log)
	if err != nil {
		return err
	}
	a.Lake = svc
	if every := time.Duration(a.Cfg.Lake.Schedule); every > 0 {
		a.Jobs.Every("lake.export", every, func(ctx context.Context) error {
			_, err := svc.ExportAll(ctx, "", "schedule")
			return err
		})
	}
	return nil
}

// NewAuditRecorder builds the audit recorder with the configured signing
// key, for CLI commands that record without the whole app.
func NewAuditRecorder(cfg config.Config, st *store.Store, log *slog.Logger) (*audit.Recorder, error) {
	_, rec, err := buildSecurity(cfg, st, log)
	return rec, err
}

// OpenBlob opens the portal's own bucket (media, exports).
func OpenBlob(ctx context.Context, cfg config.Config) (blob.Bucket, error) { return openBlob(ctx, cfg) }
