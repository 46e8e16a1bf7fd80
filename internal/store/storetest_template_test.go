package store_test

import (
	"context"
	"testing"

	"wecomadmin/internal/store"
	"wecomadmin/internal/store/storetest"
)

// migratedFromZero is an empty store migrated through every migration, as
// a new install is; storetest.Open hands out copies of a template instead.
func migratedFromZero(t *testing.T, kind string) *store.Store {
	t.Helper()
	s := openUnmigrated(t, kind)
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", kind, err)
	}
	return s
}

// TestTemplateCopiesAreMigratedSchema: a store from storetest.Open (a copy
// of the template migrated once per test binary) has exactly the schema of
// a database migrated from zero, on both stores.
func TestTemplateCopiesAreMigratedSchema(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			want := exactSchema(t, migratedFromZero(t, kind))
			if got := exactSchema(t, storetest.Open(t, kind).Store); got != want {
				t.Errorf("template copy differs from a fresh migration:\n%s", lineDiff(want, got))
			}
		})
	}
}
