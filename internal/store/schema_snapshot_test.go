package store_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

var updateSnapshot = flag.Bool("update-schema-snapshot", false, "rewrite testdata/schema/*.golden from the current migrations")

// snapshotVersion is the last version written in the old one-directory-per-
// dialect layout. The golden files were generated from those files before
// they were merged into one portable source, so this test proves that every
// existing database has exactly the schema the new source renders.
const snapshotVersion = 69

// TestSchemaSnapshotUpToV69 migrates a fresh database to snapshotVersion and
// compares its catalog, statement for statement (SQLite) and definition for
// definition (PostgreSQL), with the golden snapshot.
func TestSchemaSnapshotUpToV69(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := openUnmigrated(t, kind)
			if err := s.MigrateUpToForTest(ctx, snapshotVersion); err != nil {
				t.Fatalf("migrate to %d: %v", snapshotVersion, err)
			}
			got := exactSchema(t, s)
			path := filepath.Join("testdata", "schema", "v69."+kind+".golden")
			if *updateSnapshot {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden: %v", err)
			}
			if got != string(want) {
				t.Errorf("schema at v%d differs from %s:\n%s", snapshotVersion, path, lineDiff(string(want), got))
			}
		})
	}
}

// TestMigrationsRollBackCleanly runs every Down (dialect statements before
// portable ones) and then every Up again: nothing may be left behind, and the
// schema at snapshotVersion comes back the same.
func TestMigrationsRollBackCleanly(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := openUnmigrated(t, kind)
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if err := s.MigrateDownToForTest(ctx, 0); err != nil {
				t.Fatalf("down to 0: %v", err)
			}
			if left := exactSchema(t, s); left != "" {
				t.Fatalf("rolled back to 0, still there:\n%s", left)
			}
			if err := s.MigrateUpToForTest(ctx, snapshotVersion); err != nil {
				t.Fatalf("up again: %v", err)
			}
			want, err := os.ReadFile(filepath.Join("testdata", "schema", "v69."+kind+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			if got := exactSchema(t, s); got != string(want) {
				t.Errorf("schema after down and up differs:\n%s", lineDiff(string(want), got))
			}
		})
	}
}

// openUnmigrated opens a fresh, empty store of the given kind.
func openUnmigrated(t *testing.T, kind string) *store.Store {
	t.Helper()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "snap.db")
	if kind == "postgres" {
		dsn = storetest.NewPostgresDB(t)
	}
	s, err := store.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatalf("open %s: %v", kind, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// exactSchema dumps everything the migrations define, in a stable order.
func exactSchema(t *testing.T, s *store.Store) string {
	t.Helper()
	var queries []string
	if s.Dialect() == store.SQLite {
		queries = []string{`SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_master
			WHERE name NOT IN ('goose_db_version', 'sqlite_sequence') ORDER BY type, name`}
	} else {
		queries = []string{
			`SELECT 'table', c.relname, c.relkind::text, COALESCE(regexp_replace(c.relacl::text, '\m' || current_user || '\M', 'OWNER', 'g'), '')
				FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p') AND c.relname <> 'goose_db_version' ORDER BY c.relname`,
			`SELECT 'column', table_name, lpad(ordinal_position::text, 3, '0'), column_name, data_type, udt_name, is_nullable,
				COALESCE(column_default, ''), is_identity, COALESCE(identity_generation, ''), COALESCE(character_maximum_length::text, '')
				FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'goose_db_version'
				ORDER BY table_name, ordinal_position`,
			`SELECT 'constraint', c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
				FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
				WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> 'goose_db_version' ORDER BY 2, 3`,
			`SELECT 'index', tablename, indexname, indexdef FROM pg_indexes
				WHERE schemaname = 'public' AND tablename <> 'goose_db_version' ORDER BY 2, 3`,
			`SELECT 'trigger', t.tgrelid::regclass::text, t.tgname, pg_get_triggerdef(t.oid)
				FROM pg_trigger t WHERE NOT t.tgisinternal ORDER BY 2, 3`,
			`SELECT 'function', p.proname, pg_get_functiondef(p.oid)
				FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 2`,
		}
	}
	var b strings.Builder
	for _, q := range queries {
		rows, err := s.QueryStringsForTest(context.Background(), q)
		if err != nil {
			t.Fatalf("dump schema: %v\n%s", err, q)
		}
		for _, r := range rows {
			b.WriteString(strings.Join(r, " | "))
			b.WriteString("\n")
		}
	}
	return b.String()
}

// lineDiff lists the lines only one side has, marked - (want) and + (got).
func lineDiff(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			b.WriteString("- " + l + "\n")
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			b.WriteString("+ " + l + "\n")
		}
	}
	return b.String()
}
