package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"wecomadmin/internal/store"
)

// Migrating a fresh database through every migration costs about a second
// on PostgreSQL and a few hundred milliseconds on SQLite, and most tests
// want a fresh one. So each is migrated once into a template and copied:
// PostgreSQL clones a template database (CREATE DATABASE … TEMPLATE), SQLite
// writes a copy of a migrated file. Both copies are the database Migrate
// made, byte for byte; the migration tests still migrate from an empty one
// (NewPostgresDB).

// sqliteTemplate holds a migrated SQLite file's bytes, made once per test binary.
var sqliteTemplate struct {
	once sync.Once
	data []byte
	err  error
}

// migratedSQLiteFile writes a migrated database to path.
func migratedSQLiteFile(path string) error {
	sqliteTemplate.once.Do(func() { sqliteTemplate.data, sqliteTemplate.err = buildSQLiteTemplate() })
	if sqliteTemplate.err != nil {
		return sqliteTemplate.err
	}
	return os.WriteFile(path, sqliteTemplate.data, 0o600)
}

func buildSQLiteTemplate() ([]byte, error) {
	dir, err := os.MkdirTemp("", "storetest-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "template.db")
	if err := migrateAndClose(context.Background(), "sqlite:"+path, func(s *store.Store) error {
		// Everything into the main file, so the file alone is the database.
		return s.ExecRaw(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`)
	}); err != nil {
		return nil, fmt.Errorf("storetest: sqlite template: %w", err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, errors.New("storetest: sqlite template: write-ahead log left after close")
	}
	return os.ReadFile(path)
}

func migrateAndClose(ctx context.Context, dsn string, before func(*store.Store) error) error {
	s, err := store.Open(ctx, dsn, nil)
	if err != nil {
		return err
	}
	_, err = s.Migrate(ctx)
	if err == nil && before != nil {
		err = before(s)
	}
	return errors.Join(err, s.Close())
}

// pgTemplate is the migrated template database's name on the test server,
// found or made once per test binary.
var pgTemplate struct {
	once sync.Once
	name string
	err  error
}

// postgresTemplate returns the name of a database on the server at admin
// migrated by this build's migrations this month (Migrate also creates the
// month partitions of messages from the current month on). Test binaries
// of every package and branch share the server: the name carries the
// fingerprint of the migrations, an advisory lock makes one binary build
// it while the others wait, and it is renamed into place only once fully
// migrated, so a half-built template is never cloned.
func postgresTemplate(admin string) (string, error) {
	pgTemplate.once.Do(func() { pgTemplate.name, pgTemplate.err = buildPostgresTemplate(admin) })
	return pgTemplate.name, pgTemplate.err
}

func buildPostgresTemplate(admin string) (string, error) {
	fp, err := store.MigrationsFingerprint(store.Postgres)
	if err != nil {
		return "", err
	}
	name := "wa_tpl_" + fp[:16] + "_" + time.Now().UTC().Format("200601")
	ctx := context.Background()
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return "", err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	h := fnv.New64a()
	h.Write([]byte(name))
	lock := int64(h.Sum64() >> 1)
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lock); err != nil {
		return "", fmt.Errorf("storetest: template lock: %w", err)
	}
	defer func() { _, _ = conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, lock) }()
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", fmt.Errorf("storetest: template lookup: %w", err)
	}
	if exists {
		return name, nil
	}
	tmp := "wa_tplnew_" + randomHex()
	if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+tmp); err != nil {
		return "", fmt.Errorf("storetest: create template: %w", err)
	}
	if err := migrateAndClose(ctx, withDatabase(admin, tmp), nil); err != nil {
		_, _ = conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+tmp+` WITH (FORCE)`)
		return "", fmt.Errorf("storetest: migrate template: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `ALTER DATABASE `+tmp+` RENAME TO `+name); err != nil {
		return "", fmt.Errorf("storetest: name template: %w", err)
	}
	return name, nil
}

func randomHex() string {
	var rb [6]byte
	_, _ = rand.Read(rb[:])
	return hex.EncodeToString(rb[:])
}

// withDatabase is the admin DSN pointed at database name.
func withDatabase(admin, name string) string {
	u, err := url.Parse(admin)
	if err != nil {
		return admin
	}
	u.Path = "/" + name
	return u.String()
}

// pgCopyStrategy is " STRATEGY FILE_COPY" on PostgreSQL 15 and later.
func pgCopyStrategy(admin string) string {
	pgVersion.once.Do(func() {
		db, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		_ = db.QueryRow(`SELECT current_setting('server_version_num')::int`).Scan(&pgVersion.num)
	})
	if pgVersion.num >= 150000 {
		return ` STRATEGY FILE_COPY`
	}
	return ""
}

var pgVersion struct {
	once sync.Once
	num  int
}
