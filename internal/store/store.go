// Package store owns the database: connection set-up for SQLite and
// PostgreSQL, migrations, transactions and the repositories. It imports no
// domain package: it owns plain row types, and domain packages declare the
// small interfaces they need, which *Store satisfies.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver
)

// ErrNotFound is returned by every lookup that finds no row.
var ErrNotFound = errors.New("store: not found")

// ErrConflict is returned when a unique constraint or a state precondition fails.
var ErrConflict = errors.New("store: conflict")

// Dialect names the SQL flavour behind a Store.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is the single owner of *sql.DB.
type Store struct {
	db *sql.DB
	// rdb is the read pool (db_read), nil when none; readPool is what
	// readQ hands out for it (rdb itself, or a test's counting wrapper).
	rdb      *sql.DB
	readPool querier
	dialect  Dialect
	log      *slog.Logger
	now      func() time.Time
}

// Open connects to the database named by dsn: "sqlite:PATH" or "postgres://...".
// It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	d, conn, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	var db *sql.DB
	switch d {
	case SQLite:
		db, err = openSQLite(conn)
	case Postgres:
		db, err = sql.Open("pgx", conn)
		if err == nil {
			db.SetMaxOpenConns(20)
			db.SetMaxIdleConns(10)
			db.SetConnMaxIdleTime(5 * time.Minute)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", d, err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("store: connect %s: %w", d, err)
	}
	return &Store{db: db, dialect: d, log: log, now: time.Now}, nil
}

// ParseDSN splits a WECOMADMIN_DB value into dialect and driver DSN.
func ParseDSN(dsn string) (Dialect, string, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		p := strings.TrimPrefix(dsn, "sqlite:")
		if p == "" {
			return "", "", errors.New("store: sqlite DSN needs a path (sqlite:PATH)")
		}
		return SQLite, p, nil
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return Postgres, dsn, nil
	default:
		return "", "", fmt.Errorf("store: DSN must start with sqlite: or postgres:// (got %q)", redactDSN(dsn))
	}
}

// redactDSN hides a password in a DSN before it reaches an error or a log.
func redactDSN(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	userinfo := dsn[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return dsn[:scheme+3] + userinfo[:i] + ":***" + dsn[at:]
	}
	return dsn
}

// Dialect reports which database this store talks to.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close releases the connection pool.
func (s *Store) Close() error {
	if s.rdb != nil {
		_ = s.rdb.Close()
	}
	return s.db.Close()
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// SetClock replaces the store's clock; tests use it to move time.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

func (s *Store) nowMS() int64 { return s.now().UnixMilli() }
