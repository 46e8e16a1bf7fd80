// Package storetest opens fresh, migrated stores for tests: a temporary
// SQLite file always, and a new database on the PostgreSQL server named by
// WECOMADMIN_TEST_POSTGRES when it is set (make test always sets it).
package storetest

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"wecomadmin/internal/store"
)

// EnvPostgres names the admin DSN of a PostgreSQL server tests may create databases on.
const EnvPostgres = "WECOMADMIN_TEST_POSTGRES"

// Backend is one store under test.
type Backend struct {
	Name  string
	DSN   string
	Store *store.Store
}

// Each runs fn once per available backend as a subtest, each with a fresh,
// migrated store. Under CI a missing PostgreSQL is a failure, not a skip.
func Each(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Helper()
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			b := Open(t, name)
			fn(t, b)
		})
	}
}

// Open returns a fresh migrated store of the named kind ("sqlite" or
// "postgres"): a copy of the template migrated once per test binary
// (template.go), migrated again, which finds nothing to apply.
func Open(t testing.TB, kind string) Backend {
	t.Helper()
	var dsn string
	switch kind {
	case "sqlite":
		path := filepath.Join(t.TempDir(), "test.db")
		if err := migratedSQLiteFile(path); err != nil {
			t.Fatalf("storetest: %v", err)
		}
		dsn = "sqlite:" + path
	case "postgres":
		dsn = NewMigratedPostgresDB(t)
	default:
		t.Fatalf("storetest: unknown backend %q", kind)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatalf("storetest: open %s: %v", kind, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("storetest: migrate %s: %v", kind, err)
	}
	return Backend{Name: kind, DSN: dsn, Store: s}
}

// NewPostgresDB creates an empty database on the test server and returns its
// DSN; it is dropped when the test ends. It skips (or fails under CI) when no
// server is configured.
func NewPostgresDB(t testing.TB) string {
	t.Helper()
	return newPostgresDB(t, false)
}

// NewMigratedPostgresDB is NewPostgresDB with every migration applied: a
// clone of the migrated template (template.go).
func NewMigratedPostgresDB(t testing.TB) string {
	t.Helper()
	return newPostgresDB(t, true)
}

func newPostgresDB(t testing.TB, migrated bool) string {
	t.Helper()
	admin := os.Getenv(EnvPostgres)
	if admin == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("storetest: %s is not set; make test starts a PostgreSQL cluster", EnvPostgres)
		}
		t.Skipf("storetest: %s not set; PostgreSQL tests skipped (make test runs them)", EnvPostgres)
	}
	if _, err := url.Parse(admin); err != nil {
		t.Fatalf("storetest: parse %s: %v", EnvPostgres, err)
	}
	name := "wa_test_" + randomHex()
	create := `CREATE DATABASE ` + name
	if migrated {
		tpl, err := postgresTemplate(admin)
		if err != nil {
			t.Fatalf("storetest: %v", err)
		}
		// FILE_COPY: a small database is copied faster file by file than
		// through the WAL, the default since PostgreSQL 15 (older servers
		// copy files anyway and know no STRATEGY, so it is left off there).
		create += ` TEMPLATE ` + tpl + pgCopyStrategy(admin)
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("storetest: open admin: %v", err)
	}
	defer db.Close()
	if _, err := db.Exec(create); err != nil {
		t.Fatalf("storetest: create database: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	})
	return withDatabase(admin, name)
}

// SeedCorp inserts a corp so rows that reference corps(corp_id) can be written.
func SeedCorp(t testing.TB, s *store.Store, corpID, key string) {
	t.Helper()
	if err := s.UpsertCorp(context.Background(), store.Corp{CorpID: corpID, Key: key, BaseURL: "http://127.0.0.1:0"}); err != nil {
		t.Fatalf("storetest: seed corp: %v", err)
	}
}

// Exec runs raw statements for fixtures (tests only).
func Exec(t testing.TB, s *store.Store, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if err := s.ExecRaw(context.Background(), q); err != nil {
			t.Fatalf("storetest: exec %q: %v", q, err)
		}
	}
}
