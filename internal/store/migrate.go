package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// migrations is the portable source; renderMigrations turns it into each
// dialect's goose files (see migrations/README.md).
//
//go:embed migrations/*.sql
var migrations embed.FS

// ErrSchemaTooNew means the database was migrated by a newer binary.
var ErrSchemaTooNew = errors.New("store: database schema is newer than this binary")

func (s *Store) provider() (*goose.Provider, error) {
	gd := goose.DialectSQLite3
	if s.dialect == Postgres {
		gd = goose.DialectPostgres
	}
	src, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	rendered, err := renderMigrations(src, s.dialect)
	if err != nil {
		return nil, err
	}
	// Out-of-order is allowed because features land in parallel with
	// reserved version ranges; goose still applies each migration once.
	return goose.NewProvider(gd, s.db, rendered, goose.WithAllowOutofOrder(true))
}

// MigrationStatus reports the database's schema version and the newest this binary knows.
func (s *Store) MigrationStatus(ctx context.Context) (current, latest int64, err error) {
	p, err := s.provider()
	if err != nil {
		return 0, 0, fmt.Errorf("store: migrations: %w", err)
	}
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("store: schema version: %w", err)
	}
	srcs := p.ListSources()
	if len(srcs) > 0 {
		latest = srcs[len(srcs)-1].Version
	}
	return current, latest, nil
}

// Migrate applies every pending migration. It refuses a database whose
// schema is newer than this binary, so an old binary cannot corrupt it.
func (s *Store) Migrate(ctx context.Context) (applied int, err error) {
	p, err := s.provider()
	if err != nil {
		return 0, fmt.Errorf("store: migrations: %w", err)
	}
	cur, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	srcs := p.ListSources()
	if n := len(srcs); n > 0 && cur > srcs[n-1].Version {
		return 0, fmt.Errorf("%w (database %d, binary %d)", ErrSchemaTooNew, cur, srcs[n-1].Version)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("store: migrate: %w", err)
	}
	// A new install writes into month partitions from its first message;
	// the periodic task (messages.partitions) keeps them ahead after that.
	if _, err := s.EnsureMessagePartitions(ctx, s.now(), PartitionsAhead); err != nil {
		return len(res), err
	}
	return len(res), nil
}

// Current reports whether every migration this binary knows has been applied.
func (s *Store) Current(ctx context.Context) (bool, error) {
	cur, latest, err := s.MigrationStatus(ctx)
	if err != nil {
		return false, err
	}
	return cur == latest, nil
}
